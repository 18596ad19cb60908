// Where output documents go: one file each in a folder (named by record id, so a
// re-run rewrites the same files), or stdout one document per line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { OutputDocument } from '../operation';

export interface DocumentSink {
  /** Resolves once the document may be followed by the next (stdout backpressure). */
  write(doc: OutputDocument): void | Promise<void>;
  readonly written: number;
}

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function folderSink(dir: string, objectType: string): DocumentSink {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const used = new Set<string>();
  return {
    write(doc) {
      const isError = doc.xml.startsWith('<TwilioError>');
      const base = (isError ? `error-${doc.input + 1}` : `${objectType}-${doc.properties.id || `${doc.input + 1}-${written + 1}`}`).replace(/[^A-Za-z0-9_.-]/g, '_');
      let name = `${base}.xml`;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}.xml`;
      used.add(name);
      writeFileSync(join(dir, name), XML_PROLOG + doc.xml + '\n');
      written++;
    },
    get written() {
      return written;
    },
  };
}

export function streamSink(stream: NodeJS.WritableStream): DocumentSink {
  let written = 0;
  return {
    write(doc) {
      written++;
      if (!stream.write(doc.xml + '\n')) return once(stream, 'drain').then(() => undefined);
    },
    get written() {
      return written;
    },
  };
}
