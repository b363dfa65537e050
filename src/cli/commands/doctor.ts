/** `pactship doctor`: facts → checks → checklist; exit 1 when something blocks a command. */
import { describeSource } from '../../config/load.js';
import type { ResolvedConfig } from '../../config/types.js';
import { ExitCode, PactshipError } from '../../errors.js';
import { evaluateDoctor, gatherDoctorFacts, type ConfigFacts } from '../../release/doctor.js';
import { renderDoctor } from '../../report/doctor-checklist.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer } from '../options.js';
import { emit, type ReleaseFlags } from './release-common.js';

const VERIFY_SECTION_KEYS = ['verify.provider', 'verify.providerBaseUrl', 'verify.providerStart', 'verify.pacts', 'verify.pactUrls'];

function configFacts(resolved: ResolvedConfig): ConfigFacts {
  const b = resolved.config.broker;
  const src = (p: string) => describeSource(resolved.sources.get(p));
  const facts: ConfigFacts = {
    auth: b.token ? { kind: 'bearer', source: src('broker.token') } : b.username ? { kind: 'basic', source: src('broker.username') } : { kind: 'none' },
  };
  if (resolved.file) facts.file = resolved.file;
  if (b.baseUrl) {
    facts.baseUrl = b.baseUrl;
    facts.baseUrlSource = src('broker.baseUrl');
  }
  const v = resolved.config.verify;
  const verifyConfigured = VERIFY_SECTION_KEYS.some((k) => {
    const s = resolved.sources.get(k);
    return s !== undefined && s.kind !== 'default';
  });
  if (verifyConfigured) {
    facts.provider = { baseUrl: v.providerBaseUrl, source: src('verify.providerBaseUrl'), ...(v.providerStart ? { start: v.providerStart } : {}) };
  }
  return facts;
}

async function probe(url: string): Promise<number> {
  const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response.status;
}

export async function run(ctx: CommandContext, o: ReleaseFlags): Promise<number> {
  let config: ConfigFacts;
  let resolved: ResolvedConfig | undefined;
  try {
    resolved = await ctx.loadConfig(flagLayer(brokerFlagEntries(o)), o.config);
    config = configFacts(resolved);
  } catch (error) {
    if (!(error instanceof PactshipError)) throw error;
    config = { auth: { kind: 'none' }, error: { message: error.message, details: error.details, ...(error.hint ? { hint: error.hint } : {}) } };
  }
  // One attempt per request: doctor reports what happens, it does not wait out back-offs.
  const client =
    resolved && config.baseUrl
      ? ctx.broker({ ...resolved, config: { ...resolved.config, broker: { ...resolved.config.broker, retries: 0 } } })
      : undefined;
  const facts = await gatherDoctorFacts({ client, config, probeProvider: probe });
  const report = evaluateDoctor(facts);
  emit(ctx, report, renderDoctor(report, ctx.out.colors));
  return report.ok ? ExitCode.Ok : ExitCode.No;
}
