/** The reference simulator's public API. */
export * from './ledger/index.ts';
export {
  BUILTIN_FACADES,
  BodyTooLargeError,
  DEFAULT_BODY_LIMIT_BYTES,
  FaultQueue,
  checkBasicAuth,
  constantTimeEqual,
  createSimulator,
  decodeUtf8,
  parseBasicAuth,
  parseJson,
  resolveConfig,
  type Facade,
  type FacadeFactory,
  type Fault,
  type JsonParseResult,
  type RequestContext,
  type Simulator,
  type SimulatorConfig,
  type SimulatorContext,
  type SimulatorOptions,
} from './http/server.ts';
export { CONTROL_PREFIX, createTestControls } from './http/test-controls.ts';
export { createBraintreeFacade } from './http/braintree/facade.ts';
export { renderApiErrorResponse, renderTransaction, transactionElement } from './http/braintree/render.ts';
