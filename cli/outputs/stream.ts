// Output documents on stdout, one per line (XML or JSON lines). Written in chunks of
// up to 64 KiB, flushed at least once per turn of the event loop (a Query yields to
// it once per page), so a document is out as soon as its page is, without one write
// per record.
import { StdoutClosedError } from '../errors';
import type { Output } from '../stdout';
import type { Encoder } from './encode';
import type { DocumentSink } from './sink';

const FLUSH_AT = 1 << 16;

export function streamSink(out: Output, encoder: Encoder): DocumentSink {
  let buffer = '';
  let scheduled = false;
  /** false: the stream wants a 'drain' first. */
  const flush = (): boolean => {
    scheduled = false;
    if (!buffer) return true;
    const text = buffer;
    buffer = '';
    return out.write(text);
  };
  const later = () => void flush();
  const append = (line: string): Promise<void> | undefined => {
    buffer += line + '\n';
    if (buffer.length >= FLUSH_AT) {
      if (!flush()) return out.drained();
    } else if (!scheduled) {
      scheduled = true;
      setImmediate(later);
    }
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
      if (!flush()) await out.drained();
    },
  };
}
