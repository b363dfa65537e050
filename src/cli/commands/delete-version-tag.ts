/** `pactship delete-version-tag`. */
import { deleteVersionTag } from '../../release/tags.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version: string;
  tag: string;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const r = await deleteVersionTag(client, { pacticipant: o.pacticipant, version: o.version, tag: o.tag });
  emit(ctx, { deleted: r }, [`Deleted tag '${r.tag}' from ${r.pacticipant} version ${r.version}`]);
  return 0;
}
