/**
 * The interactive part of `pactship init`: asks only what the flags left open, shows the default in
 * brackets (Enter takes it), and asks again after an invalid answer. Streams are injected.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { DEFAULTS, checkRole, checkUrl, defaultStateChangeUrl, hasConsumer, hasProvider, type InitAnswers, type Role, type StateSetup } from './answers.js';

/** What the flags already said. */
export type Given = { [K in keyof InitAnswers]?: InitAnswers[K] };

export async function ask(given: Given, input: Readable, output: Writable): Promise<InitAnswers> {
  const rl = createInterface({ input, output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const question = async (text: string, fallback: string, check?: (v: string) => string | undefined): Promise<string> => {
    for (;;) {
      output.write(`${text}${fallback ? ` [${fallback}]` : ''}: `);
      const next = await lines.next();
      // End of input: take the defaults for the rest rather than hang.
      const answer = next.done ? '' : String(next.value).trim();
      const value = answer || fallback;
      const problem = value ? check?.(value) : undefined;
      if (!problem) return value;
      output.write(`  ${problem}\n`);
      if (next.done) throw new Error(problem);
    }
  };
  try {
    const role = (given.role ?? (await question('Set up pactship for a consumer, a provider, or both?', DEFAULTS.role, checkRole))) as Role;
    const brokerBaseUrl = given.brokerBaseUrl ?? ((await question('Pact Broker base URL (empty: decide later)', '', checkUrl)) || undefined);
    const a: InitAnswers = { role, pactDir: given.pactDir ?? DEFAULTS.pactDir, providerBaseUrl: given.providerBaseUrl ?? DEFAULTS.providerBaseUrl, states: given.states ?? 'none', ...(brokerBaseUrl ? { brokerBaseUrl } : {}) };
    if (hasConsumer(a) && given.pactDir === undefined) a.pactDir = await question('Where do your consumer tests write pact files?', DEFAULTS.pactDir);
    if (hasProvider(a)) {
      const provider = given.provider ?? ((await question("Provider name, as the consumers' pacts spell it", '')) || undefined);
      if (provider) a.provider = provider;
      if (given.providerBaseUrl === undefined) a.providerBaseUrl = await question('Where does the provider listen when it runs locally?', DEFAULTS.providerBaseUrl, checkUrl);
      const start = given.providerStart ?? ((await question('Command that starts the provider (empty: you start it yourself)', '')) || undefined);
      if (start) a.providerStart = start;
      if (given.states === undefined) {
        const how = await question('Provider states: a state-change URL on the provider, JS handlers in the config, or none yet? (url/handlers/none)', 'url', (v) =>
          ['url', 'handlers', 'none'].includes(v) ? undefined : `answer url, handlers or none, got '${v}'`,
        );
        a.states = how as StateSetup;
      }
      if (a.states === 'url' && !given.stateChangeUrl) a.stateChangeUrl = await question('State-change URL', defaultStateChangeUrl(a.providerBaseUrl), checkUrl);
      else if (given.stateChangeUrl) a.stateChangeUrl = given.stateChangeUrl;
    }
    return a;
  } finally {
    rl.close();
  }
}

/** Without a terminal: the flags, then the defaults. No questions. */
export function withDefaults(given: Given): InitAnswers {
  const a: InitAnswers = {
    role: given.role ?? DEFAULTS.role,
    pactDir: given.pactDir ?? DEFAULTS.pactDir,
    providerBaseUrl: given.providerBaseUrl ?? DEFAULTS.providerBaseUrl,
    states: given.states ?? (given.stateChangeUrl ? 'url' : 'none'),
  };
  for (const k of ['brokerBaseUrl', 'provider', 'stateChangeUrl', 'providerStart'] as const) if (given[k]) a[k] = given[k];
  return a;
}
