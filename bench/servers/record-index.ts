// The replay server's --index mode: the sandbox's Message records, each kept as its JSON
// bytes in one buffer, in list order (newest first), answering any list request with
// DateSent> / DateSent< (inclusive, as Twilio), PageSize, Page and PageToken the way the
// sandbox does, so a windowed Query can ask for any date window. A page costs a binary
// search and a concatenation of record bytes, not a rendering.
import { IdSet, type IdSummary } from '../lib/ids';

const DAY = 86_400_000;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

interface Bounds {
  lo: number; // inclusive
  hi: number; // inclusive
}

/** Collects the records page by page; build() packs them into typed arrays, so the index is a handful of objects for the GC. */
export class RecordIndexBuilder {
  private readonly chunks: Buffer[] = [];
  private readonly chunkOf: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly created: number[] = [];
  private readonly sent: number[] = [];
  private readonly sids: string[] = [];

  /** Adds records that follow the ones added before in list order (date_created descending). */
  add(records: Array<Record<string, unknown>>): void {
    const texts = records.map((r) => JSON.stringify(r));
    const c = this.chunks.push(Buffer.from(texts.join(''), 'utf8')) - 1;
    let at = 0;
    records.forEach((r, i) => {
      this.chunkOf.push(c);
      this.starts.push(at);
      this.ends.push((at += Buffer.byteLength(texts[i], 'utf8')));
      const created = Date.parse(String(r.date_created));
      if (this.created.length && created > this.created[this.created.length - 1]) throw new Error('records are not in list order (date_created descending)');
      this.created.push(created);
      this.sent.push(r.date_sent ? Date.parse(String(r.date_sent)) : NaN);
      this.sids.push(String(r.sid));
    });
  }

  build(): RecordIndex {
    return new RecordIndex({
      chunks: this.chunks,
      chunkOf: Uint32Array.from(this.chunkOf),
      starts: Uint32Array.from(this.starts),
      ends: Uint32Array.from(this.ends),
      created: Float64Array.from(this.created),
      sent: Float64Array.from(this.sent),
      sids: Buffer.from(this.sids.join(''), 'latin1'),
    });
  }
}

/** Twilio SIDs are 34 characters. */
const SID_LENGTH = 34;

interface Packed {
  /** Record bytes in chunks (one per page added), and per record its chunk and span. */
  chunks: Buffer[];
  chunkOf: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  created: Float64Array;
  sent: Float64Array;
  /** The SIDs back to back, SID_LENGTH bytes each. */
  sids: Buffer;
}

export class RecordIndex {
  private readonly chunks: Buffer[];
  private readonly chunkOf: Uint32Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly created: Float64Array;
  private readonly sent: Float64Array;
  private readonly sids: Buffer;
  /** date_sent − date_created over the records: bounds the scan window for a DateSent range. */
  private readonly skew = { min: 0, max: 0 };

  constructor(packed: Packed) {
    ({ chunks: this.chunks, chunkOf: this.chunkOf, starts: this.starts, ends: this.ends, created: this.created, sent: this.sent, sids: this.sids } = packed);
    for (let i = 0; i < this.created.length; i++) {
      const skew = this.sent[i] - this.created[i];
      if (!Number.isFinite(skew)) continue;
      this.skew.min = Math.min(this.skew.min, skew);
      this.skew.max = Math.max(this.skew.max, skew);
    }
    if (this.sids.length !== this.created.length * SID_LENGTH) throw new Error(`SIDs are not all ${SID_LENGTH} characters`);
  }

  get size(): number {
    return this.created.length;
  }

  /** The list page a request asks for, in the sandbox's classic envelope. */
  page(url: URL): { status: number; body: Buffer } {
    const q = url.searchParams;
    let bounds: Bounds;
    try {
      bounds = boundsOf(q);
    } catch (err) {
      return error(400, 20001, (err as Error).message);
    }
    const size = Math.min(Math.max(1, Number(q.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
    const page = Math.max(0, Number(q.get('Page') ?? 0) || 0);
    const token = q.get('PageToken');
    const start = token && /^PA\d+$/.test(token) ? Number(token.slice(2)) + 1 : this.firstCandidate(bounds.hi - this.skew.min);
    const stopBelow = bounds.lo - this.skew.max; // created before this: sent is before lo
    const picked: number[] = [];
    let more = false;
    for (let i = start; i < this.size && this.created[i] >= stopBelow; i++) {
      const s = this.sent[i];
      if (!(s >= bounds.lo && s <= bounds.hi)) continue;
      if (picked.length === size) {
        more = true;
        break;
      }
      picked.push(i);
    }
    const carried = [...q].filter(([k]) => k !== 'PageSize' && k !== 'Page' && k !== 'PageToken');
    const uri = (p: number, t?: string) => {
      const pairs: Array<[string, string]> = [
        ...carried,
        ['PageSize', String(size)],
        ['Page', String(p)],
        ...(t ? [['PageToken', t] as [string, string]] : []),
      ];
      return `${url.pathname}?${new URLSearchParams(pairs).toString()}`;
    };
    const last = picked[picked.length - 1];
    const head = {
      end: page * size + Math.max(0, picked.length - 1),
      first_page_uri: uri(0),
    };
    const tail = {
      next_page_uri: more ? uri(page + 1, `PA${last}`) : null,
      page,
      page_size: size,
      previous_page_uri: null,
      start: page * size,
      uri: uri(page, token ?? undefined),
    };
    const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"messages":[`)];
    picked.forEach((i, n) => {
      if (n) parts.push(COMMA);
      parts.push(this.chunks[this.chunkOf[i]].subarray(this.starts[i], this.ends[i]));
    });
    parts.push(Buffer.from(`],${JSON.stringify(tail).slice(1)}`));
    return { status: 200, body: Buffer.concat(parts) };
  }

  /** Count and checksum of the SIDs a DateSent range holds (what a complete Query must deliver). */
  expect(url: URL): IdSummary {
    const bounds = boundsOf(url.searchParams);
    const ids = new IdSet(this.size);
    for (let i = 0; i < this.size; i++) {
      if (this.sent[i] >= bounds.lo && this.sent[i] <= bounds.hi) ids.add(this.sids.toString('latin1', i * SID_LENGTH, (i + 1) * SID_LENGTH));
    }
    return ids.summary();
  }

  /** Index of the first record (newest first) created at or before t. */
  private firstCandidate(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.created[mid] > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const COMMA = Buffer.from(',');

/** DateSent> and DateSent< as Twilio reads them: inclusive; a plain date means that whole UTC day. */
function boundsOf(q: URLSearchParams): Bounds {
  const parse = (name: string, value: string, end: boolean): number => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms)) throw new Error(`Invalid value ${value} for parameter ${name}`);
    return day && end ? ms + DAY - 1 : ms;
  };
  const after = q.get('DateSent>');
  const before = q.get('DateSent<');
  return { lo: after ? parse('DateSent>', after, false) : -Infinity, hi: before ? parse('DateSent<', before, true) : Infinity };
}

function error(status: number, code: number, message: string): { status: number; body: Buffer } {
  return { status, body: Buffer.from(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })) };
}
