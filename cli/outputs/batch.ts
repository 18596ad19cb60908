// Batch files for bulk syncs: a run's documents back to back in one file, or in files
// of up to N documents, instead of one file per record. Files are written as
// `*.partial` and take their names when the run ends with every input answered (and,
// for an incremental run, its state committed): a consumer reading *.xml / *.jsonl
// never sees a batch that a crashed or stopped run will fetch again.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LineChunks } from './chunks';
import type { Encoder } from './encode';
import { clearDocuments, type FolderOptions } from './folder';
import { ResultsLog } from './results-log';
import type { DocumentSink } from './sink';
import { makeDirs } from './dirs';

export interface BatchOptions extends FolderOptions {
  /** Documents per file; 0: one file for the whole run. */
  size: number;
  /** An incremental run fetches again whatever an unsuccessful run delivered. */
  replaysUnlessSucceeded: boolean;
}

export function batchSink(options: BatchOptions): DocumentSink {
  const { dir, objectType, encoder, run, size } = options;
  makeDirs(dir);
  const results = new ResultsLog(dir, run, options.tracking, options.sandbox);
  const files: string[] = [];
  let file: { fd: number; name: string; documents: number; chunks: LineChunks } | undefined;

  const nameOf = (n: number) => (size ? `${objectType}-${run}-${String(n).padStart(4, '0')}` : `${objectType}-${run}`) + `.${encoder.extension}`;
  const finish = () => {
    if (!file) return;
    file.chunks.flush();
    closeSync(file.fd);
    file = undefined;
  };
  const open = (enc: Encoder) => {
    const name = nameOf(files.length + 1);
    const fd = openSync(join(dir, name + '.partial'), 'w');
    file = { fd, name, documents: 0, chunks: new LineChunks((chunk) => (writeSync(fd, chunk), true)) };
    files.push(name);
    if (enc.prolog) writeSync(fd, enc.prolog);
  };

  return {
    write(doc) {
      if (!file || (size && file.documents >= size)) {
        finish();
        open(encoder);
      }
      file!.chunks.add(encoder.document(doc));
      file!.documents++;
      results.document(doc, file!.name);
    },
    result(result, source) {
      results.result(result, source);
    },
    async close({ complete, succeeded }) {
      finish();
      results.close();
      if (!complete || (options.replaysUnlessSucceeded && !succeeded)) return;
      for (const name of files) renameSync(join(dir, name + '.partial'), join(dir, name));
      if (options.snapshot && succeeded) clearDocuments(dir, objectType, new Set(files));
    },
  };
}
