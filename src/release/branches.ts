/** Branches: delete one (`pb:pacticipant-branch`); its versions, pacts and results stay. */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError, MissingRelationError } from '../broker/errors.js';
import { PactshipError } from '../errors.js';
import { listKnown } from './errors.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';

export class UnknownBranchError extends PactshipError {
  override readonly code: string = 'UNKNOWN_BRANCH';
}

type Obj = Record<string, unknown>;

async function branchNames(client: BrokerClient, pacticipant: string): Promise<string[] | undefined> {
  const p = await findPacticipant(client, pacticipant);
  if (!p) return undefined;
  try {
    if (!p.can('pb:branches')) return [];
    return (await client.get(p.href('pb:branches'))).embedded<Obj>('branches').map((b) => String(b.name ?? '?'));
  } catch {
    return [];
  }
}

export interface DeleteBranchResult {
  pacticipant: string;
  branch: string;
  deleted: boolean;
}

export async function deleteBranch(
  client: BrokerClient,
  input: { pacticipant: string; branch: string; errorWhenNotFound: boolean },
): Promise<DeleteBranchResult> {
  const index = await client.index();
  if (!index.can('pb:pacticipant-branch')) {
    const error = new MissingRelationError('pb:pacticipant-branch', index.url, index.relations);
    throw new PactshipError('this Pact Broker cannot delete branches (its index has no pb:pacticipant-branch relation)', {
      details: error.details,
      hint: 'Deleting branches needs a newer pact_broker (or PactFlow); upgrade the broker.',
    });
  }
  try {
    await client.delete(index.href('pb:pacticipant-branch', { pacticipant: input.pacticipant, branch: input.branch }));
    return { ...input, deleted: true };
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
  }
  const known = await branchNames(client, input.pacticipant);
  if (known === undefined) throw await unknownPacticipant(client, input.pacticipant);
  if (!input.errorWhenNotFound) return { pacticipant: input.pacticipant, branch: input.branch, deleted: false };
  throw new UnknownBranchError(`${input.pacticipant} has no branch '${input.branch}'`, {
    details: [`branches of ${input.pacticipant}: ${listKnown(known)}`],
    hint: 'Check the name (case-sensitive); pass --no-error-when-not-found to treat a missing branch as done.',
  });
}
