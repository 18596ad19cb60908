// One file per output document in a folder, named by record id, so a re-run rewrites
// the same files and a replayed incremental window neither loses nor duplicates one.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputDocument } from '../../connector/operation';
import { isErrorDocument, type Encoder } from './encode';
import { FileWriter } from './file-writer';
import { ResultsLog, type Tracking } from './results-log';
import type { DocumentSink } from './sink';
import { makeDirs } from './dirs';

export interface FolderOptions {
  dir: string;
  objectType: string;
  encoder: Encoder;
  run: string;
  tracking: Tracking;
  sandbox: boolean;
  /**
   * The folder is this run's snapshot: once the run succeeds, the documents earlier runs
   * wrote for the object type and this run did not are removed. A run that fails or stops
   * leaves them, so a scheduled sync never trades the last good snapshot for a broken one.
   */
  snapshot?: boolean;
}

export interface DocumentFiles {
  /** Queues the document's file; a promise when the caller should wait for the files behind. */
  write(doc: OutputDocument): void | Promise<void>;
  /** Resolves when every file queued so far is on disk. @throws OutputWriteError */
  settled(): Promise<void>;
  /** Writes what is queued and stops the writer. */
  close(): Promise<void>;
  /** The file names written so far. */
  readonly names: ReadonlySet<string>;
}

/**
 * The document files alone (no results.jsonl): `<Object>-<id>.xml`, `error-<input>.xml`.
 * `shared`: a writer the caller owns and keeps (close() then only waits for these files).
 */
export function documentFiles(dir: string, objectType: string, encoder: Encoder, shared?: FileWriter): DocumentFiles {
  makeDirs(dir);
  const writer = shared ?? new FileWriter();
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
      written++;
      return writer.write(join(dir, name), encoder.prolog + encoder.document(doc) + '\n');
    },
    settled: () => writer.settled(),
    close: () => (shared ? writer.settled() : writer.close()),
    names: used,
  };
}

/**
 * One file per document, written off the main thread; an input's line in results.jsonl is
 * written once its files are on disk, so the log never names a file a crash lost.
 */
export function folderSink({ dir, objectType, encoder, run, tracking, sandbox, snapshot }: FolderOptions): DocumentSink {
  const files = documentFiles(dir, objectType, encoder);
  const results = new ResultsLog(dir, run, tracking, sandbox);
  // Result lines in order, each after the files queued before it.
  let lines: Promise<void> = Promise.resolve();
  return {
    write(doc) {
      results.document(doc);
      return files.write(doc);
    },
    result(result, source) {
      const written = files.settled();
      lines = lines.then(() => written).then(() => results.result(result, source));
      lines.catch(() => undefined); // surfaced by the next write or by close
    },
    async close({ succeeded }) {
      let failure: unknown;
      await lines.catch((err: unknown) => (failure = err));
      await files.close().catch((err: unknown) => (failure ??= err));
      results.close();
      if (failure) throw failure;
      if (snapshot && succeeded) clearDocuments(dir, objectType, files.names);
    },
  };
}

/**
 * The names this sink gives, and only those: a record's file (its id, which ends in a SID's
 * 32 hex digits or a typed id's 26 characters, or the input and document number where a
 * record has none; a second of one name gets -2), a batch (the run's time, its number),
 * an error document (its input), each perhaps unfinished (.partial). A file of the user's
 * beside them (Message-notes.xml) is no document of a run.
 */
function documentName(objectType: string): RegExp {
  const id = '(?:[A-Za-z0-9_.]*(?:[0-9a-fA-F]{32}|[0-9a-hjkmnp-tv-z]{26})|\\d+-\\d+)(?:-\\d+)?';
  const batch = '\\d{8}T\\d{6}\\.\\d{3}Z(?:-\\d{4,})?';
  const type = objectType.replace(/[^A-Za-z0-9]/g, '');
  return new RegExp(`^(?:${type}-(?:${id}|${batch})|error-\\d+(?:-\\d+)?)\\.(?:xml|jsonl)(?:\\.partial)?$`);
}

/**
 * Removes the documents earlier runs wrote for this object type (one per record, batch
 * files, unfinished batches, error documents) but those named in `keep`, leaving
 * results.jsonl and anything else.
 */
export function clearDocuments(dir: string, objectType: string, keep: ReadonlySet<string> = new Set()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const ours = documentName(objectType);
  for (const name of names) if (ours.test(name) && !keep.has(name)) rmSync(join(dir, name), { force: true });
}
