import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT } from '../support/cli.js';

const run = promisify(execFile);

/** Runs ESM code that imports 'pactship' by its package name (self-reference through package.json exports). */
async function withPackage(code: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  return stdout.trim();
}

describe("import … from 'pactship'", () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(() => broker.close());

  it('exports publish, loadConfig, parsePact and matchResponse', async () => {
    const out = await withPackage(`
      import { publish, loadConfig, parsePact, matchResponse } from 'pactship';
      console.log([publish, loadConfig, parsePact, matchResponse].map((f) => typeof f).join(','));
    `);
    expect(out).toBe('function,function,function,function');
  });

  it('publish() publishes like the CLI does', async () => {
    const out = await withPackage(
      `
      import { publish } from 'pactship';
      const r = await publish({ pactFiles: [${JSON.stringify(path.join(ROOT, 'fixtures/demo/pacts'))}], consumerVersion: '9.9.9', branch: 'main' });
      console.log(JSON.stringify(r.published.map((p) => p.consumer).sort()));
    `,
      { PACT_BROKER_BASE_URL: broker.url },
    );
    expect(JSON.parse(out)).toEqual(['mobile-app', 'web-app']);
    expect(broker.state.versions.filter((v) => v.number === '9.9.9').map((v) => v.pacticipant).sort()).toEqual(['mobile-app', 'web-app']);
  });

  it('parsePact + matchResponse report differences as data', async () => {
    const out = await withPackage(`
      import { parsePact, matchResponse } from 'pactship';
      const pact = parsePact({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [
        { description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200, body: { a: 'OK' } } }] }, 'inline');
      const body = { state: 'present', bytes: new TextEncoder().encode('{"a":"Lovely"}'), contentType: 'application/json' };
      console.log(JSON.stringify(matchResponse(pact.interactions[0].response, { status: 200, headers: {}, body })));
    `);
    expect(JSON.parse(out)).toEqual([
      { kind: 'body', path: '$.a', expected: 'OK', actual: 'Lovely', message: "Expected 'Lovely' (String) to be equal to 'OK' (String)" },
    ]);
  });
});
