/**
 * `settlekit simulate`: the reference simulator of all three APIs as a standalone server, until SIGINT/SIGTERM.
 */
import { createSimulator } from '../../simulator/index.ts';

/** Serves the simulator; resolves when it has shut down after a signal. */
export async function simulateCommand(options: { port: number; host: string }): Promise<void> {
  const simulator = createSimulator();
  const url = await simulator.listen(options.port, options.host);
  process.stdout.write(`settlekit reference simulator listening on ${url}\n`);
  process.stdout.write('  Braintree:                /merchants/integration_merchant_id/… (integration_public_key / integration_private_key)\n');
  process.stdout.write('  Worldpay Payments:        /api/payments… (settlekit / settlekit)\n');
  process.stdout.write('  Worldpay Split Payments:  /splitPayments… (settlekit / settlekit)\n');
  process.stdout.write('  test controls:            /__settlekit/…\n');
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
