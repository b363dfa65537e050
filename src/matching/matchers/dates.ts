import { show } from '../mismatch.js';
import { compileFormat, ISO_DATE, ISO_DATETIME, ISO_TIME } from '../time-format.js';
import { failing, type MatcherOptions, type ValueMatcher } from './types.js';

type Which = 'date' | 'time' | 'timestamp';

const ISO: Record<Which, RegExp> = { date: ISO_DATE, time: ISO_TIME, timestamp: ISO_DATETIME };

/** `date`, `time`, `timestamp`/`datetime` with a Java-style `format` (older writers: `date`/`time`/`timestamp` option). */
export function dateMatcher(name: string, options: MatcherOptions): ValueMatcher {
  const which: Which = name === 'date' ? 'date' : name === 'time' ? 'time' : 'timestamp';
  const raw = options.format ?? options[name] ?? options[which];
  if (raw !== undefined && typeof raw !== 'string') return failing(name, `Invalid ${name} matcher: "format" must be a string`);
  const pattern = raw === '' ? undefined : raw;
  if (pattern === undefined) {
    const iso = ISO[which];
    return {
      name,
      describe: () => `an ISO-8601 ${which}`,
      match: (_e, actual) =>
        typeof actual === 'string' && iso.test(actual) ? undefined : `Expected ${show(actual)} to be an ISO-8601 ${which}`,
    };
  }
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
