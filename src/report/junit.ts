/**
 * JUnit XML: one testsuite per pact, one testcase per interaction. Pending failures are
 * `<skipped>` with the reason, so CI does not turn them red. V4 comments become testcase
 * properties and system-out lines (the reference verifier puts its console text there).
 */
import type { InteractionResult, VerificationResult } from '../verify/results.js';

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function failureText(i: InteractionResult): string {
  const lines = [
    ...i.errors.map((e) => e.message),
    ...i.mismatches.map((m) => `${m.kind}${m.path ? ` ${m.path}` : ''}: ${m.message}\n  expected: ${show(m.expected)}\n  actual:   ${show(m.actual)}`),
  ];
  if (i.request) lines.push(`request: ${i.request.method} ${i.request.url}`);
  return lines.join('\n');
}

function firstMessage(i: InteractionResult): string {
  return i.errors[0]?.message ?? i.mismatches[0]?.message ?? 'verification failed';
}

function commentParts(i: InteractionResult): { properties: string[]; text: string[] } {
  if (!i.comments) return { properties: [], text: [] };
  const { testname, text } = i.comments;
  const property = (name: string, value: string) => `        <property name="${name}" value="${xmlEscape(value)}"/>`;
  return {
    properties: [...(testname ? [property('testname', testname)] : []), ...text.map((t) => property('comment', t))],
    text: [...(testname ? [`Test Name: ${testname}`] : []), ...(text.length ? ['Comments:', ...text.map((t) => `  ${t}`)] : [])],
  };
}

function testcase(classname: string, i: InteractionResult): string {
  const name = `${i.description}${i.providerStates.length ? ` (given ${i.providerStates.join(' and ')})` : ''}`;
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}" time="${seconds(i.durationMs)}"`;
  const comments = commentParts(i);
  const body: string[] = comments.properties.length ? ['      <properties>', ...comments.properties, '      </properties>'] : [];
  const out = (text: string[]) => (text.length ? [`      <system-out>${xmlEscape(text.join('\n'))}</system-out>`] : []);
  if (i.status === 'passed') body.push(...out(comments.text));
  else if (i.pending) {
    body.push(`      <skipped message="${xmlEscape(`pending: failed but does not fail the build: ${firstMessage(i)}`)}"/>`, ...out([...comments.text, failureText(i)]));
  } else {
    body.push(`      <failure message="${xmlEscape(firstMessage(i))}" type="${i.errors.length ? 'error' : 'mismatch'}">${xmlEscape(failureText(i))}</failure>`, ...out(comments.text));
  }
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

export function junitXml(r: VerificationResult): string {
  const counts = (list: InteractionResult[]) => ({
    tests: list.length,
    failures: list.filter((i) => i.status === 'failed' && !i.pending).length,
    skipped: list.filter((i) => i.status === 'failed' && i.pending).length,
  });
  const all = r.pacts.flatMap((p) => p.interactions);
  const total = counts(all);
  // An interrupted run is partial: said in the run's name and in every suite's properties.
  const stopped = r.interrupted ? ' (interrupted)' : '';
  const interrupted = r.interrupted ? '<property name="interrupted" value="true"/>' : '';
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pactship verify ${xmlEscape(r.provider)}${stopped}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${seconds(r.summary.durationMs)}">`,
  ];
  for (const p of r.pacts) {
    const c = counts(p.interactions);
    const suite = `${p.consumer} → ${p.provider}${p.pending ? ' (pending)' : ''}`;
    out.push(
      `  <testsuite name="${xmlEscape(suite)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="${seconds(p.durationMs)}" timestamp="${xmlEscape(r.startedAt)}">`,
    );
    out.push(`    <properties><property name="source" value="${xmlEscape(p.location)}"/>${interrupted}</properties>`);
    for (const i of p.interactions) out.push(testcase(`${p.consumer}.${p.provider}`, i));
    out.push('  </testsuite>');
  }
  if (r.interrupted && r.pacts.length === 0) {
    out.push(`  <testsuite name="interrupted before the first pact" tests="0" failures="0" errors="0" skipped="0" time="0.000" timestamp="${xmlEscape(r.startedAt)}">`);
    out.push(`    <properties>${interrupted}</properties>`, '  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
