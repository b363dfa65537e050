/**
 * The HTML report (--html): one self-contained page to open from disk or keep as a CI artifact.
 * A summary bar, then each pact and interaction with status and timing; each failure with its
 * mismatches (expected and actual side by side, differing paths marked), errors, the request sent,
 * comments and the rerun line. Light or dark as the viewer prefers; readable without JavaScript
 * (which only adds the copy buttons); nothing is fetched from anywhere (a CSP says so).
 *
 * The markup is also well-formed XML (void elements closed, style and script in CDATA sections
 * hidden in comments), so tools and tests can read it with an XML parser. A pure function of the
 * outcome; `redact` is applied to every text before it is escaped, and the writer redacts the page.
 */
import type { Mismatch } from '../pact/model.js';
import type { InteractionResult, PactResult, VerificationResult, VerifyOutcome } from '../verify/results.js';
import { isBlockingFailure, pactSucceeded } from '../verify/results.js';
import { afterNotices, beforeNotices } from '../verify/sources.js';
import { sideBySide, type DiffLine } from './html-diff.js';
import { rerunCommand, type RerunFlags } from './rerun.js';
import { xmlEscape } from './junit.js';
import { HEADINGS, formatMs } from './verify-text.js';

export interface HtmlOptions {
  version: string;
  redact?: (text: string) => string;
  /** The options that shaped the run, so each rerun line reruns the same thing (as the text report's). */
  rerun?: RerunFlags;
}

/** Longest pretty-printed document shown per side; the rest is summarised. */
const MAX_LINES = 2000;
/** Longest value shown in a mismatch row (the side-by-side view has the documents). */
const MAX_VALUE = 1000;


type Status = 'passed' | 'failed' | 'pending' | 'empty';

const LABEL: Record<Status, string> = { passed: 'passed', failed: 'failed', pending: 'failed (pending)', empty: 'nothing verified' };
const MARK: Record<Status, string> = { passed: '✓', failed: '✗', pending: '✗', empty: '–' };
const KIND: Record<InteractionResult['type'], string> = {
  'Synchronous/HTTP': 'HTTP',
  'Asynchronous/Messages': 'message',
  'Synchronous/Messages': 'sync message',
};

function interactionStatus(i: InteractionResult): Status {
  return i.status === 'passed' ? 'passed' : i.pending ? 'pending' : 'failed';
}

