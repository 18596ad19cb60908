// Output of the distributed mode: record files through the CLI's folder sink (one file
// per record id, so a replayed job rewrites the same files), and one results file per run
// under runs/ in the same folder.
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFiles, encoder, FileWriter, type DocumentFiles } from '../cli/outputs';
import { makeDirs } from '../cli/outputs/dirs';

export type RecordFiles = DocumentFiles;

/** One writer thread for the jobs of this process (a thread per job cost ~10 MB and a start each); replaced once it failed. */
let writer: FileWriter | undefined;

/** A job's record files; close() before the job reports done, so done means on disk. */
export function recordFiles(dir: string, objectType: string): RecordFiles {
  if (!writer || writer.failed) {
    void writer?.close().catch(() => undefined);
    writer = new FileWriter();
  }
  return documentFiles(dir, objectType, encoder('xml', { objectType, run: '', sandbox: false }), writer);
}

export const RUNS_DIR = 'runs';

export function runResultsFile(out: string, runId: string): string {
  return join(out, RUNS_DIR, `${runId}.jsonl`);
}

/** The whole results file of a committed run, replaced at once (a retried commit writes the same). */
export function writeRunResults(out: string, runId: string, lines: unknown[]): void {
  const file = runResultsFile(out, runId);
  makeDirs(join(out, RUNS_DIR));
  writeFileSync(`${file}.tmp`, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  renameSync(`${file}.tmp`, file);
}

/** One line for a job that failed for good (its run will not commit). */
export function appendRunResult(out: string, runId: string, line: unknown): void {
  makeDirs(join(out, RUNS_DIR));
  appendFileSync(runResultsFile(out, runId), JSON.stringify(line) + '\n');
}
