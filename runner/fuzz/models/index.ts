/**
 * The command model of each suite, by suite id. A suite without a model cannot be fuzzed (a usage error).
 */
import type { CommandModel } from '../model.ts';
import { braintreeModel } from './braintree.ts';
import { worldpayPaymentsModel } from './worldpay-payments.ts';
import { splitPaymentsModel } from './worldpay-split-payments.ts';

/** Every command model, by the id of the suite it generates for. */
export const COMMAND_MODELS: Readonly<Record<string, CommandModel>> = {
  braintree: braintreeModel as CommandModel,
  'worldpay-payments': worldpayPaymentsModel as CommandModel,
  'worldpay-split-payments': splitPaymentsModel as CommandModel,
};
