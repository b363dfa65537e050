/** `pactship delete-branch`: the versions, pacts and results stay; only the branch goes. */
import { deleteBranch } from '../../release/branches.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  branch: string;
  errorWhenNotFound: boolean;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const r = await deleteBranch(client, { pacticipant: o.pacticipant, branch: o.branch, errorWhenNotFound: o.errorWhenNotFound !== false });
  emit(ctx, r, [r.deleted ? `Deleted branch ${r.branch} of ${r.pacticipant}` : `Branch ${r.branch} of ${r.pacticipant} not found (nothing to delete)`]);
  return 0;
}
