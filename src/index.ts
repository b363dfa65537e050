/**
 * The programmatic API: `import { verify, publish, loadConfig, parsePact, matchResponse } from 'pactship'`.
 * The CLI is a thin layer over these.
 */
export { verify, type VerifyOptions, type VerifyFilters } from './verify/api.js';
export type { VerifyReporter, VerifyPlan, PactStart, VerifySelected, ProviderExchange } from './verify/events.js';
export type {
  VerifyOutcome,
  VerificationResult,
  PactResult,
  InteractionResult,
  InteractionError,
  InteractionStatus,
  Summary,
  BrokerNoticeText,
} from './verify/results.js';
export type { PublishStepOutcome as VerifyPublication } from './verify/publish-step.js';
export type { ReportFiles } from './verify/run.js';
export { ReportFileError } from './verify/run.js';
export { NothingVerifiedError, UnknownProviderError, PactSourceError, ProviderStartError, ProviderUnreachableError, ResultsNotSentError } from './verify/errors.js';
export { publish, preparePublication, type PublishOptions, type PublishResult, type PublishedPact } from './publish/index.js';
export { loadConfig, type LoadConfigOptions } from './config/load.js';
export type {
  Config,
  ResolvedConfig,
  Source,
  VerifyConfig,
  PublishConfig,
  BrokerConfig,
  StateHandler,
  ProviderRequest,
  MessageHandler,
  MessageHandlerInput,
  MessageReply,
} from './config/types.js';
export { parsePact, parsePactText, detectSpecVersion } from './pact/index.js';
export type * from './pact/model.js';
export { matchResponse, summarize, applyGenerators } from './matching/index.js';
export { matchMessage, type ActualMessage } from './matching/message.js';
export { BrokerClient, type BrokerClientOptions } from './broker/client.js';
export { diffPacts, loadLocalPacts, type DiffOptions, type DiffReport } from './diff/index.js';
export { HalResource } from './broker/hal.js';
export * from './broker/errors.js';
export * from './errors.js';
export { detectVersionProperties, detectFromEnv, isCI } from './ci/detect.js';
export { createRedactor } from './report/redact.js';
export { VERSION } from './version.js';
