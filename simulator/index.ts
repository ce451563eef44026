/**
 * The reference simulator's public API (the `settlekit/simulator` entry): {@link createSimulator} starts a local,
 * stateful Braintree / Worldpay Payments / Worldpay Split Payments sandbox, e.g. for a merchant's own integration
 * tests. Below it, for tests that drive the state directly: the generic ledger, the vendor models, and what a façade
 * is made of (to serve one more API with `SimulatorOptions.facades`).
 *
 * Errors a merchant sees are {@link SettlekitError}s with a stable code: `SETTLEKIT_E_SIMULATOR_OPTION` for a bad
 * option or `listen` argument, `SETTLEKIT_E_SIMULATOR_LISTEN` when the system refuses to listen (port in use…).
 */
export * from './ledger/index.ts';
export * from './models/index.ts';
export { SettlekitError, type ErrorCode } from '../lib/errors.ts';
export { BUILTIN_FACADES, createSimulator, resolveConfig, SEEDED_START_TIME, type Simulator, type SimulatorOptions } from './http/server.ts';
export type { Facade, FacadeFactory, RequestContext, SimulatorConfig, SimulatorContext } from './http/plumbing/context.ts';
export { FaultQueue, type Fault } from './http/plumbing/faults.ts';
export { BodyTooLargeError, DEFAULT_BODY_LIMIT_BYTES, decodeUtf8, parseJson, type JsonParseResult } from './http/plumbing/body.ts';
export { basicAuthChecker, checkBasicAuth, constantTimeEqual, parseBasicAuth, type BasicAuthCheck, type BasicAuthOutcome } from './http/plumbing/auth.ts';
export { CONTROL_PREFIX, createTestControls } from './http/test-controls/facade.ts';
export { createBraintreeFacade } from './http/braintree/facade.ts';
export { renderApiErrorResponse, renderTransaction, transactionElement } from './http/braintree/render.ts';
export { createWorldpayPaymentsFacade, WORLDPAY_PAYMENTS_VERSION, type WorldpayPaymentsFacadeOptions } from './http/worldpay-payments/facade.ts';
export { createSplitPaymentsFacade } from './http/split-payments/facade.ts';
