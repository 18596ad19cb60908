// Output documents on stdout, one per line (XML or JSON lines), in chunks of up to 64 KiB
// (chunks.ts) written when full or at the end of the turn of the event loop (a Query
// yields to it once per page), so a document is out as soon as its page is, without one
// write per record.
import { StdoutClosedError } from '../errors';
import type { Output } from '../stdout';
import { LineChunks } from './chunks';
import type { Encoder } from './encode';
import type { DocumentSink } from './sink';

export function streamSink(out: Output, encoder: Encoder): DocumentSink {
  const chunks = new LineChunks((chunk) => out.write(chunk));
  let scheduled = false;
  /** A flush at the end of a turn found the reader behind: the next document waits for it. */
  let behind = false;
  const later = () => {
    scheduled = false;
    if (!chunks.flush()) behind = true;
  };
  const append = (line: string): Promise<void> | undefined => {
    const ok = chunks.add(line) && !behind;
    behind = false;
    if (chunks.pending && !scheduled) {
      scheduled = true;
      setImmediate(later);
    }
    if (!ok) return out.drained();
  };
  return {
    write(doc) {
      if (out.closed) throw new StdoutClosedError();
      return append(encoder.document(doc));
    },
    result(result) {
      const line = encoder.result(result);
      if (line !== undefined) void append(line);
    },
    async close() {
      if (!chunks.flush()) await out.drained();
    },
  };
}
