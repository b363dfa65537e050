/**
 * Turns init answers into a config file and the next commands to run. Pure. A `.pactrc` (YAML, so
 * it can carry comments) unless state handlers were asked for: functions need a JS config.
 */
import { hasConsumer, hasProvider, type InitAnswers } from './answers.js';

export interface InitFile {
  name: string;
  text: string;
}

/** A YAML double-quoted scalar: JSON's string escapes are a subset of YAML's. */
const q = (s: string) => JSON.stringify(s);

const HEADER = [
  'pactship configuration, written by `pactship init`. Every key is listed in .pactrc.example (in the pactship package).',
  'Precedence: command-line flags > environment variables > this file > defaults.',
  'Keep secrets out of this file: put PACT_BROKER_TOKEN (or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) in the environment.',
];

interface Entry {
  comment: string;
  key: string;
  /** undefined → written commented out, with `example` as the value. */
  value?: string | string[];
  example?: string;
}

function sections(a: InitAnswers): [string, Entry[]][] {
  const out: [string, Entry[]][] = [
    ['broker', [{ comment: 'Pact Broker base URL (may include a path prefix) [env PACT_BROKER_BASE_URL]', key: 'baseUrl', ...(a.brokerBaseUrl ? { value: a.brokerBaseUrl } : { example: 'https://broker.example.com' }) }]],
  ];
  if (hasConsumer(a)) {
    out.push(['publish', [{ comment: 'Pact files your consumer tests write; `pactship publish` sends them to the broker', key: 'pactFiles', value: [`${a.pactDir.replace(/\/+$/, '')}/*.json`] }]]);
  }
  if (hasProvider(a)) {
    const verify: Entry[] = [
      { comment: "The provider's name, as the consumers' pacts spell it (pacts are fetched from the broker for it)", key: 'provider', ...(a.provider ? { value: a.provider } : { example: 'user-service' }) },
      { comment: 'Where the running provider listens (may include a base path)', key: 'providerBaseUrl', value: a.providerBaseUrl },
      { comment: 'Command that starts the provider; pactship waits for it to answer and stops it at the end', key: 'providerStart', ...(a.providerStart ? { value: a.providerStart } : { example: 'npm start' }) },
    ];
    if (a.states === 'url' || a.states === 'none') {
      verify.push({
        comment: 'Provider-state endpoint: pactship POSTs {state, params, action: "setup"|"teardown"} before and after each interaction',
        key: 'stateChangeUrl',
        ...(a.states === 'url' && a.stateChangeUrl ? { value: a.stateChangeUrl } : { example: new URL('/_pact/provider-states', a.providerBaseUrl).toString() }),
      });
    }
    out.push(['verify', verify]);
  }
  return out;
}

function yamlValue(v: string | string[]): string {
  return Array.isArray(v) ? `[${v.map(q).join(', ')}]` : q(v);
}

export function renderPactrc(a: InitAnswers): string {
  const lines = HEADER.map((l) => `# ${l}`);
  for (const [section, entries] of sections(a)) {
    // A section with nothing set is commented out whole: `broker:` alone would be null, not an object.
    const open = entries.some((e) => e.value !== undefined) ? '' : '# ';
    lines.push('', `${open}${section}:`);
    for (const e of entries) {
      lines.push(`${open}  # ${e.comment}`);
      lines.push(e.value !== undefined ? `  ${e.key}: ${yamlValue(e.value)}` : `${open || '  # '}${open ? '  ' : ''}${e.key}: ${q(e.example ?? '')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function jsValue(v: string | string[]): string {
  return Array.isArray(v) ? `[${v.map((s) => `'${jsString(s)}'`).join(', ')}]` : `'${jsString(v)}'`;
}

const jsString = (s: string) => JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'");

export function renderJsConfig(a: InitAnswers): string {
  const lines = HEADER.map((l) => `// ${l}`);
  lines.push("// This is a JS config because state handlers are functions; see the README (`pactship verify`, JS config).", '');
  lines.push("/** @type {import('pactship').Config} */", 'export default {');
  for (const [section, entries] of sections(a)) {
    lines.push(`  ${section}: {`);
    for (const e of entries) {
      lines.push(`    // ${e.comment}`);
      lines.push(e.value !== undefined ? `    ${e.key}: ${jsValue(e.value)},` : `    // ${e.key}: ${jsValue(e.example ?? '')},`);
    }
    if (section === 'verify') {
      lines.push(
        '    // One entry per provider state the consumers use (their pacts name them: `pactship provider-states` lists them).',
        '    // setup puts the provider into that state before the interaction, teardown undoes it; whatever setup returns',
        '    // fills the pact\'s ProviderState generators (e.g. an id the provider created).',
        '    stateHandlers: {',
        "      'a user with id 1 exists': {",
        '        setup: async (params) => {',
        "          throw new Error('TODO: create the data this state needs, e.g. a user with id 1');",
        '        },',
        '        teardown: async (params) => {},',
        '      },',
        '    },',
      );
    }
    lines.push('  },');
  }
  lines.push('};');
  return `${lines.join('\n')}\n`;
}

export function configFile(a: InitAnswers): InitFile {
  return hasProvider(a) && a.states === 'handlers'
    ? { name: 'pactship.config.mjs', text: renderJsConfig(a) }
    : { name: '.pactrc', text: renderPactrc(a) };
}

/** The three commands a new user runs next, each with why. */
export function nextSteps(a: InitAnswers): { command: string; why: string }[] {
  const check = a.brokerBaseUrl
    ? { command: 'npx pactship doctor', why: 'check that the broker answers and your credentials work (set PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD first if it needs them)' }
    : { command: 'export PACT_BROKER_BASE_URL=https://your-broker.example.com && npx pactship doctor', why: 'no broker URL yet: give one, then check it answers' };
  const publish = { command: 'npx pactship publish --dry-run', why: `after your consumer tests wrote pacts to ${a.pactDir}: see what would be published (drop --dry-run to publish)` };
  const verify = {
    command: a.providerStart ? 'npx pactship verify' : `npx pactship verify${a.provider ? '' : ' --provider <name>'}`,
    why: a.providerStart ? 'start the provider, verify the pacts the broker selects for it, and stop it' : `verify the pacts the broker selects against the provider at ${a.providerBaseUrl} (start it first)`,
  };
  const canIDeploy = (name: string) => ({
    command: `npx pactship can-i-deploy --pacticipant ${name} --version "$(git rev-parse HEAD)" --to-environment production`,
    why: 'ask whether this version is safe to deploy',
  });
  if (a.role === 'consumer') return [check, publish, canIDeploy('<consumer-name>')];
  if (a.role === 'provider') return [check, verify, canIDeploy(a.provider ?? '<provider-name>')];
  return [check, publish, verify];
}
