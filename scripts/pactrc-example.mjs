// Regenerates .pactrc.example from the config schema: `node scripts/pactrc-example.mjs > .pactrc.example`.
// The schema is read from the sources (jiti strips the types): dist/ is a bundle with no per-module files.
import { createJiti } from 'jiti';
const { SCHEMA, SECTIONS } = await createJiti(import.meta.url).import('../src/config/schema.ts');
const examples = {
  'broker.baseUrl': 'https://broker.example.com/pact', 'broker.token': '(leave it to PACT_BROKER_TOKEN in the environment)',
  'broker.username': 'ci', 'broker.password': 'keep-me-in-the-env',
  'broker.caFile': './certs/corporate-ca.pem',
  'publish.consumerVersion': '1.4.2', 'publish.branch': 'main', 'publish.buildUrl': 'https://ci.example.com/builds/42',
  'verify.provider': 'user-service', 'verify.providerStart': 'npm start', 'verify.providerReadyUrl': 'http://localhost:8080/health',
  'verify.stateChangeUrl': 'http://localhost:8080/_pact/state', 'verify.includeWipPactsSince': '2026-01-01',
  'verify.messageUrl': 'http://localhost:8080/_pact/messages',
  'verify.providerVersion': '2.0.1', 'verify.providerVersionBranch': 'main', 'verify.buildUrl': 'https://ci.example.com/builds/43',
  'publish.autoDetectVersionProperties': true,
};
const yaml = (v) => JSON.stringify(v);
let out = `# pactship configuration — every supported key, with its default where it has one.
# Copy to .pactrc (YAML), .pactrc.json, pactship.config.mjs (needed for functions), or package.json#pactship.
# Precedence: command-line flags > environment variables > this file > defaults.
# Keys marked "JS config only" hold functions and need pactship.config.{js,mjs,ts}.
`;
for (const section of SECTIONS) {
  out += `\n${section}:\n`;
  for (const k of SCHEMA.filter((k) => k.path.startsWith(section + '.'))) {
    const key = k.path.split('.')[1];
    out += `  # ${k.describe}${k.env ? ` [env ${k.env}]` : ''}\n`;
    let line;
    if (k.type === 'function' || k.type === 'functions' || k.type === 'handlers') { out += `  # ${key}: (JS config only, see README)\n`; continue; }
    if (k.default !== undefined) line = `${key}: ${yaml(k.default)}`;
    else if (examples[k.path] !== undefined) line = `# ${key}: ${typeof examples[k.path] === 'string' && examples[k.path].includes('#') ? examples[k.path] : yaml(examples[k.path])}`;
    else line = `# ${key}:`;
    out += `  ${line}\n`;
  }
}
process.stdout.write(out);
