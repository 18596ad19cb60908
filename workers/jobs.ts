// What the jobs of a run carry and return. A run is a BullMQ flow: one `run` job (the
// parent, which commits the watermark) over one `fetch` job per account × object type ×
// date window. Every job carries the spec it was planned with.
import type { SyncSpec } from './spec';
import type { DateWindow } from './windows';

export interface FetchJobData {
  runId: string;
  sync: string;
  spec: SyncSpec;
  /** Watermark version the run was planned from. */
  baseVersion: number;
  /** The credentials' account that planned the run: every worker must act for it. */
  owner: string;
  /** The account whose records this job lists (the owner or one of its subaccounts). */
  account: string;
  objectType: string;
  dateField?: string;
  fields?: string[];
  /** `<account>/<objectType>`: the unit of the watermark. */
  key: string;
  window: DateWindow;
}

export interface FetchResult {
  key: string;
  window: DateWindow;
  /** Record files written. */
  documents: number;
  /** Records skipped: delivered by an earlier run (lookback) or listed twice. */
  skipped: number;
  /** Newest timestamp delivered (ms). */
  newest?: number;
  /** Ids delivered within the lookback window below `newest`, with their timestamps. */
  recent: Record<string, number>;
  worker: string;
  ms: number;
}

export interface RunJobData {
  runId: string;
  sync: string;
  spec: SyncSpec;
  baseVersion: number;
  owner: string;
  plannedAt: number;
  jobs: number;
  accounts: number;
}

export interface RunSummary {
  run: string;
  sync: string;
  outcome: 'committed' | 'already-committed';
  version: number;
  jobs: number;
  documents: number;
  skipped: number;
}

/** A run id from the plan job's id (BullMQ ids may not hold ':'). */
export function runIdOf(sync: string, planJobId: string): string {
  return `${sync}-${planJobId
    .replace(/^repeat:[^:]*:/, 'r')
    .replace(/^now-.*-(\d+)$/, 'n$1')
    .replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
