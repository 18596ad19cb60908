// Runs an Operation over its inputs into a sink: one result per input, the progress
// line, the summary, and how the run ended (every input answered, stopped by an
// application error, or cut off because stdout closed).
import { OperationStoppedError } from '../connector/errors';
import { objectType, type Catalog } from '../connector/catalog/load';
import { PLACEHOLDER_ACCOUNT_SID, resolveConnection, type Connection } from '../connector/connection';
import { planQuery } from '../connector/query';
import { Operation, type DocumentResult, type InputDocument, type OperationOptions } from '../connector/operation';
import { StdoutClosedError } from './errors';
import type { CountingHttpClient } from './http';
import { onInterrupt, signalExitCode, type InterruptSignal } from './interrupt';
import type { Logger, Summary } from './log';
import type { DocumentSink } from './outputs';
import type { ProgressKind } from './progress';

export interface Execution {
  label: string;
  /** Read as the operation goes (stdin streams), so a large batch starts at once and memory stays flat. */
  inputs: Iterable<InputDocument> | AsyncIterable<InputDocument>;
  sink: DocumentSink;
  log: Logger;
  http?: CountingHttpClient;
  /** Extra fields for the JSON summary (out folder, sandbox). */
  fields?: Record<string, unknown>;
  /** Whether the command takes --return-application-errors, so a stop may point to it (sync does not). */
  returnable?: boolean;
}

/** Placeholder account: what the options say is checked without one (no request is made). */
const NO_ACCOUNT = { accountSid: PLACEHOLDER_ACCOUNT_SID, authToken: 'never-sent' };

/**
 * Refuses options the Operation would refuse, before credentials are read or the embedded
 * sandbox starts, so a usage error comes first and alone. @throws ConfigurationError
 */
export function checkOperation(options: OperationOptions, catalog: Catalog): void {
  new Operation(resolveConnection(NO_ACCOUNT), options, catalog).close();
}

/**
 * A Query's filters as the operation will plan them, with the connection's default country:
 * a filter it would refuse (Status=bogus, a missing ConferenceSid=) is the run's configuration,
 * refused here (exit 2) rather than as the FAILURE of its one input. @throws InvalidInputError
 */
export function checkQuery(options: OperationOptions, connection: Connection, catalog: Catalog): void {
  if (options.action === 'query') planQuery(objectType(catalog, options.objectType), options.filters ?? [], connection.accountSid, connection.defaultCountry);
}

/** Twilio's answer to credentials it does not accept: the run's configuration, not its documents. */
const UNAUTHORIZED = 401;

/**
 * Exit code 0 only when every input succeeded; 2 when Twilio refused the credentials
 * (a scheduler must see "fix the configuration", not "some input failed"); 130 or 143
 * when SIGINT or SIGTERM ended the run; the summary is logged either way.
 */
export async function execute(op: Operation, run: Execution): Promise<{ summary: Summary; exitCode: number; signal?: InterruptSignal }> {
  const { inputs, sink, log } = run;
  const started = Date.now();
  const summary: Summary = { label: run.label, inputs: 0, documents: 0, byStatus: { SUCCESS: 0, APPLICATION_ERROR: 0, FAILURE: 0 }, elapsedMs: 0 };
  const kind: ProgressKind = op.options.action === 'query' ? 'query' : 'batch';
  const progress = await log.startProgress(run.label, kind);
  if (run.http && progress) run.http.onAnswer = () => progress.request();
  let complete = false;
  /** Documents of the input whose result has not come yet. */
  let unauthorized = false;
  // Where each input came from, until its result is logged.
  const sources = new Map<number, string>();
  // A signal cancels the request in flight (its input ends FAILURE, `cancelled`) and ends the inputs.
  let stopWaiting: ((none: undefined) => void) | undefined;
  const interrupt = onInterrupt((signal) => {
    log.error(`${signal}: stopping the run: the request in flight is cancelled and no further input starts`, { event: 'interrupted', signal });
    op.close();
    stopWaiting?.(undefined);
  });
  async function* noted(): AsyncGenerator<InputDocument> {
    const it = Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
    for (let index = 0; !interrupt.signal; index++) {
      // An input still to come (stdin held open) must not keep a stopped run waiting: the signal ends the wait.
      const next = await new Promise<IteratorResult<InputDocument> | undefined>((resolve, reject) => {
        stopWaiting = resolve;
        Promise.resolve(it.next()).then(resolve, reject);
      });
      if (!next || next.done || interrupt.signal) return;
      if (next.value.source) sources.set(index, next.value.source);
      yield next.value;
    }
  }
  const account = (result: DocumentResult): void => {
    summary.inputs++;
    summary.byStatus[result.status]++;
    if (result.properties['twilio.status'] === String(UNAUTHORIZED)) unauthorized = true;
    progress?.input();
    const source = sources.get(result.input);
    sources.delete(result.input);
    sink.result(result, source);
    log.result(result, source ? { source } : {});
  };
  try {
    for await (const event of op.execute(noted())) {
      if (event.type === 'document') {
        summary.documents++;
        progress?.document();
        const wait = sink.write(event.document);
        if (wait) await wait;
      } else account(event.result);
    }
    complete = !interrupt.signal;
  } catch (err) {
    if (err instanceof StdoutClosedError) summary.stopped = `stdout closed by its reader after ${summary.documents} document(s) were written`;
    else if (err instanceof OperationStoppedError) {
      // The input that stopped the run has its result, as has every input sent before the stop was known.
      const stoppedAt = err.input + 1;
      const ran = summary.inputs;
      summary.stopped = `an application error at input ${stoppedAt}; ${ran > stoppedAt ? `inputs ${stoppedAt + 1}–${ran} were already sent, ` : ''}inputs after ${ran > stoppedAt ? ran : 'it'} were not run`;
      // The input's own line carries Twilio's answer; this one says what stopping means.
      const hint = err.error.status === UNAUTHORIZED || !run.returnable ? '' : ' (--return-application-errors returns such answers as documents and goes on)';
      log.error(`the run stopped at input ${stoppedAt}: Twilio refused it${hint}`, { event: 'stopped', input: stoppedAt });
    } else throw err;
  } finally {
    interrupt.dispose();
    progress?.stop();
    op.close();
    await sink.close({ complete, succeeded: complete && summary.byStatus.SUCCESS === summary.inputs });
  }
  const signal = interrupt.signal;
  if (signal) summary.stopped ??= `${signal} after ${summary.documents} document(s) and ${summary.inputs} input(s) answered; no input started after it`;
  summary.elapsedMs = Date.now() - started;
  log.summary(summary, run.fields);
  const allSucceeded = complete && summary.byStatus.SUCCESS === summary.inputs;
  if (unauthorized) log.error('Twilio refused the credentials (HTTP 401): check the Account SID and Auth Token or API key', { event: 'unauthorized' });
  return { summary, exitCode: unauthorized ? 2 : signal ? signalExitCode(signal) : allSucceeded ? 0 : 1, signal };
}
