/**
 * The one exit point (src/cli/main.ts): exit codes, `-o json` documents on failure, `help`, and
 * what only a real process shows (runBin): codes as the shell sees them, stdout and stderr as
 * separate pipes, a reader that closes the pipe early.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, runCli, tempDir } from '../support/cli.js';
import { freePort, startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, writePact } from '../support/provider/pacts.js';

let provider: TestProvider;
let pacts: string;
beforeAll(async () => {
  provider = await startTestProvider((req) => {
    const m = /^\/items\/(\d+)$/.exec(req.path);
    return m ? { status: 200, body: { id: Number(m[1]), name: Number(m[1]) === 2 ? 'not what the pact says' : `item ${m[1]}` } } : { status: 404 };
  });
  pacts = tempDir('pactship-pacts-');
  writePact(pacts, pactV3('Web', 'Items', [getItem(1)]), 'ok.json');
});
afterAll(() => provider.close());

function failingPact(): string {
  const dir = tempDir('pactship-pacts-');
  writePact(dir, pactV3('Web', 'Items', [getItem(1), getItem(2)]));
  return dir;
}

/** stdout must be exactly one JSON document. */
function document(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('help', () => {
  it('`help <command>` is `<command> --help`; `help` and `help --help` are `--help`', async () => {
    const sub = await runCli(['help', 'verify']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Usage: pactship verify \[options\]/);
    expect(sub.stderr).toBe('');
    for (const args of [['help'], ['help', '--help'], ['--help']]) {
      const top = await runCli(args);
      expect.soft(top.code, args.join(' ')).toBe(0);
      expect.soft(top.stdout, args.join(' ')).toMatch(/^Usage: pactship \[options\] \[command\]/);
      expect.soft(top.stderr, args.join(' ')).toBe('');
    }
  });

  it('`help <unknown>` is a usage error naming it', async () => {
    const r = await runCli(['help', 'verfy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'verfy'");
    expect(r.stdout).toBe('');
  });
});

describe('-o json: exactly one JSON document on stdout, also on failure', () => {
  it('usage errors from commander: code USAGE, exit 2; the message still on stderr', async () => {
    const unknown = await runCli(['publish', '--nope', '-o', 'json']);
    expect(unknown.code).toBe(2);
    expect(document(unknown.stdout)).toEqual({ error: { code: 'USAGE', message: "unknown option '--nope'", hint: 'run the command with --help for usage', exitCode: 2 } });
    expect(unknown.stderr).toContain("error: unknown option '--nope'");

    const missing = await runCli(['record-deployment', '--output=json', '-a', 'Foo']);
    expect(missing.code).toBe(2);
    expect(document(missing.stdout)).toMatchObject({ error: { code: 'USAGE', exitCode: 2 } });
    expect((document(missing.stdout).error as { message: string }).message).toContain("required option '-e, --version <version>' not specified");
  });

  it('errors from a command: its code, message and hint', async () => {
    const r = await runCli(['verify', '--pact', '/nonexistent/pacts', '-o', 'json']);
    expect(r.code).toBe(2);
    const doc = document(r.stdout);
    expect(doc).toMatchObject({ error: { code: 'NO_FILES', message: 'no pact files found (tried: /nonexistent/pacts)', exitCode: 2 } });
    expect((doc.error as { hint?: string }).hint).toContain('Pass pact files');
  });

  it('a broker that cannot be reached, secrets redacted in the document too', async () => {
    const port = await freePort();
    const r = await runCli(['list-environments', '-b', `http://127.0.0.1:${port}`, '-k', 'canary-token-123', '-o', 'json'], { env: { PACT_BROKER_HTTP_RETRIES: '0' } });
    expect(r.code).toBe(2);
    expect(document(r.stdout)).toMatchObject({ error: { exitCode: 2 } });
    expect(r.all).not.toContain('canary-token-123');
  });

  it('a "no" answer prints the command’s own document once (exit 1)', async () => {
    const r = await runCli(['verify', '--pact', failingPact(), '--provider-base-url', provider.url, '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = document(r.stdout);
    expect(doc.error).toBeUndefined();
    expect(doc).toHaveProperty('summary');
  });
});

describe('-o values', () => {
  it.each(['text', 'table', 'json', 'id'])('-o %s is accepted by every command (here verify and list-environments)', async (format) => {
    const verify = await runCli(['verify', '--pact', pacts, '--provider-base-url', provider.url, '-o', format]);
    expect(verify.code, verify.all).toBe(0);
    const list = await runCli(['list-environments', '-o', format]);
    expect(list.stderr).not.toContain('is invalid');
    expect(list.code).toBe(2); // no broker configured: a usage error about that, not about -o
  });
});

describe('as a process', () => {
  it('exit codes as the shell sees them: 0 yes, 1 no, 2 could not run', async () => {
    const version = await runBin(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const no = await runBin(['verify', '--pact', failingPact(), '--provider-base-url', provider.url]);
    expect(no.code).toBe(1);
    const usage = await runBin(['no-such-command']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toContain("unknown command 'no-such-command'");
  });

  it('stdout carries only the result: under -o json the document, the human message on stderr', async () => {
    const r = await runBin(['verify', '--pact', '/nonexistent/pacts', '-o', 'json']);
    expect(r.code).toBe(2);
    expect(document(r.stdout)).toMatchObject({ error: { code: 'NO_FILES' } });
    expect(r.stderr).toContain('error: no pact files found');
    const ok = await runBin(['verify', '--pact', pacts, '--provider-base-url', provider.url, '-o', 'json']);
    expect(ok.code).toBe(0);
    expect(document(ok.stdout)).toHaveProperty('summary');
    expect(ok.stderr).toContain('Verifying 1 pact for Items'); // progress is not the result: stderr under -o json
  });

  it('a reader that closes the pipe early (`| head -1`) is not an error with a stack trace', async () => {
    const dir = tempDir('pactship-pacts-');
    writePact(dir, pactV3('Web', 'Items', Array.from({ length: 300 }, (_, i) => getItem(1, 'item 1', { description: `get item 1, take ${i}` }))));
    const child = spawn(process.execPath, [BIN, 'verify', '--pact', dir, '--provider-base-url', provider.url], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|at .*\.cjs:\d+/);
    expect(code).toBe(0);
  });
});
