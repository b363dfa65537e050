/** `pactship create-or-update-pacticipant`. */
import { createOrUpdatePacticipant } from '../../release/pacticipants.js';
import { pacticipantLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  name: string;
  displayName?: string;
  mainBranch?: string;
  repositoryUrl?: string;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const r = await createOrUpdatePacticipant(client, {
    name: o.name,
    ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
    ...(o.mainBranch !== undefined ? { mainBranch: o.mainBranch } : {}),
    ...(o.repositoryUrl !== undefined ? { repositoryUrl: o.repositoryUrl } : {}),
  });
  const verb = r.action === 'created' ? 'Created' : r.action === 'updated' ? 'Updated' : 'No changes to';
  emit(ctx, r, [`${verb} pacticipant ${r.pacticipant.name} in the Pact Broker`, ...pacticipantLines(r.pacticipant).map((l) => `  ${l}`)]);
  return 0;
}
