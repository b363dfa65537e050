/** `pactship list-latest-pact-versions`: `-o json` prints the broker's document, as the Ruby CLI does. */
import { listLatestPactVersions } from '../../release/latest-pacts.js';
import { latestPactsTable } from '../../report/broker-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags): Promise<number> {
  const { client } = await connect(ctx, o);
  const { document, pacts } = await listLatestPactVersions(client);
  emit(ctx, document, latestPactsTable(pacts));
  return 0;
}
