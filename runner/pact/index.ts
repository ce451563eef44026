/**
 * settlekit's Pact module, the package entry `settlekit/pact`: the conformance suites as Pact V4 contracts
 * ({@link exportPacts}), their verification by Pact's own verifier with settlekit serving the provider states
 * ({@link verifyPacts}), and those provider states for a provider team's own Pact JS `Verifier`
 * ({@link settlekitVerifierOptions}, {@link settlekitStateHandlers}). Pact's telemetry is turned off before Pact is
 * loaded (unless `PACT_DO_NOT_TRACK` is set), and nothing here reaches beyond the target it is given.
 */
export { exportPacts, type ExportOptions, type ExportOutcome, type NoteTally, type SuiteExport } from './export.ts';
export { verifyPacts, PACT_LOG_FILE, type VerifyOptions, type VerifyOutcome } from './verify.ts';
export {
  settlekitStateHandlers,
  settlekitVerifierOptions,
  type JsonValue,
  type SettlekitPactOptions,
  type SettlekitStateHandler,
  type SettlekitStateHandlers,
} from './state-handlers.ts';
export { STATE_NOT_REACHED_STATUS, type RequestFilter } from './request-filter.ts';
export {
  CREDENTIALS_PLACEHOLDER,
  STEP_HEADER,
  defaultConsumer,
  defaultProvider,
  interactionDescription,
  pactFileName,
  readState,
  stateName,
  type SettlekitStateParams,
} from './naming.ts';
export type { EncodingNote } from './expectations.ts';
export type { LeftOutStep } from './interaction.ts';
export { PACT_LOG_LEVELS, type PactLogLevel } from './pact-runtime.ts';
