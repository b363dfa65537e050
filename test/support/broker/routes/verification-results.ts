/** POST pb:publish-verification-results (section 5) and GET of a stored result. */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { isNonBlankString, isRecord, notFound, Problems, validationError } from '../http.js';
import { decodeMetadata } from '../metadata.js';
import { verificationResource } from '../resources.js';

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function publish(ctx: Ctx): { status: number; body: unknown; headers: Record<string, string> } {
  const [provider, consumer, sha] = [param(ctx, 'provider'), param(ctx, 'consumer'), param(ctx, 'sha')];
  const pacts = ctx.state.pactsBySha(consumer, provider, sha);
  if (pacts.length === 0) throw notFound();
  const body = ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const problems = new Problems();
  if (typeof body['success'] !== 'boolean') problems.add('success', 'success must be true or false');
  if (!isNonBlankString(body['providerApplicationVersion'])) {
    problems.add('providerApplicationVersion', 'providerApplicationVersion is missing or blank');
  }
  const buildUrl = body['buildUrl'];
  if (buildUrl !== undefined && buildUrl !== null && !(typeof buildUrl === 'string' && isUrl(buildUrl))) {
    problems.add('buildUrl', 'buildUrl is not a valid URL');
  }
  const branch = body['providerVersionBranch'] ?? body['providerApplicationVersionBranch'];
  if (branch !== undefined && branch !== null && !isNonBlankString(branch)) problems.add('providerVersionBranch', 'must be a non-blank string');
  problems.throwIfAny();

  const rawMetadata = ctx.params['metadata'];
  const metadata = rawMetadata === undefined ? undefined : decodeMetadata(rawMetadata);
  const known = metadata?.cv.filter((v) => pacts.some((p) => p.consumerVersion === v)) ?? [];
  const consumerVersions = known.length ? known : [(pacts.at(-1) ?? pacts[0])?.consumerVersion as string];
  const providerVersion = body['providerApplicationVersion'] as string;
  if (isNonBlankString(branch)) ctx.state.addBranch(provider, providerVersion, branch);
  const record = ctx.state.addVerification({
    consumer,
    provider,
    sha,
    consumerVersions,
    providerVersion,
    success: body['success'] as boolean,
    ...(typeof buildUrl === 'string' ? { buildUrl } : {}),
    ...(body['verifiedBy'] === undefined ? {} : { verifiedBy: body['verifiedBy'] }),
    ...(body['testResults'] === undefined ? {} : { testResults: body['testResults'] }),
  });
  const resource = verificationResource(ctx.urls, record);
  const location = ctx.urls.verification(provider, consumer, sha, record.number);
  return { status: 201, body: resource, headers: { Location: location } };
}

function get(ctx: Ctx): { status: number; body: unknown } {
  const [provider, consumer, sha] = [param(ctx, 'provider'), param(ctx, 'consumer'), param(ctx, 'sha')];
  const n = Number(param(ctx, 'number'));
  const record = ctx.state.verifications.find((v) => v.provider === provider && v.consumer === consumer && v.sha === sha && v.number === n);
  if (!record) throw notFound();
  return { status: 200, body: verificationResource(ctx.urls, record) };
}

/** The latest verification of a pact content, by any provider version (404 when there is none). */
function latest(ctx: Ctx): { status: number; body: unknown } {
  const [provider, consumer, sha] = [param(ctx, 'provider'), param(ctx, 'consumer'), param(ctx, 'sha')];
  const record = ctx.state.verifications.filter((v) => v.provider === provider && v.consumer === consumer && v.sha === sha).at(-1);
  if (!record) throw notFound();
  return { status: 200, body: verificationResource(ctx.urls, record) };
}

const base = 'pacts/provider/:provider/consumer/:consumer/pact-version/:sha';

export const verificationRoutes: Route[] = [
  { method: 'POST', path: `${base}/verification-results`, handler: publish },
  { method: 'POST', path: `${base}/metadata/:metadata/verification-results`, handler: publish },
  { method: 'GET', path: `${base}/verification-results/latest`, handler: latest },
  { method: 'GET', path: `${base}/verification-results/:number`, handler: get },
];
