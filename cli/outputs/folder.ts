// One file per output document in a folder, named by record id, so a re-run rewrites
// the same files and a replayed incremental window neither loses nor duplicates one.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputDocument } from '../../connector/operation';
import { isErrorDocument, type Encoder } from './encode';
import { ResultsLog, type Tracking } from './results-log';
import type { DocumentSink } from './sink';

export interface FolderOptions {
  dir: string;
  objectType: string;
  encoder: Encoder;
  run: string;
  tracking: Tracking;
  sandbox: boolean;
}

export interface DocumentFiles {
  /** Writes the document to its file; returns the file name. */
  write(doc: OutputDocument): string;
}

/** The document files alone (no results.jsonl): `<Object>-<id>.xml`, `error-<input>.xml`. */
export function documentFiles(dir: string, objectType: string, encoder: Encoder): DocumentFiles {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  let written = 0;
  return {
    write(doc) {
      const base = (isErrorDocument(doc) ? `error-${doc.input + 1}` : `${objectType}-${doc.properties.id || `${doc.input + 1}-${written + 1}`}`).replace(
        /[^A-Za-z0-9_.-]/g,
        '_',
      );
      let name = `${base}.${encoder.extension}`;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}.${encoder.extension}`;
      used.add(name);
      writeFileSync(join(dir, name), encoder.prolog + encoder.document(doc) + '\n');
      written++;
      return name;
    },
  };
}

export function folderSink({ dir, objectType, encoder, run, tracking, sandbox }: FolderOptions): DocumentSink {
  const files = documentFiles(dir, objectType, encoder);
  const results = new ResultsLog(dir, run, tracking, sandbox);
  return {
    write(doc) {
      files.write(doc);
      results.document(doc);
    },
    result(result, source) {
      results.result(result, source);
    },
    async close() {
      results.close();
    },
  };
}

/**
 * Removes the documents earlier runs wrote for this object type (one per record, batch
 * files, unfinished batches, error documents), keeping results.jsonl and anything else.
 */
export function clearDocuments(dir: string, objectType: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const ours = new RegExp(`^(${objectType}|error)-.+\\.(xml|jsonl)(\\.partial)?$`);
  for (const name of names) if (ours.test(name)) rmSync(join(dir, name), { force: true });
}
