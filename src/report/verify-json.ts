/** The JSON document of a verification (for --json <file> and --output json). No colour, no secrets. */
import type { Mismatch } from '../pact/model.js';
import type { VerificationResult, VerifyOutcome } from '../verify/results.js';
import { exitCodeOf, pactSucceeded } from '../verify/results.js';

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return value;
}

function mismatch(m: Mismatch): Record<string, unknown> {
  return { kind: m.kind, path: m.path, expected: plain(m.expected), actual: plain(m.actual), message: m.message };
}

/** Works on a bare VerificationResult too (the verdict is then computed from the summary). */
export function verifyJsonDocument(r: VerificationResult | VerifyOutcome, tool: { version: string }): Record<string, unknown> {
  const o = r as Partial<VerifyOutcome>;
  return {
    tool: { name: 'pactship', version: tool.version },
    provider: r.provider,
    providerBaseUrl: r.providerBaseUrl,
    ...(r.messageUrl ? { messageUrl: r.messageUrl } : {}),
    startedAt: r.startedAt,
    success: o.success ?? exitCodeOf(r) === 0,
    ...(o.verifiedNothing ? { verifiedNothing: true } : {}),
    ...(r.interrupted ? { interrupted: true } : {}),
    ...(o.selection ? { request: o.selection } : {}),
    filtered: r.filtered,
    filters: r.filters,
    summary: r.summary,
    pacts: r.pacts.map((p) => ({
      consumer: p.consumer,
      provider: p.provider,
      origin: p.origin,
      location: p.location,
      specVersion: p.specVersion,
      pending: p.pending,
      wip: p.wip,
      ...(p.shortDescription ? { shortDescription: p.shortDescription } : {}),
      success: pactSucceeded(p),
      published: p.published ?? false,
      ...(p.publishNote ? { publishNote: p.publishNote } : {}),
      durationMs: Math.round(p.durationMs),
      interactions: p.interactions.map((i) => ({
        id: i.id,
        type: i.type,
        description: i.description,
        providerStates: i.providerStates,
        status: i.status,
        pending: i.pending,
        ...(i.comments ? { comments: i.comments } : {}),
        durationMs: Math.round(i.durationMs),
        ...(i.request ? { request: i.request } : {}),
        ...(i.handler !== undefined ? { handler: i.handler } : {}),
        mismatches: i.mismatches.map(mismatch),
        errors: i.errors,
      })),
    })),
    ...(o.publication ? { publication: o.publication } : {}),
  };
}

export function verifyJsonText(r: VerificationResult, tool: { version: string }): string {
  return `${JSON.stringify(verifyJsonDocument(r, tool), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2)}\n`;
}
