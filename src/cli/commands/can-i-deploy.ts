/** `pactship can-i-deploy`: options → matrix query → ask (with retries) → table or JSON → exit 0/1. */
import { ExitCode, UsageError } from '../../errors.js';
import { canIDeploy, explainMatrixError } from '../../release/can-i-deploy.js';
import { versionsInEnvironment } from '../../release/deployments.js';
import type { MatrixQuery, MatrixTarget } from '../../release/matrix.js';
import { formatIgnore, groupSelectors, parseIgnore, type SelectorToken } from '../../release/selectors.js';
import { canIDeployDocument, canIDeployErrorDocument, renderCanIDeploy } from '../../report/can-i-deploy-table.js';
import type { CommandContext } from '../context.js';
import { connect, type ReleaseFlags } from './release-common.js';

export interface CanIDeployFlags extends ReleaseFlags {
  selectorTokens: SelectorToken[];
  toEnvironment?: string;
  to?: string;
  retryWhileUnknown?: number;
  retryInterval?: number;
  dryRun?: boolean;
  limit?: number;
}

export function targetFrom(o: { toEnvironment?: string; to?: string }): MatrixTarget {
  if (o.toEnvironment !== undefined && o.to !== undefined) {
    throw new UsageError('--to-environment and --to cannot be used together', { hint: 'Use --to-environment ENV (environments), or the legacy --to TAG (tags).' });
  }
  if (o.toEnvironment !== undefined) return { kind: 'environment', environment: o.toEnvironment };
  if (o.to !== undefined) return { kind: 'tag', tag: o.to };
  return { kind: 'none' };
}

/** Shared by can-i-deploy and can-i-merge. */
export async function askMatrix(
  ctx: CommandContext,
  o: CanIDeployFlags,
  target: (o: CanIDeployFlags) => MatrixTarget,
): Promise<number> {
  let dryRun = o.dryRun === true;
  try {
    const grouped = groupSelectors(o.selectorTokens);
    const matrixTarget = target(o);
    const { resolved, client } = await connect(ctx, o, [
      ['canIDeploy.retryWhileUnknown', '--retry-while-unknown', o.retryWhileUnknown],
      ['canIDeploy.retryInterval', '--retry-interval', o.retryInterval],
      ['canIDeploy.ignore', '--ignore', grouped.ignore.length > 0 ? grouped.ignore.map(formatIgnore) : undefined],
      ['canIDeploy.dryRun', '--dry-run', o.dryRun === true ? true : undefined],
    ]);
    const c = resolved.config.canIDeploy;
    dryRun = c.dryRun;
    const query: MatrixQuery = {
      selectors: grouped.selectors,
      target: matrixTarget,
      ignore: parseIgnore(c.ignore),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
    };
    const outcome = await canIDeploy({
      client,
      query,
      retryWhileUnknown: c.retryWhileUnknown,
      retryIntervalSeconds: c.retryInterval,
      versionsInTarget: (environment, pacticipant) => versionsInEnvironment(client, environment, pacticipant),
      onWait: (w) =>
        ctx.out.info(
          `Waiting for verification results to be published (${w.unknown} unknown; retry ${w.retry} of ${w.retries} in ${w.waitSeconds} s)…`,
        ),
    }).catch(async (error: unknown) => {
      throw await explainMatrixError(client, query, error);
    });
    const code = outcome.deployable ? ExitCode.Ok : ExitCode.No;
    ctx.out.document(canIDeployDocument(outcome, { dryRun, exitCode: dryRun ? ExitCode.Ok : code, retries: c.retryWhileUnknown }));
    for (const line of renderCanIDeploy(outcome, query, { colors: ctx.out.colors, dryRun, retries: c.retryWhileUnknown })) ctx.out.line(line);
    return dryRun ? ExitCode.Ok : code;
  } catch (error) {
    // --output json prints a document in every case; the message still goes to stderr via main.ts.
    ctx.out.document(canIDeployErrorDocument(error, { dryRun }));
    throw error;
  }
}

export async function run(ctx: CommandContext, o: CanIDeployFlags): Promise<number> {
  return askMatrix(ctx, o, targetFrom);
}
