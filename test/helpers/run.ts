// Runs an Operation to the end and splits what it yielded into documents and results.
import type { DocumentResult, InputDocument, Operation, OutputDocument } from '../../connector/operation';

export interface Drained {
  docs: OutputDocument[];
  results: DocumentResult[];
}

export async function drain(op: Operation, inputs: InputDocument[]): Promise<Drained> {
  const docs: OutputDocument[] = [];
  const results: DocumentResult[] = [];
  try {
    for await (const e of op.execute(inputs)) {
      if (e.type === 'document') docs.push(e.document);
      else results.push(e.result);
    }
  } finally {
    op.close();
  }
  return { docs, results };
}
