// Response bodies read into buffers the client reuses. Collected as the socket's chunks
// and then concatenated, every page was two ArrayBuffers of its size; at the page rate
// of a windowed Query they outlived young-generation GCs and waited for full ones, which
// set the process's peak memory more than anything the Query held. A client keeps one
// buffer per request it may have in flight, so its bodies cost that much, always.

/** A kept buffer is at least this large, so a page a little larger than the last still fits. */
const MIN_BYTES = 256 * 1024;
/** A buffer larger than this (an unusual body) is not kept for the next answer. */
const MAX_KEPT_BYTES = 8 * 1024 * 1024;

export class BodyBuffers {
  private readonly free: Buffer[] = [];

  /** `keep`: idle buffers kept at most, the requests the client has in flight at once. */
  constructor(private readonly keep: number) {}

  /** A buffer of at least `size` bytes, to be handed back with give() once read. */
  take(size: number): Buffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i].length >= size) return this.free.splice(i, 1)[0];
    }
    // Its own ArrayBuffer (not Node's shared pool): it is kept, and a pool slice would pin the rest.
    return Buffer.allocUnsafeSlow(Math.max(MIN_BYTES, roundUp(size)));
  }

  give(buffer: Buffer): void {
    if (buffer.length > MAX_KEPT_BYTES) return;
    if (this.free.length < this.keep) this.free.push(buffer);
    else {
      // Keep the larger ones: the next answers are most likely pages of the same size.
      const smallest = this.free.reduce((at, b, i) => (b.length < this.free[at].length ? i : at), 0);
      if (this.free[smallest].length < buffer.length) this.free[smallest] = buffer;
    }
  }
}

function roundUp(size: number): number {
  return Math.ceil(size / 65536) * 65536;
}

/** A body read into a taken buffer: `add` each chunk, `bytes` what was read (a view of the buffer). */
export class BodyReader {
  private buffer: Buffer;
  private length = 0;

  constructor(
    private readonly buffers: BodyBuffers,
    expected: number,
  ) {
    this.buffer = buffers.take(expected);
  }

  add(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const larger = this.buffers.take(2 * (this.length + chunk.length));
      this.buffer.copy(larger, 0, 0, this.length);
      this.buffers.give(this.buffer);
      this.buffer = larger;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Hands the buffer back: `bytes` must not be read afterwards. */
  release(): void {
    this.buffers.give(this.buffer);
  }
}

/** A body read without reused buffers: its chunks, joined once at the end. */
export class ChunkedBody {
  private readonly chunks: Buffer[] = [];

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  get bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
  }

  release(): void {}
}
