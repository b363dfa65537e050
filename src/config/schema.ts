/**
 * Every config key pactship knows, as data: its type, env var, default, whether it is a secret,
 * and a one-line description. Validation, env mapping, `pactship config`, redaction and the
 * documentation in `.pactrc.example` all read this one table.
 */

export type KeyType =
  | 'string'
  | 'url'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'string[]'
  | 'object[]'
  | 'record'
  | 'function'
  | 'functions'
  | 'handlers'
  | 'string|function';

export interface KeySpec {
  path: string;
  type: KeyType;
  describe: string;
  env?: string;
  default?: unknown;
  secret?: boolean;
  /** For 'functions': an entry may also be `{ setup, teardown }` functions (state handlers). */
  setupTeardown?: boolean;
}

export const DEFAULT_SELECTORS = [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }];

export const SCHEMA: readonly KeySpec[] = [
  { path: 'broker.baseUrl', type: 'url', env: 'PACT_BROKER_BASE_URL', describe: 'Pact Broker base URL (may include a path prefix)' },
  { path: 'broker.token', type: 'string', env: 'PACT_BROKER_TOKEN', secret: true, describe: 'Bearer token (PactFlow or custom auth); not together with username/password' },
  { path: 'broker.username', type: 'string', env: 'PACT_BROKER_USERNAME', describe: 'Basic auth username' },
  { path: 'broker.password', type: 'string', env: 'PACT_BROKER_PASSWORD', secret: true, describe: 'Basic auth password' },
  { path: 'broker.retries', type: 'integer', env: 'PACT_BROKER_HTTP_RETRIES', default: 4, describe: 'Retries after a failed broker request (connection errors, 408, 429, 5xx; a POST only when it cannot have arrived); 4 = 5 attempts' },
  { path: 'broker.timeoutMs', type: 'integer', env: 'PACT_BROKER_TIMEOUT_MS', default: 30_000, describe: 'Timeout of one broker request, in milliseconds' },
  { path: 'broker.deadlineMs', type: 'integer', env: 'PACT_BROKER_DEADLINE_MS', default: 120_000, describe: 'Time all broker requests of one run may take together, retries and back-off included, in milliseconds' },
  // In the broker section because the broker client is built from it; verify applies it to the provider too.
  { path: 'broker.maxResponseMb', type: 'number', env: 'PACTSHIP_MAX_RESPONSE_MB', default: 50, describe: 'Largest response body read from the broker, and from the provider by verify, in MB; a larger one fails the request' },
  { path: 'broker.caFile', type: 'string', env: 'PACT_BROKER_CA_FILE', describe: 'Extra CA certificate (PEM) for the broker; NODE_EXTRA_CA_CERTS also works' },
  { path: 'broker.customHeaders', type: 'string[]', default: [], secret: true, describe: "Headers sent with every broker request ('Name: value'), to the broker's origin only" },
  { path: 'broker.skipSslVerification', type: 'boolean', default: false, describe: "Do not verify the broker's TLS certificate (insecure; prefer caFile)" },

  { path: 'publish.pactFiles', type: 'string[]', default: ['./pacts/*.json'], describe: 'Pact files, directories or globs to publish' },
  { path: 'publish.consumerVersion', type: 'string', describe: 'Consumer version (default: detected git commit)' },
  { path: 'publish.branch', type: 'string', describe: 'Consumer version branch (default: detected git branch)' },
  { path: 'publish.tags', type: 'string[]', default: [], describe: 'Tags for the consumer version (legacy; prefer branches)' },
  { path: 'publish.tagWithGitBranch', type: 'boolean', default: false, describe: 'Also tag the version with the git branch' },
  { path: 'publish.buildUrl', type: 'url', describe: 'CI build URL recorded with the version (default: detected from CI)' },
  { path: 'publish.autoDetectVersionProperties', type: 'boolean', describe: 'Detect version, branch and build URL from CI/git (default: on in CI, off elsewhere)' },
  { path: 'publish.merge', type: 'boolean', default: false, describe: 'Merge with an existing pact for the same version instead of failing on changed content' },

  { path: 'verify.provider', type: 'string', describe: 'Provider name (to fetch pacts from the broker)' },
  { path: 'verify.providerBaseUrl', type: 'url', default: 'http://localhost:8080', describe: 'Where the running provider listens (may include a base path)' },
  { path: 'verify.providerStart', type: 'string', describe: 'Command that starts the provider; stopped at the end' },
  { path: 'verify.providerReadyUrl', type: 'url', describe: 'URL polled until the started provider answers (default: providerBaseUrl)' },
  { path: 'verify.providerStartTimeoutMs', type: 'integer', default: 30_000, describe: 'How long to wait for the started provider to answer' },
  { path: 'verify.stateChangeUrl', type: 'url', describe: 'Provider-state endpoint: POST {state, params, action}' },
  { path: 'verify.stateChangeAsQuery', type: 'boolean', default: false, describe: 'Send state, params and action as query parameters of an empty POST instead of a JSON body' },
  { path: 'verify.stateChangeTeardown', type: 'boolean', default: true, describe: 'Call the state-change URL with action "teardown" after each interaction' },
  { path: 'verify.skipSslVerification', type: 'boolean', default: false, describe: "Do not verify the provider's TLS certificate (https provider URLs; insecure)" },
  { path: 'verify.stateHandlers', type: 'functions', setupTeardown: true, describe: "JS config only: { 'state name': async (params) => values | { setup, teardown } }" },
  { path: 'verify.requestFilter', type: 'function', describe: 'JS config only: (request) => request, applied before each request is sent' },
  { path: 'verify.messageUrl', type: 'url', describe: 'Message endpoint: POST {description, providerStates} answers with the message (metadata in Pact-Message-Metadata)' },
  { path: 'verify.messageHandlers', type: 'handlers', describe: "JS config only: { 'message description': async ({ providerStates, params, request }) => ({ contents, metadata }) }" },
  { path: 'verify.headers', type: 'string[]', default: [], describe: "Headers added to every provider request ('Name: value'), replacing same-named ones" },
  { path: 'verify.pacts', type: 'string[]', default: [], describe: 'Local pact files, directories or globs to verify' },
  { path: 'verify.pactUrls', type: 'string[]', default: [], describe: 'Pact URLs to verify' },
  { path: 'verify.consumerVersionSelectors', type: 'object[]', default: DEFAULT_SELECTORS, describe: 'Consumer version selectors sent to the broker' },
  { path: 'verify.consumerVersionTags', type: 'string[]', default: [], describe: 'Legacy: verify the latest pact for each of these consumer tags' },
  { path: 'verify.enablePending', type: 'boolean', default: false, describe: 'Pending pacts do not fail the build' },
  { path: 'verify.includeWipPactsSince', type: 'string', describe: 'Also verify work-in-progress pacts created since this date (YYYY-MM-DD)' },
  { path: 'verify.providerVersion', type: 'string', describe: 'Provider version for published results (default: detected git commit)' },
  { path: 'verify.providerVersionBranch', type: 'string', describe: 'Provider version branch (default: detected git branch)' },
  { path: 'verify.providerVersionTags', type: 'string[]', default: [], describe: 'Provider version tags' },
  { path: 'verify.buildUrl', type: 'url', describe: 'Build URL recorded with the verification results' },
  { path: 'verify.publish', type: 'boolean', default: false, describe: 'Publish verification results to the broker' },
  { path: 'verify.timeoutMs', type: 'integer', default: 30_000, describe: 'Timeout of each provider and state-change request, in milliseconds' },
  { path: 'verify.concurrency', type: 'integer', default: 1, describe: 'Interactions without provider states verified in parallel' },
  { path: 'verify.failIfNoPacts', type: 'boolean', default: true, describe: 'Exit 1 when there is nothing to verify' },

  { path: 'canIDeploy.retryWhileUnknown', type: 'integer', default: 0, describe: 'How many times to ask again while the answer is unknown' },
  { path: 'canIDeploy.retryInterval', type: 'number', default: 10, describe: 'Seconds between those retries' },
  { path: 'canIDeploy.ignore', type: 'string[]', env: 'PACT_BROKER_CAN_I_DEPLOY_IGNORE', default: [], describe: 'Pacticipants (name or name@version) to ignore' },
  { path: 'canIDeploy.dryRun', type: 'boolean', env: 'PACT_BROKER_CAN_I_DEPLOY_DRY_RUN', default: false, describe: 'Print the answer but always exit 0' },
];

export const SECTIONS = ['broker', 'publish', 'verify', 'canIDeploy'] as const;

export const SCHEMA_BY_PATH: ReadonlyMap<string, KeySpec> = new Map(SCHEMA.map((k) => [k.path, k]));

export const SECRET_PATHS = SCHEMA.filter((k) => k.secret).map((k) => k.path);

/** Keys whose values are never echoed in messages: marked secret, or named like a secret (also unknown keys). */
export function isSecretKey(path: string): boolean {
  return SCHEMA_BY_PATH.get(path)?.secret === true || /pass(word)?|token|secret|credential|api[-_]?key|private[-_]?key|auth/i.test(path.split('.').pop() ?? '');
}
