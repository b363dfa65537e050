/** `pactship describe-pacticipant`. */
import { describePacticipant } from '../../release/pacticipants.js';
import { pacticipantLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags & { name: string }): Promise<number> {
  const { client } = await connect(ctx, o);
  const p = await describePacticipant(client, o.name);
  emit(ctx, p, pacticipantLines(p));
  return 0;
}
