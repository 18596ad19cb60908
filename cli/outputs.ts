// Where output documents go: one file each in a folder (named by record id, so a
// re-run rewrites the same files), or stdout one document per line.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { DocumentResult, OutputDocument } from '../connector/operation';

export interface DocumentSink {
  /** Resolves once the document may be followed by the next (stdout backpressure). */
  write(doc: OutputDocument): void | Promise<void>;
  /** Accounts for one input document (a folder keeps results.jsonl, one line each). */
  result(result: DocumentResult, source?: string): void;
  readonly written: number;
}

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const RESULTS_FILE = 'results.jsonl';

/** Output document ids listed per result line when tracking output documents; the rest are counted. */
const TRACKED_IDS = 1000;

/**
 * Tracking direction picks what a results.jsonl line names: the input document's
 * source (input) or the output documents' record ids (output), as a process
 * report would show one or the other.
 */
export function folderSink(dir: string, objectType: string, tracking: 'input' | 'output' = 'output'): DocumentSink {
  mkdirSync(dir, { recursive: true });
  const ids = new Map<number, string[]>();
  // Rewritten per run, appended per result: a crash leaves the results up to that point.
  writeFileSync(join(dir, RESULTS_FILE), '');
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
      if (tracking === 'output' && doc.properties.id) {
        const list = ids.get(doc.input) ?? [];
        if (list.length < TRACKED_IDS) list.push(doc.properties.id);
        ids.set(doc.input, list);
      }
    },
    result(result, source) {
      const tracked = tracking === 'input' ? { source: source ?? `input ${result.input + 1}` } : { ids: ids.get(result.input) ?? [] };
      ids.delete(result.input);
      appendFileSync(join(dir, RESULTS_FILE), JSON.stringify({ ...result, input: result.input + 1, ...tracked }) + '\n');
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
    result() {
      // stdout carries documents only; results go to the summary on stderr.
    },
    get written() {
      return written;
    },
  };
}
