/**
 * Splits a command line into words the way a POSIX shell does for the quoting pactship prints:
 * single quotes (nothing special inside), double quotes (backslash escapes $ ` " \ and newline),
 * backslash outside quotes, and whitespace between words. No expansion of any kind: a line that
 * needs one ($VAR, globs, ~) is not a line pactship should print, so it is an error here.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const add = (text: string) => (word = (word ?? '') + text);
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated single quote at ${i}: ${line}`);
      add(line.slice(i + 1, end));
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '$`"\\\n'.includes(line[j + 1] ?? '')) text += line[++j];
        else if (line[j] === '$' || line[j] === '`') throw new Error(`expansion in double quotes at ${j}: ${line}`);
        else text += line[j];
      }
      if (j >= line.length) throw new Error(`unterminated double quote at ${i}: ${line}`);
      add(text);
      i = j;
    } else if (ch === '\\') {
      add(line[++i] ?? '');
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('$`*?[~|&;<>()#'.includes(ch) && word === undefined) {
      throw new Error(`unquoted shell syntax '${ch}' at ${i}: ${line}`);
    } else if ('$`*?[|&;<>()'.includes(ch)) {
      throw new Error(`unquoted shell syntax '${ch}' at ${i}: ${line}`);
    } else {
      add(ch);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
