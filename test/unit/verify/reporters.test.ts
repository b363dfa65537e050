import { describe, expect, it } from 'vitest';
import { createColors } from '../../../src/report/colors.js';
import { junitXml, xmlEscape } from '../../../src/report/junit.js';
import { stepSummaryMarkdown } from '../../../src/report/step-summary.js';
import { verifyJsonDocument } from '../../../src/report/verify-json.js';
import { pactLines, rerunCommand, summaryLine } from '../../../src/report/verify-text.js';
import { interaction, pact, run } from './helpers.js';

const plain = createColors(0);
const failing = interaction({
  id: 'id-2',
  description: "get <item> & 'two'",
  providerStates: ['item 2 exists'],
  status: 'failed',
  mismatches: [{ kind: 'body', path: '$.name', expected: 'two', actual: 'deux', message: "Expected 'deux' (String) to be equal to 'two' (String)" }],
  request: { method: 'GET', url: 'http://localhost:8080/items/2' },
});
const result = run([
  pact([
    interaction(),
    failing,
    interaction({ id: 'id-3', description: 'pending one', status: 'failed', pending: true, errors: [{ kind: 'request', message: 'connection refused' }] }),
    interaction({ id: 'id-4', description: 'a message', status: 'skipped', skipReason: 'not verifiable over HTTP (Asynchronous/Messages interaction)' }),
  ]),
]);

describe('junit', () => {
  const xml = junitXml(result);

  it('has one testcase per interaction, failures for real failures, skipped for pending and messages', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('tests="4" failures="1" errors="0" skipped="2"');
    expect(xml).toMatch(/<failure message="Expected &apos;deux&apos;/);
    expect(xml).toContain('<skipped message="pending: failed but does not fail the build: connection refused"/>');
    expect(xml).toContain('<skipped message="not verifiable over HTTP (Asynchronous/Messages interaction)"/>');
  });

  it('is well-formed: names escaped, no raw special characters in attributes', () => {
    expect(xml).toContain('name="get &lt;item&gt; &amp; &apos;two&apos; (given item 2 exists)"');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    // every opened element is closed
    const opens = (xml.match(/<(testsuites|testsuite|testcase|failure)[\s>]/g) ?? []).length;
    const selfClosed = (xml.match(/<testcase [^>]*\/>/g) ?? []).length;
    const closes = (xml.match(/<\/(testsuites|testsuite|testcase|failure)>/g) ?? []).length;
    expect(opens - selfClosed).toBe(closes);
  });

  it('drops characters XML cannot hold', () => {
    expect(xmlEscape('a\u0001b\u0000c')).toBe('abc');
  });
});

describe('json', () => {
  it('carries the summary, success and every interaction with its mismatches', () => {
    const doc = verifyJsonDocument(result, { version: '9.9.9' }) as {
      success: boolean;
      summary: { failed: number };
      pacts: { interactions: { status: string; mismatches: unknown[] }[] }[];
      tool: { version: string };
    };
    expect(doc.success).toBe(false);
    expect(doc.tool.version).toBe('9.9.9');
    expect(doc.summary.failed).toBe(1);
    expect(doc.pacts[0]?.interactions.map((i) => i.status)).toEqual(['passed', 'failed', 'failed', 'skipped']);
    expect(doc.pacts[0]?.interactions[1]?.mismatches).toEqual([
      { kind: 'body', path: '$.name', expected: 'two', actual: 'deux', message: "Expected 'deux' (String) to be equal to 'two' (String)" },
    ]);
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
  });
});

describe('text', () => {
  // What the verify command streams: each pact's lines as it finishes, then the summary.
  const text = [...result.pacts.flatMap((p) => [...pactLines(p, result.providerBaseUrl, plain), '']), summaryLine(result.summary, plain)].join('\n');

  it('prints ✓/✗ per interaction, the mismatch as expected/actual, and the summary', () => {
    expect(text).toContain('✓ get item 1 (12 ms)');
    expect(text).toContain("✗ get <item> & 'two' given 'item 2 exists'");
    expect(text).toContain('1) Body had differences');
    expect(text).toContain('- expected: "two"');
    expect(text).toContain('+ actual:   "deux"');
    expect(text).toContain('(pending: does not fail the build)');
    expect(text).toContain('skipped: not verifiable over HTTP');
    expect(text).toContain('4 interactions in 1 pact: 1 verified, 1 failed, 1 pending failed, 1 skipped');
  });

  it('offers a command line that reruns just that interaction', () => {
    expect(rerunCommand(result.pacts[0]!, failing, 'http://localhost:8080')).toBe(
      `pactship verify --pact-url http://broker/pacts/x --provider-base-url http://localhost:8080 --filter-description '^get <item> & '\\''two'\\''$' --filter-state '^item 2 exists$'`,
    );
  });
});

describe('step summary', () => {
  it('is a markdown table with the failures listed', () => {
    const md = stepSummaryMarkdown(result);
    expect(md).toContain('| Consumer | Source | Verified | Failed | Pending failed | Skipped | Published |');
    expect(md).toContain('| Web | http://broker/pacts/x | 1 | 1 | 1 | 1 | no |');
    expect(md).toContain("`$.name`: Expected 'deux' (String) to be equal to 'two' (String)");
  });
});
