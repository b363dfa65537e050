/** POST pb:provider-pacts-for-verification (section 4). */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { isNonBlankString, isRecord, notFound, Problems, validationError } from '../http.js';
import { encodeMetadata } from '../metadata.js';
import { pactName } from '../resources.js';
import type { Selection } from '../selectors.js';
import { defaultSelections, isPending, resolveSelector, validateSelectors, wipSelections } from '../selectors.js';
import type { PactPublication } from '../state.js';

interface Group {
  pacts: PactPublication[];
  descriptions: string[];
  shorts: string[];
  wip: boolean;
}

function forVerification(ctx: Ctx): { status: number; body: unknown } {
  const { state, urls } = ctx;
  const provider = param(ctx, 'provider');
  if (!state.pacticipant(provider)) throw notFound();
  const body = ctx.json === undefined ? {} : ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const problems = new Problems();
  const rawSelectors = body['consumerVersionSelectors'];
  const branchValue = body['providerVersionBranch'];
  const tagsValue = body['providerVersionTags'];
  const pendingValue = body['includePendingStatus'];
  const wipValue = body['includeWipPactsSince'];
  if (rawSelectors !== undefined && rawSelectors !== null && !Array.isArray(rawSelectors)) {
    problems.add('consumerVersionSelectors', 'consumerVersionSelectors must be an array');
  }
  if (branchValue !== undefined && branchValue !== null && !isNonBlankString(branchValue)) {
    problems.add('providerVersionBranch', "providerVersionBranch can't be blank");
  }
  if (tagsValue !== undefined && tagsValue !== null && !(Array.isArray(tagsValue) && tagsValue.every(isNonBlankString))) {
    problems.add('providerVersionTags', 'providerVersionTags must be an array of non-blank strings');
  }
  if (pendingValue !== undefined && pendingValue !== null && typeof pendingValue !== 'boolean') {
    problems.add('includePendingStatus', 'includePendingStatus must be true or false');
  }
  let wipSince: Date | undefined;
  if (wipValue !== undefined && wipValue !== null) {
    wipSince = typeof wipValue === 'string' ? new Date(wipValue) : undefined;
    if (wipSince === undefined || Number.isNaN(wipSince.getTime())) problems.add('includeWipPactsSince', 'includeWipPactsSince must be a date');
  }
  const branch = isNonBlankString(branchValue) ? branchValue : undefined;
  const tags = Array.isArray(tagsValue) ? (tagsValue as string[]) : [];
  const includePending = pendingValue === true;
  const list = Array.isArray(rawSelectors) ? (rawSelectors as unknown[]) : [];
  const { selectors, problems: selectorProblems } = validateSelectors(list, state, branch);
  for (const p of selectorProblems) problems.add('consumerVersionSelectors', p);
  problems.throwIfAny();

  const selections: Selection[] =
    list.length === 0 ? defaultSelections(state, provider) : selectors.flatMap((s) => resolveSelector(state, provider, s, branch));
  const groups = new Map<string, Group>();
  for (const s of selections) {
    const key = `${s.pact.consumer}|${s.pact.sha}`;
    const g = groups.get(key) ?? { pacts: [], descriptions: [], shorts: [], wip: false };
    if (!g.pacts.includes(s.pact)) g.pacts.push(s.pact);
    if (!g.descriptions.includes(s.description)) g.descriptions.push(s.description);
    if (!g.shorts.includes(s.short)) g.shorts.push(s.short);
    groups.set(key, g);
  }
  if (wipSince !== undefined && (branch !== undefined || tags.length > 0)) {
    for (const s of wipSelections(state, provider, wipSince, branch, tags, new Set(groups.keys()))) {
      groups.set(`${s.pact.consumer}|${s.pact.sha}`, { pacts: [s.pact], descriptions: [s.description], shorts: ['WIP'], wip: true });
    }
  }

  const providerDesc =
    branch !== undefined
      ? `a version of ${provider} from branch '${branch}'`
      : tags.length
        ? `a version of ${provider} with tag ${tags.map((t) => `'${t}'`).join(' or ')}`
        : `any version of ${provider}`;
  const pacts = [...groups.values()].map((g) => {
    const first = g.pacts[0] as PactPublication;
    const consumerVersions = [...new Set(g.pacts.map((p) => p.consumerVersion))].sort(
      (a, b) => (state.version(first.consumer, a)?.order ?? 0) - (state.version(first.consumer, b)?.order ?? 0),
    );
    const metadata = encodeMetadata({ cv: consumerVersions, s: g.shorts, ...(g.wip ? { w: true as const } : {}) });
    const href = urls.pactVersion(provider, first.consumer, first.sha, metadata);
    const pending = g.wip || isPending(state, provider, first.sha, branch, tags);
    const notices: { when: string; text: string }[] = [];
    if (g.wip) {
      notices.push({
        when: 'before_verification',
        text:
          `The pact at ${href} is being verified because it is a 'work in progress' pact (ie. it is ${g.descriptions[0] ?? 'a recent pact'} ` +
          `and it has not yet been successfully verified by ${providerDesc}). Read more at https://docs.pact.io/go/wip`,
      });
    } else {
      const plural = g.descriptions.length > 1;
      notices.push({
        when: 'before_verification',
        text:
          `The pact at ${href} is being verified because the pact content belongs to the consumer version${plural ? 's' : ''} ` +
          `matching the following criteri${plural ? 'a' : 'on'}:\n${g.descriptions.map((d) => `    * ${d}`).join('\n')}`,
      });
    }
    if (includePending || g.wip) {
      if (pending) {
        notices.push(
          {
            when: 'before_verification',
            text:
              `This pact is in pending state for this version of ${provider} because a successful verification result for ` +
              `${providerDesc} has not yet been published. If this verification fails, it will not cause the overall build to fail. ` +
              'Read more at https://docs.pact.io/go/pending',
          },
          {
            when: 'after_verification:success_true_published_false',
            text: `This pact is still in pending state for ${providerDesc} as the successful verification results have not yet been published.`,
          },
          {
            when: 'after_verification:success_false_published_false',
            text: `This pact is still in pending state for ${providerDesc} as a successful verification result has not yet been published.`,
          },
          {
            when: 'after_verification:success_true_published_true',
            text:
              `This pact is no longer in pending state for ${providerDesc}, as a successful verification result has been published. ` +
              'If a verification for a future version fails, it will fail the build. Read more at https://docs.pact.io/go/pending',
          },
          {
            when: 'after_verification:success_false_published_true',
            text: `This pact is still in pending state for ${providerDesc} as a successful verification result has not yet been published.`,
          },
        );
      } else {
        notices.push({
          when: 'before_verification',
          text:
            `This pact has previously been successfully verified by ${providerDesc}. If this verification fails, it will fail the build. ` +
            'Read more at https://docs.pact.io/go/pending',
        });
      }
    }
    const verificationProperties: Record<string, unknown> = {};
    if (includePending || g.wip) verificationProperties['pending'] = pending;
    if (g.wip) verificationProperties['wip'] = true;
    verificationProperties['notices'] = notices;
    return {
      shortDescription: g.wip ? 'WIP' : g.shorts.join(', '),
      verificationProperties,
      _links: { self: { href, name: pactName(first.consumer, consumerVersions, provider) } },
    };
  });
  return {
    status: 200,
    body: {
      _embedded: { pacts },
      _links: { self: { href: urls.forVerification(provider), title: 'Pacts to be verified' } },
    },
  };
}

export const forVerificationRoutes: Route[] = [
  { method: 'POST', path: 'pacts/provider/:provider/for-verification', handler: forVerification },
];
