// Whole files written on a worker thread, so a sink of one file per record does not stop
// the run for each file's open, write and close (~10 µs of a 100,000-file Query's ~19 µs
// a record on the main thread, bench:cli). Files are queued in batches, written in order,
// and acknowledged in order; a caller waits only when too many are queued, or to know that
// what it queued is on disk (settled) before it reports it.
import { Worker } from 'node:worker_threads';
import { OutputWriteError } from '../errors';

/** The thread: writes each [path, text] of a batch, then tells how many (and the first failure). */
const THREAD = `
const { parentPort } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
parentPort.on('message', (batch) => {
  for (let i = 0; i < batch.length; i += 2) {
    try {
      writeFileSync(batch[i], batch[i + 1]);
    } catch (err) {
      parentPort.postMessage({ written: i / 2, failed: { path: batch[i], message: err.message } });
      return;
    }
  }
  parentPort.postMessage({ written: batch.length / 2 });
});
`;

interface Ack {
  written: number;
  failed?: { path: string; message: string };
}

/** Files a batch holds before it is sent; a turn of the event loop sends what it queued anyway. */
const BATCH_FILES = 256;
/** Files queued and not yet written above which write() asks its caller to wait. */
const MAX_QUEUED = 4096;

export class FileWriter {
  private readonly thread: Worker;
  private batch: string[] = [];
  private queued = 0;
  private written = 0;
  private failure?: OutputWriteError;
  private sendScheduled = false;
  private closed = false;
  /** Callers waiting until `written` reaches a count. */
  private waiters: Array<{ upTo: number; resolve: () => void; reject: (err: Error) => void }> = [];

  constructor() {
    this.thread = new Worker(THREAD, { eval: true });
    this.thread.on('message', (ack: Ack) => this.acknowledged(ack));
    this.thread.on('error', (err) => this.fail(new OutputWriteError(`file writer thread failed: ${err.message}`)));
    // Idle between runs of a long-lived process (a worker) it must not keep the process alive.
    this.thread.unref();
  }

  /** A write failed: this writer refuses more (a long-lived caller starts a new one). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Queues a file; a promise when the caller should wait for the writes behind. @throws OutputWriteError of an earlier file */
  write(path: string, text: string): void | Promise<void> {
    if (this.failure) throw this.failure;
    this.batch.push(path, text);
    this.queued++;
    if (this.batch.length >= 2 * BATCH_FILES) this.send();
    else if (!this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(() => this.send());
    }
    if (this.queued - this.written > MAX_QUEUED) return this.until(this.queued - MAX_QUEUED / 2);
  }

  /** Resolves when every file queued so far is written; rejects with the first failure. */
  settled(): Promise<void> {
    this.send();
    return this.until(this.queued);
  }

  /** Writes what is queued and ends the thread (again: only reports the failure, if any). */
  async close(): Promise<void> {
    try {
      if (!this.closed) await this.settled();
      else if (this.failure) throw this.failure;
    } finally {
      this.closed = true;
      await this.thread.terminate();
    }
  }

  private send(): void {
    this.sendScheduled = false;
    if (!this.batch.length) return;
    this.thread.ref(); // files on the way keep the process alive
    this.thread.postMessage(this.batch);
    this.batch = [];
  }

  private until(upTo: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.written >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  private acknowledged(ack: Ack): void {
    this.written += ack.written;
    if (ack.failed) return this.fail(new OutputWriteError(`cannot write ${ack.failed.path}: ${ack.failed.message}`));
    if (this.written >= this.queued) this.thread.unref();
    const due = this.waiters.filter((w) => w.upTo <= this.written);
    this.waiters = this.waiters.filter((w) => w.upTo > this.written);
    for (const w of due) w.resolve();
  }

  private fail(err: OutputWriteError): void {
    this.failure ??= err;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.reject(this.failure);
  }
}
