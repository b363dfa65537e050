/**
 * The programmatic API: `import { publish, loadConfig, parsePact, matchResponse } from 'pactship'`.
 * The CLI is a thin layer over these.
 */
export { publish, preparePublication, type PublishOptions, type PublishResult, type PublishedPact } from './publish/index.js';
export { loadConfig, type LoadConfigOptions } from './config/load.js';
export type { Config, ResolvedConfig, Source, VerifyConfig, PublishConfig, BrokerConfig, StateHandler, ProviderRequest } from './config/types.js';
export { parsePact, parsePactText, detectSpecVersion } from './pact/index.js';
export type * from './pact/model.js';
export { matchResponse, summarize, applyGenerators } from './matching/index.js';
export { BrokerClient, type BrokerClientOptions } from './broker/client.js';
export { diffPacts, loadLocalPacts, type DiffOptions, type DiffReport } from './diff/index.js';
export { HalResource } from './broker/hal.js';
export * from './broker/errors.js';
export * from './errors.js';
export { detectVersionProperties, detectFromEnv, isCI } from './ci/detect.js';
export { createRedactor } from './report/redact.js';
export { VERSION } from './version.js';
