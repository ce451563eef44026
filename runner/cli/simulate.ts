/**
 * `settlekit simulate`: the reference simulator of all three APIs as a standalone server, until SIGINT/SIGTERM.
 */
import { createSimulator, DEFAULT_MERCHANT_ACCOUNTS } from '../../simulator/index.ts';

/** What `settlekit simulate` is told on the command line. */
export interface SimulateCommandOptions {
  readonly port: number;
  readonly host: string;
  /**
   * Braintree settlement adjustment (the BT-PS-05 exception): every merchant account may settle this many percent
   * above an authorization. Unset: none, as a merchant without the industry/processor support.
   */
  readonly settlementAdjustment?: number;
}

/** Serves the simulator; resolves when it has shut down after a signal. */
export async function simulateCommand(options: SimulateCommandOptions): Promise<void> {
  const percent = options.settlementAdjustment;
  const simulator = createSimulator(
    percent === undefined ? {} : { merchantAccounts: DEFAULT_MERCHANT_ACCOUNTS.map((account) => ({ ...account, settlementAdjustmentPercent: percent })) },
  );
  const url = await simulator.listen(options.port, options.host);
  process.stdout.write(`settlekit reference simulator listening on ${url}\n`);
  process.stdout.write('  Braintree:                /merchants/integration_merchant_id/… (integration_public_key / integration_private_key)\n');
  process.stdout.write('  Worldpay Payments:        /api/payments… (settlekit / settlekit)\n');
  process.stdout.write('  Worldpay Split Payments:  /splitPayments… (settlekit / settlekit)\n');
  process.stdout.write('  test controls:            /__settlekit/…\n');
  if (percent !== undefined) {
    process.stdout.write(`  settlement adjustment:    up to ${percent}% above an authorization (declare capabilities: [settlement-adjustment] in the profile)\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await simulator.close();
  process.stdout.write('simulator stopped\n');
}
