/**
 * Everything the CLI writes goes through here, and through the one redactor.
 * stdout carries the result (text or one JSON document); stderr carries warnings and the verbose log.
 */
import type { Writable } from 'node:stream';
import type { Colors } from '../report/colors.js';
import type { Redact } from '../report/redact.js';

export type OutputFormat = 'text' | 'json';

export class Output {
  /** Whether the JSON document was written (main.ts then adds no error document: one per run). */
  documentWritten = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    private readonly redactor: () => Redact,
    readonly format: OutputFormat,
    readonly verbose: boolean,
    readonly colors: Colors,
  ) {}

  get json(): boolean {
    return this.format === 'json';
  }

  redact(text: string): string {
    return this.redactor()(text);
  }

  /** A line of the human-readable result (suppressed under --output json). */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${this.redact(text)}\n`);
  }

  /** The JSON document (only under --output json). */
  document(value: unknown): void {
    if (!this.json) return;
    this.documentWritten = true;
    this.stdout.write(`${this.redact(JSON.stringify(value, null, 2))}\n`);
  }

  /** Progress/info that is not the result: stderr under json, stdout under text. */
  info(text: string): void {
    (this.json ? this.stderr : this.stdout).write(`${this.redact(text)}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.colors.warn('warning:')} ${this.redact(text)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.stderr.write(`${this.colors.dim(this.redact(text))}\n`);
  }
}
