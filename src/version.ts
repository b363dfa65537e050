import { readFileSync } from 'node:fs';

/** pactship's own version, read from package.json next to dist/ (and src/ in tests). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
