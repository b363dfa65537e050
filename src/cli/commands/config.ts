/** `pactship config`: the resolved configuration, secrets redacted, with the source of each value. */
import { describeSource } from '../../config/load.js';
import { SCHEMA } from '../../config/schema.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

const REDACTED = '*****';

function display(value: unknown): string {
  if (typeof value === 'function') return '[function]';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return JSON.stringify(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'function' ? '[function]' : v])));
  }
  return JSON.stringify(value);
}

export async function run(ctx: CommandContext, options: CommonFlags & BrokerFlags): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer(brokerFlagEntries(options)), options.config);
  const rows = SCHEMA.map((spec) => {
    const [section, key] = spec.path.split('.') as [string, string];
    const value = (resolved.config as unknown as Record<string, Record<string, unknown>>)[section]?.[key];
    const source = resolved.sources.get(spec.path);
    return {
      key: spec.path,
      value: value === undefined ? undefined : spec.secret ? REDACTED : value,
      source: source ? describeSource(source) : 'unset',
    };
  });
  ctx.out.document({ file: resolved.file ?? null, values: rows.map((r) => ({ ...r, value: typeof r.value === 'function' ? '[function]' : r.value })) });
  ctx.out.line(`config file: ${resolved.file ?? '(none found)'}`);
  const width = Math.max(...rows.map((r) => r.key.length));
  for (const r of rows) {
    const shown = r.value === undefined ? ctx.out.colors.dim('(unset)') : display(r.value);
    ctx.out.line(`${r.key.padEnd(width)}  ${shown}  ${ctx.out.colors.dim(`← ${r.source}`)}`);
  }
  return 0;
}
