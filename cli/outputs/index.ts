// Picks the sink for a run: stdout, one file per record, or batch files.
import { UsageError } from '../errors';
import type { Output } from '../stdout';
import { batchSink } from './batch';
import { encoder, type OutputFormat } from './encode';
import { folderSink } from './folder';
import type { Tracking } from './results-log';
import type { DocumentSink } from './sink';
import { streamSink } from './stream';

export { clearDocuments, documentFiles, folderSink, type DocumentFiles } from './folder';
export { encoder, type Encoder } from './encode';
export { FileWriter } from './file-writer';
export { RESULTS_FILE } from './results-log';
export type { DocumentSink, RunOutcome } from './sink';
export type { OutputFormat } from './encode';

export interface SinkPlan {
  /** Output folder; none: stdout. */
  out?: string;
  format: OutputFormat;
  /** Documents per batch file (0: one file per run); undefined: one file per record (XML) or per run (JSON lines). */
  batch?: number;
  tracking: Tracking;
  objectType: string;
  run: string;
  sandbox: boolean;
  incremental: boolean;
  /** The folder holds only this run's documents once it succeeds (folder.ts). */
  snapshot?: boolean;
  stdout: Output;
}

/** The document form the Operation gives for an output format: JSON lines carry the objects the profile types. */
export function documentsFor(format: OutputFormat): 'xml' | 'object' {
  return format === 'jsonl' ? 'object' : 'xml';
}

export function openSink(plan: SinkPlan): DocumentSink {
  const enc = encoder(plan.format, { objectType: plan.objectType, run: plan.run, sandbox: plan.sandbox });
  if (!plan.out) {
    if (plan.batch !== undefined) throw new UsageError('--batch writes files: give --out <dir>');
    return streamSink(plan.stdout, enc);
  }
  const folder = {
    dir: plan.out,
    objectType: plan.objectType,
    encoder: enc,
    run: plan.run,
    tracking: plan.tracking,
    sandbox: plan.sandbox,
    snapshot: plan.snapshot,
  };
  // JSON lines are a batch format: one file per record would hold one line each.
  const size = plan.batch ?? (plan.format === 'jsonl' ? 0 : undefined);
  if (size === undefined) return folderSink(folder);
  return batchSink({ ...folder, size, replaysUnlessSucceeded: plan.incremental });
}

/** A run's id, its start time as a file name can hold it: 20261201T093000.123Z. */
export function runId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '');
}
