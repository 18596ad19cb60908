// SIGINT (Ctrl-C) and SIGTERM (systemd stopping a unit, `timeout`, a container runtime)
// during a run: the first ends it the way a stop does, so the scheduler still gets the
// in-flight input's result, results.jsonl lines, the summary and a lock released; a
// second one ends the process at once, as the signal would have without a handler.
import { constants } from 'node:os';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

const SIGNALS: InterruptSignal[] = ['SIGINT', 'SIGTERM'];

export interface Interrupt {
  /** The signal that came, once one has. */
  readonly signal?: InterruptSignal;
  /** Stops listening: the signals end the process again as Node's default does. */
  dispose(): void;
}

/** The exit code a shell reports for a process ended by the signal: 128 + its number (130, 143). */
export function signalExitCode(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}

/** Listens for the signals until dispose(); `onSignal` is called once, on the first. */
export function onInterrupt(onSignal: (signal: InterruptSignal) => void): Interrupt {
  let signal: InterruptSignal | undefined;
  const handler = (received: InterruptSignal): void => {
    if (signal) {
      // The second: no more waiting for the run to wind down.
      dispose();
      process.kill(process.pid, received);
      return;
    }
    signal = received;
    onSignal(received);
  };
  const dispose = (): void => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    get signal() {
      return signal;
    },
    dispose,
  };
}
