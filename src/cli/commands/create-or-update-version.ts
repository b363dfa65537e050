/** `pactship create-or-update-version`. */
import { createOrUpdateVersion } from '../../release/versions.js';
import { versionLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version: string;
  branch?: string;
  tag?: string[];
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const v = await createOrUpdateVersion(client, {
    pacticipant: o.pacticipant,
    version: o.version,
    ...(o.branch !== undefined ? { branch: o.branch } : {}),
    tags: o.tag ?? [],
  });
  emit(ctx, v, [`${v.created ? 'Created' : 'Updated'} ${v.pacticipant} version ${v.number} in the Pact Broker`, ...versionLines(v).map((l) => `  ${l}`)]);
  return 0;
}
