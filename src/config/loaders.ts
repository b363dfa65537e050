/**
 * Config file loaders whose failures say where: file, line, column and the parser's own reason,
 * for JSON, YAML, JS/MJS/CJS and TS, without --verbose. cosmiconfig's defaults lose that (an
 * empty JSON message; for a broken ES module, a require() fallback that reports a misleading
 * "race condition"), so JSON and JS are loaded here and the YAML/TS errors are read for their
 * positions.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { JsonTextError, parseJsonText } from '../pact/json-text.js';

/** A config file that could not be parsed or evaluated, with the position when one is known. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${reason}`);
    this.name = 'ConfigFileError';
  }
}

export function loadJsonConfig(filepath: string, content: string): unknown {
  try {
    return parseJsonText(content);
  } catch (error) {
    if (error instanceof JsonTextError) throw new ConfigFileError(filepath, error.reason, error.line, error.column);
    throw error;
  }
}

/** ES modules and CommonJS alike through import(); the default export is the config. */
export async function loadJsConfig(filepath: string): Promise<unknown> {
  try {
    const mod = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
    return mod.default;
  } catch (error) {
    throw await locateJsError(error, filepath);
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `file:line` + source line + caret line, as V8 decorates a compile error (CommonJS does in-process). */
function fromCaretFrame(text: string): { file: string; line: number; column?: number } | undefined {
  const m = /^(?:file:\/\/)?(.+?):(\d+)\r?\n(.*)\r?\n( *)\^/m.exec(text);
  if (!m) return undefined;
  const file = m[1]!.startsWith('/') || /^[A-Za-z]:/.test(m[1]!) ? decodeURIComponent(m[1]!) : m[1]!;
  return { file, line: Number(m[2]), column: m[4]!.length + 1 };
}

/** `at … (file:///x/pactship.config.mjs:3:9)`: where a thrown error came from in the config file itself. */
function fromStackFrame(stack: string, filepath: string): { line: number; column: number } | undefined {
  const names = [escapeRegExp(pathToFileURL(filepath).href), escapeRegExp(filepath)].join('|');
  const m = new RegExp(`(?:${names}):(\\d+):(\\d+)`).exec(stack);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

async function locateJsError(error: unknown, filepath: string): Promise<ConfigFileError | unknown> {
  if (!(error instanceof Error)) return error;
  const reason = `${error.name === 'Error' ? '' : `${error.name}: `}${error.message.split('\n')[0]}`;
  const stack = error.stack ?? '';
  const caret = fromCaretFrame(stack);
  if (caret) return new ConfigFileError(caret.file, reason, caret.line, caret.column);
  const frame = fromStackFrame(stack, filepath);
  if (frame) return new ConfigFileError(filepath, reason, frame.line, frame.column);
  if (error instanceof SyntaxError) {
    // An ES module that does not compile: Node keeps the position to itself in-process but prints it
    // when the import fails in a process of its own. Nothing of the file runs: it never linked.
    const where = await childImportPosition(filepath);
    if (where) return new ConfigFileError(where.file, reason, where.line, where.column);
  }
  return new ConfigFileError(filepath, reason);
}

function childImportPosition(filepath: string): Promise<{ file: string; line: number; column?: number } | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', 'await import(process.argv[1])', pathToFileURL(filepath).href], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.length + stderr.length > 20_000 ? '' : d));
    child.on('error', () => resolve(undefined));
    child.on('close', () => resolve(fromCaretFrame(stderr)));
  });
}

/** Any error from reading a config file → one ConfigError naming file:line:column and the reason. */
export function configLoadError(error: unknown, fallbackFile: string): ConfigError {
  const hint = 'Fix the config file (or point --config at another one); nothing was run.';
  if (error instanceof ConfigFileError) {
    return new ConfigError(`could not load config file ${error.message}`, [], { hint, cause: error });
  }
  const err = error as { filepath?: unknown; mark?: { line?: unknown; column?: unknown }; reason?: unknown; message?: unknown };
  const file = typeof err.filepath === 'string' ? err.filepath : fallbackFile;
  // YAML (js-yaml): a zero-based mark and the reason without the code frame.
  if (err.mark && typeof err.mark.line === 'number' && typeof err.reason === 'string') {
    const column = typeof err.mark.column === 'number' ? err.mark.column + 1 : undefined;
    return configLoadError(new ConfigFileError(file, err.reason, err.mark.line + 1, column), file);
  }
  const message = typeof err.message === 'string' ? err.message : String(error);
  // cosmiconfig's own JSON loader (it reads package.json for its meta config): parse again for a position.
  const json = /^JSON Error in (.+?):\s*\n/.exec(message);
  if (json) {
    try {
      loadJsonConfig(json[1]!, readFileSync(json[1]!, 'utf8'));
    } catch (again) {
      if (again instanceof ConfigFileError) return configLoadError(again, file);
    }
  }
  // TypeScript through jiti: "ParseError: <reason>\n <file>:<line>:<column>".
  const ts = /^(?:\w*Error: )?([^\n]*?)\s*\n\s*(.+?):(\d+):(\d+)\s*$/.exec(message);
  if (ts) return configLoadError(new ConfigFileError(ts[2]!, ts[1]!.trim() || 'syntax error', Number(ts[3]), Number(ts[4])), file);
  if (error instanceof Error) {
    const frame = fromStackFrame(error.stack ?? '', file);
    const reason = message.split('\n').find((l) => l.trim() !== '' && !l.includes(` in ${file}`)) ?? message;
    return configLoadError(new ConfigFileError(file, reason.trim(), frame?.line, frame?.column), file);
  }
  return configLoadError(new ConfigFileError(file, message), file);
}
