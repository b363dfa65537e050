/**
 * Command lines people copy from pactship's output into a POSIX shell (sh, dash, bash, zsh): rerun
 * lines, suggested fixes. A word made only of characters no shell treats specially stays bare;
 * anything else is single-quoted, where nothing is special except the quote itself (written '\'').
 */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word for a POSIX shell (the empty word is `''`). */
export function shellQuote(word: string): string {
  return BARE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Words → one command line. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
