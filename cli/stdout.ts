// stdout as a pipe that may close under us (`twilio-connector objects | head -1`): an
// EPIPE marks it closed instead of crashing the process, and writers check `closed`
// so a running operation stops at its next document.
export interface Output {
  readonly closed: boolean;
  /** false: wait for drained() before writing more. */
  write(text: string | Buffer): boolean;
  /** Resolves on 'drain', or at once when the reader went away. */
  drained(): Promise<void>;
}

const guarded = new WeakMap<NodeJS.WritableStream, Output>();

/** One guard per stream, however often the CLI runs in this process (the tests run it many times). */
export function guardedOutput(stream: NodeJS.WritableStream = process.stdout): Output {
  const known = guarded.get(stream);
  if (known) return known;
  let closed = false;
  const waiting = new Set<() => void>();
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    closed = true;
    for (const wake of waiting) wake();
  });
  const output: Output = {
    get closed() {
      return closed;
    },
    write(text) {
      return closed ? true : stream.write(text);
    },
    drained() {
      // No 'drain' comes for a stream that wants none (any more).
      if (closed || !(stream as NodeJS.WritableStream & { writableNeedDrain?: boolean }).writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = () => {
          waiting.delete(wake);
          stream.off('drain', wake);
          resolve();
        };
        waiting.add(wake);
        stream.once('drain', wake);
      });
    },
  };
  guarded.set(stream, output);
  return output;
}
