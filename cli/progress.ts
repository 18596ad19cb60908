// A one-line progress display for long runs on a terminal (cli-progress): records and
// pages of a Query, inputs and documents of the other actions, rate and elapsed time.
import { MultiBar, type SingleBar } from 'cli-progress';

export type ProgressKind = 'query' | 'batch';

export interface Progress {
  document(): void;
  input(): void;
  request(): void;
  /** Prints a line above the progress line. */
  log(line: string): void;
  stop(): void;
}

const FORMATS: Record<ProgressKind, string> = {
  query: '{label}  {documents} records  {requests} pages  {rate}/s  {duration_formatted}',
  batch: '{label}  {inputs} inputs  {documents} documents  {requests} requests  {rate}/s  {duration_formatted}',
};

export function startProgress(label: string, kind: ProgressKind, stream: NodeJS.WriteStream, onStop: () => void): Progress {
  const started = Date.now();
  const counts = { documents: 0, inputs: 0, requests: 0 };
  const multi = new MultiBar({ stream, format: FORMATS[kind], fps: 5, clearOnComplete: true });
  // No SIGINT handler of its own (gracefulExit): Ctrl-C must still end the run at once.
  const bar: SingleBar = multi.create(0, 0, payload());
  function payload() {
    const seconds = (Date.now() - started) / 1000;
    const perSecond = kind === 'query' ? counts.documents : counts.inputs;
    return { label, ...counts, rate: seconds > 0 ? Math.round(perSecond / seconds) : 0 };
  }
  // The bar redraws on its own timer; the counters are pushed to it a few times a second, not per record.
  const push = setInterval(() => bar.update(0, payload()), 200);
  push.unref();
  return {
    document: () => void counts.documents++,
    input: () => void counts.inputs++,
    request: () => void counts.requests++,
    log: (line) => multi.log(line),
    stop() {
      clearInterval(push);
      multi.update(); // flushes lines logged since the last redraw
      multi.stop();
      onStop();
    },
  };
}
