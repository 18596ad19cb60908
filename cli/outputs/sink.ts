// Where a run's output documents and results go.
import type { DocumentResult, OutputDocument } from '../../connector/operation';

export interface RunOutcome {
  /** Every input was answered (the operation was neither stopped nor cut off). */
  complete: boolean;
  /** Every input succeeded: an incremental state was committed. */
  succeeded: boolean;
}

export interface DocumentSink {
  /** A promise only when the next document must wait (stdout backpressure). */
  write(doc: OutputDocument): void | Promise<void>;
  /** Accounts for one input document (in results.jsonl, or a RESULT line). */
  result(result: DocumentResult, source?: string): void;
  close(outcome: RunOutcome): Promise<void>;
}
