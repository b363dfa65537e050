import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';

describe('global CLI behaviour', () => {
  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('publish');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const sub = await runCli(['publish', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--broker-base-url');
  });

  it('a usage error exits 2', async () => {
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['publish', '--no-such-flag'])).code).toBe(2);
    const output = await runCli(['publish', '-o', 'yaml']);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('yaml');
  });

  it('--version loads only the exit point; --help adds commander and the declarations, no command, HTTP, config or colour code', () => {
    // rolldown's record of the build: which chunk holds which modules, and what each requires statically.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'build/bundle-manifest-cli.json'), 'utf8')) as Record<string, { imports: string[]; modules: string[] }>;
    const closure = (...entries: string[]) => {
      const seen = new Set<string>();
      const walk = (file: string) => {
        const chunk = manifest[file];
        if (seen.has(file) || !chunk) return;
        seen.add(file);
        for (const i of chunk.imports) walk(i);
      };
      for (const e of entries) walk(e);
      return [...seen].flatMap((f) => manifest[f]!.modules);
    };
    const version = closure('main.cjs');
    expect(version).toContain('src/cli/main.ts');
    expect(version.filter((m) => m.startsWith('node_modules/') || m.startsWith('src/cli/declare/'))).toEqual([]);

    const programChunk = Object.keys(manifest).find((f) => manifest[f]!.modules.includes('src/cli/program.ts'))!;
    const help = closure('main.cjs', programChunk);
    expect(help).toContain('node_modules/commander/lib/command.js');
    for (const heavy of ['undici', 'cosmiconfig', 'execa', 'globby', 'chalk', 'js-yaml']) expect(help.filter((m) => m.startsWith(`node_modules/${heavy}/`))).toEqual([]);
    expect(help.filter((m) => /^src\/(cli\/commands|broker|matching|verify|config|pact|report)\//.test(m))).toEqual([]);
  });

  it('a bad config file → exit 2 with every problem named', async () => {
    const cwd = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(cwd, '.pactrc.json'), JSON.stringify({ broker: { baseUrl: 'nope', retrys: 2 } }));
    const r = await runCli(['config'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(".pactrc.json: broker.baseUrl: must be an absolute http(s) URL, got 'nope'");
    expect(r.stderr).toContain(".pactrc.json: broker.retrys: unknown key (did you mean 'broker.retries'?)");
  });

  it('pactship config shows each value with its source, secrets redacted', async () => {
    const cwd = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(cwd, '.pactrc.yaml'), 'broker:\n  baseUrl: http://file.example\npublish:\n  branch: dev\n');
    const r = await runCli(['config', '-o', 'json', '-k', 'canary-secret-token'], { cwd, env: { PACT_BROKER_HTTP_RETRIES: '1' } });
    expect(r.code, r.all).toBe(0);
    const doc = JSON.parse(r.stdout) as { values: { key: string; value: unknown; source: string }[] };
    const get = (k: string) => doc.values.find((v) => v.key === k)!;
    expect(get('broker.baseUrl')).toEqual({ key: 'broker.baseUrl', value: 'http://file.example', source: path.join(cwd, '.pactrc.yaml') });
    expect(get('broker.retries')).toEqual({ key: 'broker.retries', value: 1, source: 'env PACT_BROKER_HTTP_RETRIES' });
    expect(get('broker.token')).toEqual({ key: 'broker.token', value: '*****', source: 'flag --broker-token' });
    expect(get('broker.timeoutMs').source).toBe('default');
    expect(r.all).not.toContain('canary-secret-token');
  });

  it('reads .pactrc.ts and pactship.config.ts', async () => {
    const { writeFileSync } = await import('node:fs');
    for (const name of ['.pactrc.ts', 'pactship.config.ts']) {
      const cwd = tempDir();
      writeFileSync(path.join(cwd, name), "const url: string = 'http://typed.example';\nexport default { broker: { baseUrl: url } };\n");
      const r = await runCli(['config', '-o', 'json'], { cwd });
      expect(r.code, r.all).toBe(0);
      const doc = JSON.parse(r.stdout) as { file: string; values: { key: string; value: unknown }[] };
      expect(doc.file).toBe(path.join(cwd, name));
      expect(doc.values.find((v) => v.key === 'broker.baseUrl')?.value).toBe('http://typed.example');
    }
  });

  it('--ca-file that cannot be read is a clear error', async () => {
    const broker = await startBroker();
    try {
      const r = await runCli(['publish', path.join(ROOT, 'fixtures/demo/pacts'), '-a', '1', '-b', broker.url, '--ca-file', '/nonexistent/ca.pem']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("broker.caFile: cannot read '/nonexistent/ca.pem'");
    } finally {
      await broker.close();
    }
  });
});

describe('HTTP(S)_PROXY', () => {
  let broker: StandInBroker;
  let proxy: Server;
  const proxied: string[] = [];
  let publicUrl: string;
  beforeAll(async () => {
    // 0.0.0.0 reaches this machine without DNS, yet is not treated as loopback (which is always direct).
    const port = await freePort();
    publicUrl = `http://0.0.0.0:${port}`;
    broker = await startBroker({ port, selfBaseUrl: publicUrl });
    // A forward proxy on loopback: it receives absolute-form requests and forwards them to the stand-in.
    proxy = createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const target = new URL(req.url!);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: new URL(broker.url).port, path: target.pathname + target.search, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await broker.close();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('sends broker traffic through HTTP_PROXY, and NO_PROXY bypasses it', async () => {
    const port = (proxy.address() as { port: number }).port;
    const args = ['publish', path.join(ROOT, 'fixtures/demo/pacts'), '-a', '1', '-b', publicUrl];
    const r = await runCli(args, { env: { HTTP_PROXY: `http://127.0.0.1:${port}`, PACT_BROKER_HTTP_RETRIES: '0' } });
    expect(r.code, r.all).toBe(0);
    expect(proxied).toContain(`GET ${publicUrl}/`);
    expect(proxied).toContain(`POST ${publicUrl}/contracts/publish`);

    proxied.length = 0;
    const bypass = await runCli(args, { env: { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '0.0.0.0', PACT_BROKER_HTTP_RETRIES: '0' } });
    expect(bypass.code, bypass.all).toBe(0);
    expect(proxied).toEqual([]);
  });
});
