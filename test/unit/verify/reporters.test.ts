import { describe, expect, it } from 'vitest';
import { createColors } from '../../../src/report/colors.js';
import { junitXml, xmlEscape } from '../../../src/report/junit.js';
import { stepSummaryMarkdown } from '../../../src/report/step-summary.js';
import { verifyJsonDocument } from '../../../src/report/verify-json.js';
import { rerunCommand } from '../../../src/report/rerun.js';
import { interactionLines, pactHeading, summaryLine } from '../../../src/report/verify-text.js';
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
const message = interaction({
  id: 'id-4',
  type: 'Asynchronous/Messages',
  description: 'an item event',
  status: 'failed',
  mismatches: [{ kind: 'metadata', path: 'Origin', expected: 'shop', actual: 'till', message: "Expected metadata key 'Origin' to have value 'shop' but was 'till'" }],
  request: { method: 'POST', url: 'http://localhost:9000/messages' },
  comments: { text: ['emitted on every change', 'see ADR 7'], testname: 'item events' },
});
const result = {
  ...run([
    pact([
      interaction({ comments: { text: ['the happy path'] } }),
      failing,
      interaction({ id: 'id-3', description: 'pending one', status: 'failed', pending: true, errors: [{ kind: 'request', message: 'connection refused' }] }),
      message,
    ]),
  ]),
  messageUrl: 'http://localhost:9000/messages',
};

describe('junit', () => {
  const xml = junitXml(result);

  it('has one testcase per interaction (messages too), failures for real failures, skipped for pending ones', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('tests="4" failures="2" errors="0" skipped="1"');
    expect(xml).toMatch(/<failure message="Expected &apos;deux&apos;/);
    expect(xml).toContain('<skipped message="pending: failed but does not fail the build: connection refused"/>');
    expect(xml).toContain('<failure message="Expected metadata key &apos;Origin&apos;');
  });

  it('carries V4 comments as properties and system-out', () => {
    expect(xml).toContain('<property name="testname" value="item events"/>');
    expect(xml).toContain('<property name="comment" value="emitted on every change"/>');
    expect(xml).toContain('<system-out>Test Name: item events\nComments:\n  emitted on every change\n  see ADR 7</system-out>');
    expect(xml).toContain('<system-out>Comments:\n  the happy path</system-out>');
  });

  it('is well-formed: names escaped, no raw special characters in attributes', () => {
    expect(xml).toContain('name="get &lt;item&gt; &amp; &apos;two&apos; (given item 2 exists)"');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const opens = (xml.match(/<(testsuites|testsuite|testcase|failure|properties|system-out)[\s>]/g) ?? []).length;
    const selfClosed = (xml.match(/<testcase [^>]*\/>/g) ?? []).length;
    const closes = (xml.match(/<\/(testsuites|testsuite|testcase|failure|properties|system-out)>/g) ?? []).length;
    expect(opens - selfClosed).toBe(closes);
  });

  it('drops characters XML cannot hold', () => {
    expect(xmlEscape('a\u0001b\u0000c')).toBe('abc');
  });
});

describe('json', () => {
  it('carries the summary, success and every interaction with its type, comments and mismatches', () => {
    const doc = verifyJsonDocument(result, { version: '9.9.9' }) as {
      success: boolean;
      summary: { failed: number };
      messageUrl: string;
      pacts: { interactions: { type: string; status: string; mismatches: unknown[]; comments?: unknown }[] }[];
      tool: { version: string };
    };
    expect(doc.success).toBe(false);
    expect(doc.tool.version).toBe('9.9.9');
    expect(doc.messageUrl).toBe('http://localhost:9000/messages');
    expect(doc.summary.failed).toBe(2);
    expect(doc.pacts[0]?.interactions.map((i) => i.status)).toEqual(['passed', 'failed', 'failed', 'failed']);
    expect(doc.pacts[0]?.interactions.map((i) => i.type)).toEqual(['Synchronous/HTTP', 'Synchronous/HTTP', 'Synchronous/HTTP', 'Asynchronous/Messages']);
    expect(doc.pacts[0]?.interactions[3]?.comments).toEqual({ text: ['emitted on every change', 'see ADR 7'], testname: 'item events' });
    expect(doc.pacts[0]?.interactions[1]?.mismatches).toEqual([
      { kind: 'body', path: '$.name', expected: 'two', actual: 'deux', message: "Expected 'deux' (String) to be equal to 'two' (String)" },
    ]);
    expect(() => JSON.parse(JSON.stringify(doc))).not.toThrow();
  });
});

describe('text', () => {
  // What the verify command streams: the pact heading, each interaction's lines, then the summary.
  const text = [...result.pacts.flatMap((p) => [pactHeading(p, plain), ...p.interactions.flatMap((i) => interactionLines(p, i, result, plain)), '']), summaryLine(result.summary, plain)].join('\n');

  it('prints ✓/✗ per interaction, the mismatch as expected/actual, and the summary', () => {
    expect(text).toContain('✓ get item 1 (12 ms)');
    expect(text).toContain("✗ get <item> & 'two' given 'item 2 exists'");
    expect(text).toContain('1) Body had differences');
    expect(text).toContain('- expected: "two"');
    expect(text).toContain('+ actual:   "deux"');
    expect(text).toContain('(pending: does not fail the build)');
    expect(text).toContain('4 interactions in 1 pact: 1 verified, 2 failed, 1 pending failed');
  });

  it('marks messages, and shows "Metadata had differences" and the message request', () => {
    expect(text).toContain('✗ an item event (message, 12 ms)');
    expect(text).toContain('1) Metadata had differences');
    expect(text).toContain('request: POST http://localhost:9000/messages');
  });

  it('prints comments under their interaction: the test name, then each comment', () => {
    expect(text).toContain('  ✓ get item 1 (12 ms)\n      Comments:\n        the happy path\n');
    expect(text).toContain('✗ an item event (message, 12 ms)\n      Test Name: item events\n      Comments:\n        emitted on every change\n        see ADR 7\n');
  });

  it('offers a command line that reruns just that interaction', () => {
    expect(rerunCommand(result.pacts[0]!, failing, result)).toBe(
      `pactship verify --pact-url http://broker/pacts/x --provider-base-url http://localhost:8080 --filter-description '^get <item> & '\\''two'\\''$' --filter-state '^item 2 exists$'`,
    );
    expect(rerunCommand(result.pacts[0]!, message, result)).toBe(
      `pactship verify --pact-url http://broker/pacts/x --message-url http://localhost:9000/messages --filter-description '^an item event$' --filter-no-state`,
    );
    expect(rerunCommand(result.pacts[0]!, { ...message, request: undefined, handler: 'an item event' } as never, result)).not.toContain('--message-url');
  });
});

describe('step summary', () => {
  it('is a markdown table with the failures listed', () => {
    const md = stepSummaryMarkdown(result);
    expect(md).toContain('| Consumer | Source | Verified | Failed | Pending failed | Published |');
    expect(md).toContain('| Web | http://broker/pacts/x | 1 | 2 | 1 | no |');
    expect(md).toContain("`$.name`: Expected 'deux' (String) to be equal to 'two' (String)");
    expect(md).toContain("`Origin`: Expected metadata key 'Origin' to have value 'shop' but was 'till'");
  });
});
