/**
 * A reader that goes away is not an error of the command: `settlekit list --json | head -1` closes the pipe after one
 * line, and the next write to stdout fails with EPIPE, which Node throws as an unhandled 'error' event — a stack trace
 * and exit code 1 for a command that did its job. Here such a stream simply stops being written: what the command
 * still writes there is dropped, everything else goes on (a run still writes its report files and ends with its own
 * exit code).
 */

/** Errors of a stream whose reader went away: the pipe closed (EPIPE), or a write after that. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** The streams already tolerant (`main` may run more than once in a process: one listener each). */
const tolerant = new WeakSet<NodeJS.WriteStream>();

/** Makes `stream` drop writes once its reader has gone away; any other error of the stream is thrown as before. */
export function tolerateClosedOutput(stream: NodeJS.WriteStream): void {
  if (tolerant.has(stream)) return;
  tolerant.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (READER_GONE.has(error.code ?? '')) return;
    throw error;
  });
}
