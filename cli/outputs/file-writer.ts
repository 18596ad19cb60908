// Whole files written on a worker thread, so a sink of one file per record does not stop
// the run for each file's open, write and close (~10 µs of a 100,000-file Query's ~19 µs
// a record on the main thread, bench:cli). Files are queued in batches, written in order,
// and acknowledged in order; a caller waits only when too many are queued, or to know that
// what it queued is on disk (settled) before it reports it. A batch is one buffer of
// entries [path bytes, text bytes, each length-prefixed], its memory moved to the thread,
// not copied: posting the strings themselves cost ~3.4 µs a file (a worker profile).
import { Worker } from 'node:worker_threads';
import { OutputWriteError } from '../errors';

/** The thread: writes each file of a batch (whole or not at all), then tells how many (and the first failure). */
const THREAD = `
const { parentPort } = require('node:worker_threads');
const { renameSync, rmSync, writeFileSync } = require('node:fs');
parentPort.on('message', ({ buffer, files }) => {
  const batch = Buffer.from(buffer);
  for (let i = 0, at = 0; i < files; i++) {
    const pathBytes = batch.readUInt32LE(at);
    const textBytes = batch.readUInt32LE(at + 4);
    const path = batch.toString('utf8', at + 8, at + 8 + pathBytes);
    at += 8 + pathBytes;
    try {
      // Beside it, then renamed over it: a run killed mid-write leaves the earlier file whole.
      writeFileSync(path + '.partial', batch.subarray(at, at + textBytes));
      renameSync(path + '.partial', path);
    } catch (err) {
      try { rmSync(path + '.partial', { force: true }); } catch {} // not ours to remove (a folder of that name)
      parentPort.postMessage({ written: i, failed: { path, message: err.message } });
      return;
    }
    at += textBytes;
  }
  parentPort.postMessage({ written: files, buffer }, [buffer]); // back, to be filled again
});
`;

interface Ack {
  written: number;
  failed?: { path: string; message: string };
  /** The batch's memory, handed back for the next batch. */
  buffer?: ArrayBuffer;
}

/** Files a batch holds before it is sent; a turn of the event loop sends what it queued anyway. */
const BATCH_FILES = 256;
/** Bytes of a batch buffer; a file larger than that goes out in a batch of its own. */
const BATCH_BYTES = 1 << 19;
/** Batch buffers kept for reuse once the thread hands them back. */
const SPARE_BUFFERS = 4;
/** Files queued and not yet written above which write() asks its caller to wait. */
const MAX_QUEUED = 4096;

/** The entries of one batch, encoded as UTF-8 as they are queued. */
class Batch {
  readonly buffer: Buffer;
  used = 0;
  files = 0;

  /** `memory`: its own ArrayBuffer (never the shared pool), so it can be moved to the thread. */
  constructor(memory: ArrayBuffer) {
    this.buffer = Buffer.from(memory);
  }

  /** The bytes of an entry. */
  static bytesOf(path: string, text: string): number {
    return 8 + Buffer.byteLength(path) + Buffer.byteLength(text);
  }

  fits(path: string, text: string): boolean {
    const room = this.buffer.length - this.used - 8;
    // A UTF-16 unit is at most 3 bytes of UTF-8: most entries need no count of their bytes.
    return 3 * (path.length + text.length) <= room || Batch.bytesOf(path, text) - 8 <= room;
  }

  add(path: string, text: string): void {
    const at = this.used;
    const pathBytes = this.buffer.write(path, at + 8);
    const textBytes = this.buffer.write(text, at + 8 + pathBytes);
    this.buffer.writeUInt32LE(pathBytes, at);
    this.buffer.writeUInt32LE(textBytes, at + 4);
    this.used = at + 8 + pathBytes + textBytes;
    this.files++;
  }
}

export class FileWriter {
  private readonly thread: Worker;
  private batch?: Batch;
  private readonly spare: ArrayBuffer[] = [];
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
    if (this.batch && !this.batch.fits(path, text)) this.send();
    if (!this.batch) {
      const bytes = Batch.bytesOf(path, text);
      this.batch = new Batch(bytes <= BATCH_BYTES ? (this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES)) : new ArrayBuffer(bytes));
    }
    this.batch.add(path, text);
    this.queued++;
    if (this.batch.files >= BATCH_FILES) this.send();
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
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    this.thread.ref(); // files on the way keep the process alive
    const buffer = batch.buffer.buffer as ArrayBuffer;
    this.thread.postMessage({ buffer, files: batch.files }, [buffer]);
  }

  private until(upTo: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.written >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  private acknowledged(ack: Ack): void {
    this.written += ack.written;
    if (ack.buffer?.byteLength === BATCH_BYTES && this.spare.length < SPARE_BUFFERS) this.spare.push(ack.buffer);
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
