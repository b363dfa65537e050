/** `pactship list-pacticipants`. */
import { listPacticipants } from '../../release/pacticipants.js';
import { pacticipantsTable } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags): Promise<number> {
  const { client } = await connect(ctx, o);
  const list = await listPacticipants(client);
  emit(ctx, { pacticipants: list }, pacticipantsTable(list));
  return 0;
}
