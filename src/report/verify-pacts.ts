/** The `pactship pacts` table: one row per selected pact, then the broker's reasons. */
import type { Colors } from './colors.js';
import type { InteractionCounts, PactListing } from '../verify/pacts-list.js';

/** `2 HTTP, 1 message, 1 sync message`. */
function kindsText(k: InteractionCounts): string {
  const parts = [
    k.http ? `${k.http} HTTP` : '',
    k.asyncMessages ? `${k.asyncMessages} message${k.asyncMessages === 1 ? '' : 's'}` : '',
    k.syncMessages ? `${k.syncMessages} sync message${k.syncMessages === 1 ? '' : 's'}` : '',
  ];
  return parts.filter(Boolean).join(', ') || '-';
}

export function pactsTableLines(listing: PactListing, c: Colors, out?: string): string[] {
  if (listing.pacts.length === 0) {
    return [`no pacts selected for ${listing.provider} with selectors ${JSON.stringify(listing.consumerVersionSelectors)}`];
  }
  const table = [
    ['CONSUMER', 'VERSION', 'BRANCH', 'STATUS', 'INTERACTIONS', 'WHY SELECTED'],
    ...listing.pacts.map((r) => [
      r.consumer,
      r.consumerVersion ?? '-',
      r.branch ?? '-',
      [r.pending ? 'pending' : '', r.wip ? 'WIP' : ''].filter(Boolean).join(', ') || '-',
      kindsText(r.kinds),
      r.why ?? '-',
    ]),
  ];
  const widths = (table[0] as string[]).map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  const lines = table.map((row, n) => {
    const text = row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ');
    return n === 0 ? c.bold(text) : text;
  });
  for (const r of listing.pacts) for (const notice of r.notices) lines.push(c.dim(`  ${r.consumer}: ${notice}`));
  if (out !== undefined) {
    const n = listing.pacts.length;
    lines.push('', `wrote ${n} pact file${n === 1 ? '' : 's'} to ${out}; verify offline with: pactship verify --pact ${out}`);
  }
  return lines;
}
