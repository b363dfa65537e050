import { describe, expect, it } from 'vitest';
import { childElements, parseXml, type XmlElement } from '../../../src/matching/body/xml-parse.js';
import { createRedactor } from '../../../src/report/redact.js';
import { htmlReport } from '../../../src/report/html.js';
import type { InteractionResult, VerifyOutcome } from '../../../src/verify/results.js';

function interaction(over: Partial<InteractionResult>): InteractionResult {
  return {
    id: 'id',
    index: 0,
    type: 'Synchronous/HTTP',
    description: 'get item',
    providerStates: [],
    pending: false,
    status: 'passed',
    mismatches: [],
    errors: [],
    durationMs: 3,
    ...over,
  };
}

function outcome(interactions: InteractionResult[]): VerifyOutcome {
  const failed = interactions.filter((i) => i.status === 'failed' && !i.pending).length;
  return {
    provider: 'Items',
    providerBaseUrl: 'http://127.0.0.1:8080',
    pacts: [
      {
        consumer: 'Web',
        provider: 'Items',
        location: '/pacts/web-items.json',
        origin: 'file',
        specVersion: '4.0',
        pending: false,
        wip: false,
        notices: [],
        interactions,
        durationMs: 12,
      },
    ],
    filtered: false,
    filters: [],
    summary: { pacts: 1, interactions: interactions.length, passed: interactions.length - failed, failed, pendingFailed: 0, durationMs: 12 },
    startedAt: '2026-12-01T10:00:00.000Z',
    interrupted: false,
    exitCode: failed ? 1 : 0,
    success: failed === 0,
    verifiedNothing: false,
    reportFiles: [],
  };
}

const find = (el: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] => [
  ...(test(el) ? [el] : []),
  ...childElements(el).flatMap((c) => find(c, test)),
];
/** All the text inside, as a browser's textContent, with runs of white space made one space. */
const textOf = (el: XmlElement): string => {
  const walk = (e: XmlElement): string => e.children.map((c) => (c.type === 'text' ? c.text : walk(c))).join('');
  return walk(el).replace(/\s+/g, ' ').trim();
};
const attr = (el: XmlElement, name: string) => el.attributes.find((a) => a.name === name)?.value;
const byClass = (root: XmlElement, cls: string) => find(root, (e) => (attr(e, 'class') ?? '').split(' ').includes(cls));

const failing = interaction({
  description: 'get <b>item</b> & "more"',
  status: 'failed',
  providerStates: ['an item exists'],
  comments: { testname: 'items.spec', text: ['checks the name'] },
  request: { method: 'GET', url: 'http://127.0.0.1:8080/items/2' },
  mismatches: [
    { kind: 'status', path: '', expected: 200, actual: 500, message: 'expected 200 but was 500' },
    { kind: 'body', path: '$', expected: { id: 2, tags: ['a'] }, actual: { id: 2 }, message: 'Actual map is missing the following keys: tags' },
  ],
  errors: [{ kind: 'state-change', message: 'State change request failed: teardown' }],
});

describe('htmlReport', () => {
  it('is one well-formed page: nothing fetched from anywhere, style and script inline', () => {
    const html = htmlReport(outcome([interaction({}), failing]), { version: '9.9.9' });
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const root = parseXml(html);
    const csp = find(root, (e) => e.local === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy')[0];
    expect(attr(csp as XmlElement, 'content')).toMatch(/^default-src 'none';/);
    expect(find(root, (e) => attr(e, 'src') !== undefined || (e.local === 'link' && attr(e, 'href') !== undefined))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect(find(root, (e) => e.local === 'style')).toHaveLength(1);
    expect(find(root, (e) => e.local === 'script')).toHaveLength(1);
    expect(html).toContain('@media (prefers-color-scheme: dark)');
  });

  it('shows the summary, each interaction with status and timing, and a failure in full', () => {
    const root = parseXml(htmlReport(outcome([interaction({}), failing]), { version: '9.9.9' }));
    const summary = byClass(root, 'summary')[0] as XmlElement;
    expect(textOf(summary)).toContain('failed');
    const stat = (s: XmlElement) => childElements(s).map(textOf).join(': ');
    expect(byClass(summary, 'stat').map(stat)).toEqual(['Pacts: 1', 'Interactions: 2', 'Passed: 1', 'Failed: 1', 'Pending failed: 0']);
    const items = byClass(root, 'interaction');
    expect(items.map((i) => attr(i, 'class'))).toEqual(['interaction passed', 'interaction failed']);
    expect(textOf(items[0] as XmlElement)).toMatch(/✓ passed get item HTTP 3 ms/);
    const failure = items[1] as XmlElement;
    expect(textOf(byClass(failure, 'description')[0] as XmlElement)).toBe('get <b>item</b> & "more"');
    expect(byClass(failure, 'mismatches').map((m) => textOf(find(m, (e) => e.local === 'h4')[0] as XmlElement))).toEqual(['Response status did not match', 'Body had differences']);
    const diff = byClass(failure, 'diff')[0] as XmlElement;
    expect(byClass(diff, 'missing').map((l) => textOf(l).trim())).toEqual(['"tags": [', '"a"', ']']);
    expect(textOf(byClass(failure, 'errors')[0] as XmlElement)).toBe('State change request failed: teardown');
    expect(textOf(byClass(failure, 'request')[0] as XmlElement)).toBe('Request sent: GET http://127.0.0.1:8080/items/2');
    expect(textOf(byClass(failure, 'comments')[0] as XmlElement)).toContain('checks the name');
    const rerun = byClass(failure, 'rerun')[0] as XmlElement;
    const code = find(rerun, (e) => e.local === 'code')[0] as XmlElement;
    expect(textOf(code)).toMatch(/^pactship verify --pact \/pacts\/web-items.json --provider-base-url http:\/\/127.0.0.1:8080 --filter-description /);
    const button = find(rerun, (e) => e.local === 'button')[0] as XmlElement;
    expect(attr(button, 'data-copy')).toBe(attr(code, 'id'));
    expect(attr(button, 'hidden')).toBe('hidden'); // shown by the script; without JavaScript the line is still there to select
  });

  it('redacts through the given redactor before escaping', () => {
    const secret = 's3cr<t&"x';
    const leaky = interaction({ status: 'failed', description: `token ${secret}`, errors: [{ kind: 'request', message: `Authorization: Bearer ${secret}` }] });
    const html = htmlReport(outcome([leaky]), { version: '1', redact: createRedactor([secret]) });
    expect(html).not.toContain('s3cr');
    expect(html).toContain('token *****');
  });

  it('says what happened to a run that verified nothing or was partial', () => {
    const nothing = { ...outcome([]), pacts: [], verifiedNothing: true, success: false, exitCode: 1 as const };
    expect(textOf(parseXml(htmlReport(nothing, { version: '1' })))).toContain('No pacts were found to verify.');
    const partial = { ...outcome([interaction({})]), filtered: true, filters: ['stopped at the first failure (--exit-on-first-error): 2 interactions not verified'] };
    expect(textOf(parseXml(htmlReport(partial, { version: '1' })))).toContain('Partial run (stopped at the first failure');
  });
});
