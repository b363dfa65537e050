/** `pactship create-version-tag`. */
import { detectVersionProperties, systemGit } from '../../ci/detect.js';
import { UsageError } from '../../errors.js';
import { createVersionTags } from '../../release/versions.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version: string;
  tag?: string[];
  autoCreateVersion?: boolean;
  tagWithGitBranch?: boolean;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const tags = [...(o.tag ?? [])];
  if (o.tagWithGitBranch) {
    const detected = await detectVersionProperties({ env: ctx.env, git: systemGit(ctx.cwd) });
    if (!detected.branch) {
      throw new UsageError('--tag-with-git-branch: could not find the git branch (no CI branch variable, and git has none: detached HEAD or not a repository?)', {
        hint: 'Pass the tag explicitly with --tag.',
      });
    }
    ctx.out.debug(`git branch '${detected.branch.value}' from ${detected.branch.source}`);
    if (!tags.includes(detected.branch.value)) tags.push(detected.branch.value);
  }
  if (tags.length === 0) throw new UsageError('no tags given', { hint: 'Pass --tag TAG (repeatable) and/or --tag-with-git-branch.' });
  const { client } = await connect(ctx, o);
  const r = await createVersionTags(client, { pacticipant: o.pacticipant, version: o.version, tags, autoCreateVersion: o.autoCreateVersion === true });
  emit(ctx, r, r.tags.map((t) => `Tagged ${r.pacticipant} version ${r.version} with '${t}'${r.createdVersion ? ' (version created)' : ''}`));
  return 0;
}
