/** GET <base>: the index with every relation of broker-api.md section 2. */
import type { Ctx, Route } from '../context.js';
import type { Link } from '../hal.js';

export function indexLinks(ctx: Ctx): Record<string, Link | Link[]> {
  const b = ctx.urls.base;
  const t = { templated: true };
  const links: Record<string, Link | Link[]> = {
    self: { href: b, title: 'Index' },
    'pb:publish-contracts': { href: `${b}/contracts/publish`, title: 'Publish contracts' },
    'pb:publish-pact': {
      href: `${b}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`,
      title: 'Publish a pact',
      ...t,
    },
    'pb:provider-pacts-for-verification': {
      href: `${b}/pacts/provider/{provider}/for-verification`,
      title: 'Pact versions to be verified for the specified provider',
      ...t,
    },
    'pb:latest-pact-versions': { href: `${b}/pacts/latest`, title: 'Latest pact versions' },
    'pb:pacticipants': { href: `${b}/pacticipants`, title: 'Pacticipants' },
    'pb:pacticipant': { href: `${b}/pacticipants/{pacticipant}`, title: 'Fetch pacticipant by name', ...t },
    'pb:pacticipant-version': {
      href: `${b}/pacticipants/{pacticipant}/versions/{version}`,
      title: 'Get, create or delete a pacticipant version',
      ...t,
    },
    'pb:pacticipant-version-tag': {
      href: `${b}/pacticipants/{pacticipant}/versions/{version}/tags/{tag}`,
      title: 'Get, create or delete a tag for a pacticipant version',
      ...t,
    },
    'pb:pacticipant-branch-version': {
      href: `${b}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
      title: 'Get or add/create a pacticipant version for a branch',
      ...t,
    },
    'pb:pacticipant-branch': {
      href: `${b}/pacticipants/{pacticipant}/branches/{branch}`,
      title: 'Get or delete a pacticipant branch',
      ...t,
    },
    'pb:webhooks': { href: `${b}/webhooks`, title: 'Webhooks' },
    'pb:webhook': { href: `${b}/webhooks/{uuid}`, title: 'Webhook', ...t },
    'pb:latest-version': { href: `${b}/pacticipants/{pacticipant}/latest-version`, title: 'Latest pacticipant version', ...t },
    'pb:latest-tagged-version': { href: `${b}/pacticipants/{pacticipant}/latest-version/{tag}`, title: 'Latest pacticipant version with the specified tag', ...t },
    'pb:environments': { href: `${b}/environments`, title: 'Environments' },
    'pb:environment': { href: `${b}/environments/{uuid}`, title: 'Environment', ...t },
    'pb:can-i-deploy-pacticipant-version-to-environment': {
      href: `${b}/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}`,
      title: 'Determine if an application version can be safely deployed to an environment',
      ...t,
    },
    'pb:can-i-deploy-pacticipant-version-to-tag': {
      href: `${b}/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}`,
      title: 'Determine if an application version can be safely deployed to the latest versions with a tag',
      ...t,
    },
    curies: [{ name: 'pb', href: `${b}/doc/{rel}?context=index`, templated: true }],
  };
  if (ctx.options.legacy) delete links['pb:publish-contracts'];
  for (const rel of ctx.options.omitRelations) delete links[rel];
  return links;
}

export const indexRoutes: Route[] = [
  { method: 'GET', path: '', handler: (ctx) => ({ status: 200, body: { _links: indexLinks(ctx) } }) },
];
