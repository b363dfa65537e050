import { describe, expect, it } from 'vitest';
import { compileFormat } from '../../../src/matching/time-format.js';

const compiled = (pattern: string) => {
  const f = compileFormat(pattern);
  if ('error' in f) throw new Error(f.error);
  return f;
};

describe('Java-style date/time patterns', () => {
  it.each([
    ['yyyy-MM-dd', '2024-02-29', true],
    ['yyyy-MM-dd', '2023-02-29', false],
    ['yyyy-MM-dd', '2024-04-31', false],
    // As the reference reads patterns: a numeric field takes 1 up to 2 (MM) or N (yyyy, SSS) digits.
    ['yyyy-MM-dd', '2024-4-01', true],
    ['yyyy-MM-dd', '12024-04-01', false],
    ['dd.MM.yyyy', '23.7.2004', true],
    ['d/M/yy', '1/2/24', true],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-05-01T10:15:30.123Z', true],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-05-01T10:15:30.123+0200', true],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-05-01T10:15:30.12Z', true],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-05-01T10:15:30.1234Z', false],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2024-05-01T10:15:30+02:0', true],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2024-05-01T10:15:30+0200', false],
    ['HH:mm:ss', '23:59:60', true],
    ['HHmm', '173', true],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2024-05-01T10:15:30+02:00', true],
    ['HH:mm', '23:60', false],
    ['hh:mm a', '12:00 PM', true],
    ['hh:mm a', '13:00 PM', false],
    ['EEE, dd MMM yyyy HH:mm:ss zzz', 'Wed, 21 Oct 2015 07:28:00 GMT', true],
    ['EEEE d MMMM yyyy', 'Friday 3 May 2024', true],
    // The reference rejects optional sections.
    ['yyyy-MM-dd[ HH:mm]', '2024-01-01', false],
    ['yyyy-MM-dd[ HH:mm]', '2024-01-01 10:30', false],
    ["'at' HH 'o''clock'", "at 10 o'clock", true],
  ])('%s accepts %s: %s', (pattern, text, ok) => {
    expect(compiled(pattern).validate(text) === undefined).toBe(ok);
  });

  it('reports unknown pattern letters', () => {
    expect(compileFormat('yyyy-MM-dd bb')).toEqual({ error: "unknown pattern letter 'b'" });
  });

  it('formats in UTC', () => {
    const d = new Date(Date.UTC(2024, 1, 9, 7, 5, 3, 45));
    expect(compiled("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").format(d)).toBe('2024-02-09T07:05:03.045Z');
    expect(compiled('EEE, d MMM yy hh:mm a').format(d)).toBe('Fri, 9 Feb 24 07:05 AM');
  });

  it('what it formats, it accepts', () => {
    const d = new Date(Date.UTC(2031, 11, 31, 23, 59, 59, 999));
    for (const p of ['yyyy-MM-dd', 'HH:mm:ss.SSS', "yyyy-MM-dd'T'HH:mm:ssX", 'dd MMMM yyyy, EEEE']) {
      const f = compiled(p);
      expect(f.validate(f.format(d)), p).toBeUndefined();
    }
  });
});