function pactStatus(p: PactResult): Status {
  if (p.interactions.length === 0) return 'empty';
  if (pactSucceeded(p)) return 'passed';
  return p.interactions.some(isBlockingFailure) ? 'failed' : 'pending';
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

export function htmlReport(r: VerificationResult | VerifyOutcome, o: HtmlOptions): string {
  const redact = o.redact ?? ((t: string) => t);
  /** Text → markup: redacted, then shortened (never the other way: a cut secret would not be recognised), then escaped. */
  const t = (text: string, max = Infinity) => {
    const shown = redact(text);
    return xmlEscape(shown.length > max ? `${shown.slice(0, max)}…` : shown);
  };
  const outcome = r as Partial<VerifyOutcome>;
  const s = r.summary;
  const success = outcome.success ?? (s.failed === 0 && s.passed + s.pendingFailed > 0);
  const verdict = r.interrupted ? 'interrupted' : outcome.verifiedNothing ? 'verified nothing' : success ? 'passed' : 'failed';

  const badge = (status: Status) => `<span class="badge ${status}">${MARK[status]} ${LABEL[status]}</span>`;
  const pre = (lines: DiffLine[]) => {
    const shown = lines.slice(0, MAX_LINES);
    const body = shown.map((l) => `<span class="ln${l.mark ? ` ${l.mark}` : ''}" title="${t(l.path)}">${t(l.text)}</span>`).join('\n');
    const more = lines.length > shown.length ? `\n<span class="ln more">… ${lines.length - shown.length} more lines</span>` : '';
    return `<pre>${body}${more}</pre>`;
  };

  function mismatchGroup(heading: string, list: Mismatch[], i: InteractionResult): string {
    const kind = list[0]?.kind;
    const doc = kind === 'body' ? sideBySide(list, i.bodies) : kind === 'metadata' ? sideBySide(list) : undefined;
    const panes = doc
      ? `<div class="diff" data-path="${t(doc.path)}"><figure class="side expected"><figcaption>Expected (pact)${doc.path === '$' ? '' : ` at <code>${t(doc.path)}</code>`}</figcaption>${pre(doc.expected)}</figure>` +
        `<figure class="side actual"><figcaption>Actual (provider)</figcaption>${pre(doc.actual)}</figure></div>` +
        '<p class="legend"><span class="changed">differs</span> <span class="missing">expected, not there</span> <span class="extra">there, not expected</span></p>'
      : '';
    const rows = list
      .map(
        (m) =>
          `<tr><td class="path">${m.path ? `<mark>${t(m.path)}</mark>` : ''}</td><td class="expected"><code>${t(show(m.expected), MAX_VALUE)}</code></td><td class="actual"><code>${t(show(m.actual), MAX_VALUE)}</code></td></tr>` +
          `<tr class="message"><td></td><td colspan="2">${t(m.message)}</td></tr>`,
      )
      .join('');
    return (
      `<section class="mismatches"><h4>${t(heading)}</h4>${panes}` +
      `<table><thead><tr><th>Path</th><th>Expected</th><th>Actual</th></tr></thead><tbody>${rows}</tbody></table></section>`
    );
  }

  function failure(p: PactResult, i: InteractionResult, id: string): string {
    const parts: string[] = [];
    if (i.pending) parts.push('<p class="note pending-note">Pending: this failure is reported (and published) but does not fail the build.</p>');
    if (i.errors.length) parts.push(`<ul class="errors">${i.errors.map((e) => `<li>${t(e.message)}</li>`).join('')}</ul>`);
    const groups = new Map<string, Mismatch[]>();
    for (const m of i.mismatches) {
      const h = HEADINGS[m.kind] ?? m.kind;
      groups.set(h, [...(groups.get(h) ?? []), m]);
    }
    for (const [heading, list] of groups) parts.push(mismatchGroup(heading, list, i));
    if (i.request) parts.push(`<p class="request">Request sent: <code>${t(`${i.request.method} ${i.request.url}`)}</code></p>`);
    if (i.handler !== undefined) parts.push(`<p class="request">Message handler: <code>${t(`verify.messageHandlers[${JSON.stringify(i.handler)}]`)}</code></p>`);
    parts.push(
      `<div class="rerun"><span class="label">Rerun just this interaction:</span> <code id="${id}-rerun">${t(rerunCommand(p, i, r, o.rerun))}</code>` +
        ` <button type="button" class="copy" data-copy="${id}-rerun" hidden="hidden">Copy</button></div>`,
    );
    return `<div class="failure">${parts.join('')}</div>`;
  }

  function comments(i: InteractionResult): string {
    if (!i.comments) return '';
    const name = i.comments.testname ? `<p>Test name: ${t(i.comments.testname)}</p>` : '';
    const text = i.comments.text.length ? `<ul>${i.comments.text.map((c) => `<li>${t(c)}</li>`).join('')}</ul>` : '';
    return `<div class="comments"><span class="label">Comments</span>${name}${text}</div>`;
  }

  function interaction(p: PactResult, i: InteractionResult, id: string): string {
    const status = interactionStatus(i);
    const given = i.providerStates.length ? ` <span class="given">given ${i.providerStates.map((x) => `‘${t(x)}’`).join(' and ')}</span>` : '';
    const head = `${badge(status)} <span class="description">${t(i.description)}</span>${given} <span class="kind">${KIND[i.type]}</span> <span class="time">${formatMs(i.durationMs)}</span>`;
    if (status === 'passed') return `<li class="interaction passed" id="${id}"><div class="row">${head}</div>${comments(i)}</li>`;
    return `<li class="interaction ${status}" id="${id}"><details open="open"><summary>${head}</summary>${comments(i)}${failure(p, i, id)}</details></li>`;
  }

  function pact(p: PactResult, n: number): string {
    const status = pactStatus(p);
    const id = `pact-${n + 1}`;
    const tags = [p.pending ? 'pending' : '', p.wip ? 'WIP' : ''].filter(Boolean).map((x) => `<span class="tag">${x}</span>`).join(' ');
    const count = (f: (i: InteractionResult) => boolean) => p.interactions.filter(f).length;
    const counts = `${count((i) => i.status === 'passed')} passed, ${count(isBlockingFailure)} failed, ${count((i) => i.status === 'failed' && i.pending)} pending failed`;
    const notices = [...beforeNotices(p), ...afterNotices(p, pactSucceeded(p), p.published === true)];
    const published = p.published === true ? 'results published' : p.publishNote ?? '';
    const body = [
      `<p class="source">Source (${p.origin}): <code>${t(p.location)}</code>${p.shortDescription ? ` — ${t(p.shortDescription)}` : ''} · spec ${t(p.specVersion)}</p>`,
      notices.length ? `<ul class="notices">${notices.map((x) => `<li>${t(x)}</li>`).join('')}</ul>` : '',
      published ? `<p class="note">${t(published)}</p>` : '',
      p.interactions.length
        ? `<ol class="interactions">${p.interactions.map((i, k) => interaction(p, i, `${id}-${k + 1}`)).join('')}</ol>`
        : '<p class="note">No interactions were verified in this pact (filters).</p>',
    ].join('');
    return (
      `<section class="pact ${status}" id="${id}"><details${status === 'passed' ? '' : ' open="open"'}><summary>` +
      `${badge(status)} <span class="pact-name">${t(p.consumer)} → ${t(p.provider)}</span> ${tags} <span class="counts">${counts}</span> <span class="time">${formatMs(p.durationMs)}</span>` +
      `</summary>${body}</details></section>`
    );
  }

  const pct = (n: number) => (s.interactions ? ((100 * n) / s.interactions).toFixed(2) : '0');
  const bar =
    `<div class="bar" role="img" aria-label="${s.passed} passed, ${s.failed} failed, ${s.pendingFailed} pending failed">` +
    `<span class="passed" style="width: ${pct(s.passed)}%"></span><span class="failed" style="width: ${pct(s.failed)}%"></span><span class="pending" style="width: ${pct(s.pendingFailed)}%"></span></div>`;
  const stat = (name: string, value: string | number, cls = '') => `<div class="stat${cls ? ` ${cls}` : ''}"><dt>${name}</dt><dd>${value}</dd></div>`;
  const failures = r.pacts.flatMap((p, n) =>
    p.interactions.flatMap((i, k) => (i.status === 'failed' ? [`<li><a href="#pact-${n + 1}-${k + 1}">${t(p.consumer)}: ${t(i.description)}</a>${i.pending ? ' (pending)' : ''}</li>`] : [])),
  );
  const notes = [
    r.filtered ? `Partial run (${t(r.filters.join('; '))}): results are not published.` : '',
    outcome.verifiedNothing ? 'No pacts were found to verify.' : '',
    r.interrupted ? 'The run was interrupted: the results are partial.' : '',
    ...(outcome.publication?.sent.length ? [`Results published for ${t(outcome.publication.sent.join(', '))} as version ${t(outcome.publication.providerVersion)}.`] : []),
    ...(outcome.publication?.errors ?? []).map((e) => `Could not publish: ${t(e)}`),
  ].filter(Boolean);
  const header =
    `<header class="summary ${success ? 'passed' : 'failed'}"><h1><span class="verdict">${success ? '✓' : '✗'} ${verdict}</span> Pact verification of ${t(r.provider)}</h1>` +
    `<p class="meta">Provider <code>${t(r.providerBaseUrl)}</code>${r.messageUrl ? ` · messages <code>${t(r.messageUrl)}</code>` : ''} · started ${t(r.startedAt)} · ${formatMs(s.durationMs)} · pactship ${t(o.version)}</p>` +
    bar +
    `<dl class="stats">${stat('Pacts', s.pacts)}${stat('Interactions', s.interactions)}${stat('Passed', s.passed, 'passed')}${stat('Failed', s.failed, 'failed')}${stat('Pending failed', s.pendingFailed, 'pending')}</dl>` +
    (notes.length ? `<ul class="notes">${notes.map((x) => `<li>${x}</li>`).join('')}</ul>` : '') +
    (failures.length ? `<nav class="failures"><span class="label">Failures</span><ol>${failures.join('')}</ol></nav>` : '') +
    '</header>';

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<meta name="color-scheme" content="light dark" />',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" />`,
    `<meta name="generator" content="pactship ${t(o.version)}" />`,
    `<title>${t(`${success ? '✓' : '✗'} Pact verification of ${r.provider}: ${verdict}`)}</title>`,
    `<style>/*<![CDATA[*/${CSS}/*]]>*/</style>`,
    '</head>',
    '<body>',
    header,
    `<main>${r.pacts.map(pact).join('\n')}</main>`,
    `<script>/*<![CDATA[*/${SCRIPT}/*]]>*/</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// Neither may contain "<", "&" or "]]>": the page must stay well-formed XML.
const CSS = `
:root { --bg: #fbfbfa; --fg: #1d1d1b; --muted: #5f5f5a; --line: #e2e1dc; --card: #ffffff; --code: #f3f2ee;
  --ok: #17733a; --ok-bg: #e5f5ea; --bad: #b4232a; --bad-bg: #fde8e8; --warn: #8a5a00; --warn-bg: #fdf3d8;
  --missing: #fde8e8; --extra: #e3effd; --changed: #fff0c2; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16171a; --fg: #e6e6e3; --muted: #a2a29c; --line: #34353a; --card: #1e1f23; --code: #26272c;
    --ok: #5fd08a; --ok-bg: #173523; --bad: #ff8a8a; --bad-bg: #3d1d20; --warn: #f2c24f; --warn-bg: #3a3017;
    --missing: #4a2023; --extra: #1d3350; --changed: #45391a; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
code, pre { font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
code { background: var(--code); padding: 0 .3em; border-radius: 4px; overflow-wrap: anywhere; }
header.summary, main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem; }
header.summary { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.4rem; margin: .5rem 0; }
.verdict { padding: .1em .5em; border-radius: 6px; margin-right: .4em; }
.summary.passed .verdict { background: var(--ok-bg); color: var(--ok); }
.summary.failed .verdict { background: var(--bad-bg); color: var(--bad); }
.meta, .source, .note, .kind, .time, .counts, .label { color: var(--muted); }
.bar { display: flex; height: 12px; border-radius: 6px; overflow: hidden; background: var(--line); margin: .75rem 0; }
.bar .passed { background: var(--ok); } .bar .failed { background: var(--bad); } .bar .pending { background: var(--warn); }
dl.stats { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin: 0; }
.stat dt { font-size: .8rem; color: var(--muted); } .stat dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
.stat.passed dd { color: var(--ok); } .stat.failed dd { color: var(--bad); } .stat.pending dd { color: var(--warn); }
.notes, .failures ol { margin: .5rem 0; padding-left: 1.25rem; }
.failures a { color: inherit; }
section.pact { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 1rem 0; }
section.pact > details > summary { padding: .75rem 1rem; font-weight: 600; cursor: pointer; }
section.pact > details > :not(summary) { margin-left: 1rem; margin-right: 1rem; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: 0 .5em; border-radius: 999px; white-space: nowrap; }
.badge.passed { background: var(--ok-bg); color: var(--ok); } .badge.failed { background: var(--bad-bg); color: var(--bad); }
.badge.pending { background: var(--warn-bg); color: var(--warn); } .badge.empty { background: var(--code); color: var(--muted); }
.tag { font-size: .75rem; border: 1px solid var(--warn); color: var(--warn); border-radius: 4px; padding: 0 .4em; }
ol.interactions { list-style: none; padding: 0; margin: .5rem 0 1rem; }
li.interaction { border-top: 1px solid var(--line); padding: .4rem 0; }
li.interaction summary { cursor: pointer; }
.given { color: var(--muted); font-style: italic; }
.failure { margin: .5rem 0 .5rem 1.25rem; }
ul.errors { color: var(--bad); padding-left: 1.25rem; }
section.mismatches h4 { margin: .75rem 0 .25rem; }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; }
@media (max-width: 800px) { .diff { grid-template-columns: 1fr; } }
.diff figure { margin: 0; min-width: 0; }
.diff figcaption { font-size: .8rem; color: var(--muted); }
.diff pre { background: var(--code); padding: .5rem; border-radius: 6px; overflow: auto; max-height: 32rem; margin: .25rem 0; }
.ln { display: inline-block; min-width: 100%; }
.ln.changed { background: var(--changed); } .ln.missing { background: var(--missing); } .ln.extra { background: var(--extra); }
.ln.more { color: var(--muted); font-style: italic; }
.legend { font-size: .8rem; color: var(--muted); margin: 0 0 .5rem; }
.legend span { padding: 0 .4em; border-radius: 3px; color: var(--fg); }
.legend .changed { background: var(--changed); } .legend .missing { background: var(--missing); } .legend .extra { background: var(--extra); }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .2rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th:first-child, td.path { width: 22%; }
td.expected code { background: var(--missing); } td.actual code { background: var(--extra); }
tr.message td { color: var(--muted); border-bottom-width: 2px; }
mark { background: var(--changed); color: inherit; padding: 0 .2em; border-radius: 3px; }
.request, .rerun, .comments { margin: .5rem 0; }
.rerun code { display: inline-block; }
button.copy { font: inherit; font-size: .8rem; padding: .1rem .6rem; border-radius: 4px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; }
.comments ul { margin: .25rem 0; }
`;

const SCRIPT = `
(function () {
  function copy(text, done) {
    function fallback() {
      var area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); done(); } catch (e) { /* nothing to copy with */ }
      area.remove();
    }
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, fallback); else fallback();
  }
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      copy(source.textContent, function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      });
    });
  });
})();
`;
