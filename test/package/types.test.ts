/**
 * The public types as a user gets them: `npm pack` into a temp dir, install the tarball there
 * (offline, from the npm cache `npm ci` filled), and type-check a TypeScript file that imports
 * them by the package name, declaration files included (no skipLibCheck).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const CHECK = `
import { verify, publish, loadConfig, parsePact, matchResponse, matchMessage, NothingVerifiedError } from 'pactship';
import type {
  VerifyOptions, VerifyOutcome, VerifyReporter, VerifyPlan, PactStart, InteractionResult, PactResult, VerifyPublication,
  MessageHandler, MessageReply, StateHandler, PublishOptions, PublishResult, ResolvedConfig, Pact, Interaction, Message, Mismatch,
} from 'pactship';

const quote: MessageHandler = async ({ request, params }) => [{ contents: { total: Number((request?.contents as { qty: number }).qty) * 10, id: params.id } }];
const event: MessageHandler = () => ({ contents: 'text', contentType: 'text/plain', metadata: { topic: 'items' } } satisfies MessageReply);
const state: StateHandler = { setup: async (params) => ({ id: params.id }), teardown: () => undefined };
const reporter: VerifyReporter = {
  start: (plan: VerifyPlan) => void plan.pacts.length,
  interaction: (pact: PactStart, r: InteractionResult) => void [pact.consumer, r.type, r.status, r.pending, r.mismatches, r.comments?.testname],
  pactEnd: (p: PactResult) => void p.interactions,
  published: (p: VerifyPublication) => void p.sent,
};
const options: VerifyOptions = {
  pacts: ['pacts/*.json'],
  providerBaseUrl: 'http://localhost:8080',
  stateHandlers: { 'an item exists': state },
  messageHandlers: { 'a price quote': quote, 'an item created event': event },
  filters: { description: 'item' },
  concurrency: 4,
  publish: process.env.CI === 'true',
  reports: { junit: 'reports/pact.xml' },
  reporter,
  signal: AbortSignal.timeout(60_000),
};

export async function main(): Promise<number> {
  const outcome: VerifyOutcome = await verify(options);
  const failed: Mismatch[] = outcome.pacts.flatMap((p) => p.interactions.flatMap((i) => i.mismatches));
  const exit: 0 | 1 = outcome.exitCode;
  const published: string[] | undefined = outcome.publication?.sent;
  const config: ResolvedConfig = await loadConfig({ cwd: '.' });
  const pact: Pact = parsePact({}, 'inline');
  const first: Interaction | undefined = pact.interactions[0];
  if (first?.type === 'Asynchronous/Messages') {
    const m: Message = first.message;
    void matchMessage(m, { contents: { state: 'missing' }, metadata: {} });
  }
  if (first?.type === 'Synchronous/HTTP') void matchResponse(first.response, { status: 200, headers: {}, body: { state: 'missing' } });
  const p: PublishOptions = { pactFiles: ['pacts'], consumerVersion: '1.0.0' };
  const r: PublishResult = await publish(p);
  void [failed, published, config, r, new NothingVerifiedError('x')];
  // @ts-expect-error: options are checked (a typo is an error)
  await verify({ provder: 'x' });
  // @ts-expect-error: handlers must return a message
  const wrong: MessageHandler = () => 42;
  void wrong;
  return exit;
}
`;

describe('the packed package', () => {
  it('installs from its tarball and its public types check in a strict TypeScript project', async () => {
    if (!existsSync(path.join(ROOT, 'dist/index.d.ts'))) await run(npm, ['run', 'build'], { cwd: ROOT });
    const dir = tempDir('pactship-pack-');
    await run(npm, ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`], { cwd: dir });
    writeFileSync(path.join(dir, 'check.ts'), CHECK);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] },
        files: ['check.ts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const checked = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe('');
  }, 120_000);
});
