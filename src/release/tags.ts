/** Version tags: delete one (`pb:pacticipant-version-tag`). */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import { PactshipError } from '../errors.js';
import { listKnown } from './errors.js';
import { getVersion, toVersionInfo } from './versions.js';

export class UnknownTagError extends PactshipError {
  override readonly code: string = 'UNKNOWN_TAG';
}

export async function deleteVersionTag(client: BrokerClient, input: { pacticipant: string; version: string; tag: string }): Promise<typeof input> {
  // The version first: its 404 names what exists (pacticipants or versions).
  const version = toVersionInfo(await getVersion(client, input.pacticipant, input.version), input.pacticipant);
  try {
    await client.delete(await client.href('pb:pacticipant-version-tag', input));
    return input;
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
    throw new UnknownTagError(`${input.pacticipant} version ${input.version} has no tag '${input.tag}'`, {
      details: [`tags of ${input.pacticipant} version ${input.version}: ${listKnown(version.tags)}`],
      hint: 'Nothing was deleted. Check the tag name (case-sensitive).',
      cause: error,
    });
  }
}
