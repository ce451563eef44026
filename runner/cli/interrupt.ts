/**
 * SIGINT/SIGTERM for the long-running commands: the first signal aborts the work (which stops what it is doing and
 * still writes its report), a second one exits at once with 130.
 */

/** Runs `work` with a signal that the first SIGINT/SIGTERM aborts; `stopping` says what happens then. */
export async function withInterrupt<T>(stopping: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\n${signal}: ${stopping} (press again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
