// Runs an Operation over its inputs into a sink: one result per input, the progress
// line, the summary, and how the run ended (every input answered, stopped by an
// application error, or cut off because stdout closed).
import { OperationStoppedError } from '../connector/errors';
import type { InputDocument, Operation } from '../connector/operation';
import { StdoutClosedError } from './errors';
import type { CountingHttpClient } from './http';
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
}

/** Exit code 0 only when every input succeeded; the summary is logged either way. */
export async function execute(op: Operation, run: Execution): Promise<{ summary: Summary; exitCode: 0 | 1 }> {
  const { inputs, sink, log } = run;
  const started = Date.now();
  const summary: Summary = { label: run.label, inputs: 0, documents: 0, byStatus: { SUCCESS: 0, APPLICATION_ERROR: 0, FAILURE: 0 }, elapsedMs: 0 };
  const kind: ProgressKind = op.options.action === 'query' ? 'query' : 'batch';
  const progress = await log.startProgress(run.label, kind);
  if (run.http && progress) run.http.onAnswer = () => progress.request();
  let complete = false;
  // Where each input came from, until its result is logged.
  const sources = new Map<number, string>();
  async function* noted(): AsyncGenerator<InputDocument> {
    let index = 0;
    for await (const input of inputs) {
      if (input.source) sources.set(index, input.source);
      index++;
      yield input;
    }
  }
  try {
    for await (const event of op.execute(noted())) {
      if (event.type === 'document') {
        summary.documents++;
        progress?.document();
        const wait = sink.write(event.document);
        if (wait) await wait;
      } else {
        const { result } = event;
        summary.inputs++;
        summary.byStatus[result.status]++;
        progress?.input();
        const source = sources.get(result.input);
        sources.delete(result.input);
        sink.result(result, source);
        log.result(result, source ? { source } : {});
      }
    }
    complete = true;
  } catch (err) {
    if (err instanceof StdoutClosedError) summary.stopped = `stdout closed after ${summary.documents} document(s)`;
    else if (err instanceof OperationStoppedError) {
      summary.stopped = 'an application error (see above)';
      log.error(err.message, { event: 'stopped' });
    } else throw err;
  } finally {
    progress?.stop();
    op.close();
    await sink.close({ complete, succeeded: complete && summary.byStatus.SUCCESS === summary.inputs });
  }
  summary.elapsedMs = Date.now() - started;
  log.summary(summary, run.fields);
  const allSucceeded = complete && summary.byStatus.SUCCESS === summary.inputs;
  return { summary, exitCode: allSucceeded ? 0 : 1 };
}
