/**
 * `npm run demo`: the whole contract-testing loop on this machine, with nothing to configure.
 * Starts the in-memory broker stand-in, then drives the built CLI exactly as a user would:
 * publish → verify (starting the example provider, results published) → record-deployment →
 * can-i-deploy (a "yes", then a "no" for a consumer version nobody verified yet).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker } from '../test/support/broker/index.js';
import { freePort } from '../test/support/ports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/pactship.cjs');
const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[22m` : s);

function pactship(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n${bold(`$ pactship ${args.map((a) => (/[\s'"{}]/.test(a) ? `'${a}'` : a)).join(' ')}`)}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function expectExit(step: string, got: number, want: number): void {
  process.stdout.write(`${bold(`→ exit code ${got}`)}${got === want ? '' : ` (expected ${want})`}\n`);
  if (got !== want) throw new Error(`demo step "${step}" exited ${got}, expected ${want}`);
}

async function main(): Promise<void> {
  const broker = await startBroker();
  const port = await freePort();
  const providerUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_BROKER_BASE_URL: broker.url };
  delete env.PACT_BROKER_TOKEN;
  delete env.PACT_BROKER_USERNAME;
  delete env.PACT_BROKER_PASSWORD;
  process.stdout.write(`${bold('pactship demo')}: broker stand-in at ${broker.url}, example provider "user-service" on ${providerUrl}\n`);
  try {
    process.stdout.write(`\n${bold('1. The consumers publish their pacts (written by their contract tests).')}\n`);
    expectExit('publish', await pactship(['publish', 'fixtures/demo/pacts', '--consumer-app-version', '1.0.0', '--branch', 'main'], env), 0);

    process.stdout.write(`\n${bold('2. The provider verifies them: pacts fetched from the broker, provider started, results published.')}\n`);
    const verify = [
      'verify',
      '--provider', 'user-service',
      '--provider-base-url', providerUrl,
      '--provider-start', `node fixtures/demo/provider.mjs`,
      '--provider-ready-url', `${providerUrl}/health`,
      '--state-change-url', `${providerUrl}/_pact/state`,
      '--publish-verification-results',
      '--provider-app-version', '2.0.0',
      '--provider-version-branch', 'main',
    ];
    expectExit('verify', await pactship(verify, { ...env, PORT: String(port) }), 0);

    process.stdout.write(`\n${bold('3. The provider is deployed to production, and the broker is told.')}\n`);
    expectExit('record-deployment', await pactship(['record-deployment', '--pacticipant', 'user-service', '--version', '2.0.0', '--environment', 'production'], env), 0);

    process.stdout.write(`\n${bold('4. Can web-app 1.0.0 go to production? Its pact was verified by the deployed provider: yes.')}\n`);
    expectExit('can-i-deploy yes', await pactship(['can-i-deploy', '--pacticipant', 'web-app', '--version', '1.0.0', '--to-environment', 'production'], env), 0);

    process.stdout.write(`\n${bold('5. web-app 1.1.0 adds an interaction nobody has verified yet. Can it go to production? No, and here is why.')}\n`);
    expectExit('publish 1.1.0', await pactship(['publish', 'fixtures/demo/pacts-next', '--consumer-app-version', '1.1.0', '--branch', 'feat/avatar'], env), 0);
    expectExit('can-i-deploy no', await pactship(['can-i-deploy', '--pacticipant', 'web-app', '--version', '1.1.0', '--to-environment', 'production'], env), 1);

    process.stdout.write(`\n${bold('Demo complete:')} publish → verify → results → can-i-deploy, all against a local broker.\n`);
  } finally {
    await broker.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
