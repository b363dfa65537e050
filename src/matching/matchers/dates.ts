import { show } from '../mismatch.js';
import { compileFormat, DEFAULT_FORMATS } from '../time-format.js';
import { failing, type MatcherOptions, type ValueMatcher } from './types.js';

type Which = 'date' | 'time' | 'timestamp';

/**
 * `date`, `time`, `timestamp`/`datetime` with a Java-style `format` (older writers: `date`/`time`/
 * `timestamp` option). Without one, the reference's defaults: `yyyy-MM-dd`, `HH:mm:ss`,
 * `yyyy-MM-dd'T'HH:mm:ssXXX` (so `00:01:11.928` is not a time, nor `2028-06-23 17:03:43` a timestamp).
 */
export function dateMatcher(name: string, options: MatcherOptions): ValueMatcher {
  const which: Which = name === 'date' ? 'date' : name === 'time' ? 'time' : 'timestamp';
  const raw = options.format ?? options[name] ?? options[which];
  if (raw !== undefined && typeof raw !== 'string') return failing(name, `Invalid ${name} matcher: "format" must be a string`);
  const pattern = raw === undefined || raw === '' ? DEFAULT_FORMATS[which] : raw;
  const format = compileFormat(pattern);
  if ('error' in format) return failing(name, `Invalid ${name} matcher: format '${pattern}' - ${format.error}`);
  return {
    name,
    describe: () => `a ${which} in the format '${pattern}'`,
    match(_e, actual) {
      if (typeof actual !== 'string') return `Expected ${show(actual)} to match a ${which} pattern of '${pattern}'`;
      const problem = format.validate(actual);
      return problem ? `Expected ${show(actual)} to match a ${which} pattern of '${pattern}': ${problem}` : undefined;
    },
  };
}
