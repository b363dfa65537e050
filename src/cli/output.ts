/**
 * Everything the CLI writes goes through here, and through the one redactor.
 * stdout carries the result (text or one JSON document); stderr carries warnings and the verbose log.
 *
 * What is written in one synchronous stretch (a pact's report lines, say) leaves as one write per
 * stream: one system call, and one wake-up of whoever reads the pipe, instead of one per line
 * (measured: a 1,000-interaction report cost ~50 µs per line on a busy machine). The order across
 * stdout and stderr is kept, and nothing waits longer than the current stretch of code.
 */
import type { Writable } from 'node:stream';
import type { Colors } from '../report/colors.js';
import type { Redact } from '../report/redact.js';

export type OutputFormat = 'text' | 'json';

const CLEAR_LINE = '\r\x1b[K';

export class Output {
  /** Whether the JSON document was written (main.ts then adds no error document: one per run). */
  documentWritten = false;
  private readonly pending: { stream: Writable; text: string }[] = [];
  /** The live status line now on the terminal (see `status`). */
  private statusText: string | undefined;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    private readonly redactor: () => Redact,
    readonly format: OutputFormat,
    readonly verbose: boolean,
    readonly colors: Colors,
    /** Whether a live status line may be drawn: stdout is a terminal, not CI, not JSON (context.ts decides). */
    readonly live = false,
  ) {}

  /** Writes what is pending now (it happens by itself at the end of the current stretch of code). */
  flush(): void {
    if (this.pending.length) this.emit(this.statusText);
  }

  /**
   * One live line at the bottom of the terminal (verify's progress), replaced by each call and
   * removed with `undefined`. Does nothing unless `live`: never in CI logs, pipes or JSON.
   */
  status(text: string | undefined): void {
    if (!this.live) return;
    if (text === undefined && this.statusText === undefined && this.pending.length === 0) return;
    // One terminal row: a wrapped line cannot be taken back with \r.
    const width = Math.max(10, ((this.stdout as { columns?: number }).columns || 80) - 1);
    this.emit(text === undefined || text.length <= width ? text : text.slice(0, width));
  }

  /** The pending writes, then `next` as the status line: a status line on screen is cleared first, drawn again last. */
  private emit(next: string | undefined): void {
    let clear = this.statusText !== undefined ? CLEAR_LINE : '';
    this.statusText = next;
    for (const { stream, text } of this.pending.splice(0)) {
      if (clear && stream !== this.stdout) this.stdout.write(clear);
      stream.write(stream === this.stdout ? clear + text : text);
      clear = '';
    }
    if (clear || next !== undefined) this.stdout.write(clear + (next ?? ''));
  }

  private write(stream: Writable, text: string): void {
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    const last = this.pending.at(-1);
    if (last?.stream === stream) last.text += text;
    else this.pending.push({ stream, text });
  }

  /** Whether a person is at the terminal (stdout is a TTY): commands may ask, and show live progress. */
  get terminal(): boolean {
    return Boolean((this.stdout as { isTTY?: boolean }).isTTY);
  }

  /** Where a command that asks writes its questions (unbuffered, unredacted: the user's own words). */
  get prompts(): Writable {
    this.status(undefined);
    this.flush();
    return this.stdout;
  }

  get json(): boolean {
    return this.format === 'json';
  }

  redact(text: string): string {
    return this.redactor()(text);
  }

  /** A line of the human-readable result (suppressed under --output json). */
  line(text = ''): void {
    if (!this.json) this.write(this.stdout, `${this.redact(text)}\n`);
  }

  /** The JSON document (only under --output json). */
  document(value: unknown): void {
    if (!this.json) return;
    this.documentWritten = true;
    this.write(this.stdout, `${this.redact(JSON.stringify(value, null, 2))}\n`);
  }

  /** Progress/info that is not the result: stderr under json, stdout under text. */
  info(text: string): void {
    this.write(this.json ? this.stderr : this.stdout, `${this.redact(text)}\n`);
  }

  warn(text: string): void {
    this.write(this.stderr, `${this.colors.warn('warning:')} ${this.redact(text)}\n`);
  }

  error(text: string): void {
    this.write(this.stderr, `${this.redact(text)}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.write(this.stderr, `${this.colors.dim(this.redact(text))}\n`);
  }
}
