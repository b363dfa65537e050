/** Config files that do not load: through the built binary, as a user meets them (no --verbose). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

function dirWith(files: Record<string, string>): string {
  const dir = tempDir('pactship-config-errors-');
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const BROKEN_ESM = 'export default {\n  broker: {\n    baseUrl: "http://x" +\n  }\n};\n';

// Each config format with a syntax error: the message names file:line:column and the parser's reason.
const CASES: [name: string, file: string, content: string, line: number, column: number, reason: RegExp][] = [
  ['JSON', '.pactrc.json', '{\n  "broker": {\n    "baseUrl": "http://x",\n  }\n}\n', 4, 3, /expected a property name, got "}"/],
  ['truncated JSON', '.pactrc.json', '{\n  "broker": {', 2, 14, /end of input/],
  ['package.json', 'package.json', '{ "name": "x", "pactship": { broker: 1 } }', 1, 30, /expected a property name/],
  ['YAML', '.pactrc.yaml', 'broker:\n  baseUrl: "http://x\n', 3, 1, /unexpected end of the stream within a double quoted scalar/],
  ['YAML without extension', '.pactrc', 'broker:\n  - a\n  b: 1\n', 3, 3, /bad indentation of a mapping entry/],
  ['ES module (.mjs)', 'pactship.config.mjs', BROKEN_ESM, 4, 3, /SyntaxError: Unexpected token '}'/],
  ['ES module (.js)', 'pactship.config.js', BROKEN_ESM, 4, 3, /SyntaxError: Unexpected token '}'/],
  ['CommonJS (.cjs)', 'pactship.config.cjs', 'module.exports = {\n  broker: {\n    baseUrl: "http://x",,\n  },\n};\n', 3, 25, /SyntaxError: Unexpected token ','/],
  ['TypeScript', 'pactship.config.ts', 'const x: number = ;\nexport default { broker: {} };\n', 1, 18, /Unexpected token/],
];

describe('config files with syntax errors: file, line, column and reason, without --verbose', () => {
  it.each(CASES)('%s', async (_name, file, content, line, column, reason) => {
    const cwd = dirWith({ [file]: content });
    const r = await runCli(['config'], { cwd });
    expect(r.code, r.all).toBe(2);
    const first = r.stderr.split('\n')[0]!;
    expect(first).toContain(`error: could not load config file ${path.join(cwd, file)}:${line}:${column}: `);
    expect(first).toMatch(reason);
    expect(r.stderr).not.toMatch(/race condition|JSON Error in|unexpected failure|\n\s+at /);
    expect(r.stderr).toMatch(/hint: Fix the config file/);
  });

  it('an error thrown while a JS config runs names the line it came from', async () => {
    const cwd = dirWith({ 'pactship.config.mjs': 'const a = 1;\nthrow new Error("no config for you");\nexport default {};\n' });
    const r = await runCli(['config'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: could not load config file ${path.join(cwd, 'pactship.config.mjs')}:2:7: no config for you`);
  });

  it('a missing import in a JS config says which', async () => {
    const cwd = dirWith({ 'pactship.config.mjs': 'import x from "./nope.mjs";\nexport default { x };\n' });
    const r = await runCli(['config'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not load config file .*pactship\.config\.mjs.*nope\.mjs/);
  });
});
