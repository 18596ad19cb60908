// A set of Twilio SIDs in flat memory, for checking a benchmark run delivered each record
// once: 64-bit fingerprints (the first 16 hex digits after the prefix, random in a SID)
// in an open-addressing table, plus order-free checksums so two runs (or a run and the
// server's own count) can be compared without either holding the ids as strings.

export interface IdSummary {
  count: number;
  distinct: number;
  duplicates: number;
  /** XOR and sum (mod 2^32) of the fingerprint halves over distinct ids. */
  checksum: string;
}

export class IdSet {
  private readonly table: Uint32Array;
  private readonly mask: number;
  private count = 0;
  private distinct = 0;
  private xorHi = 0;
  private xorLo = 0;
  private sumHi = 0;
  private sumLo = 0;

  /** `expected`: about how many ids; the table gets twice that many slots (8 bytes each). */
  constructor(expected: number) {
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.table = new Uint32Array(slots * 2);
    this.mask = slots - 1;
  }

  /** Adds a SID; false when it was there already. */
  add(sid: string): boolean {
    this.count++;
    const hi = parseInt(sid.slice(2, 10), 16) >>> 0;
    const lo = (parseInt(sid.slice(10, 18), 16) | 1) >>> 0; // never 0: 0/0 marks an empty slot
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.table[2 * i];
      const l = this.table[2 * i + 1];
      if (l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & this.mask;
    }
    this.table[2 * i] = hi;
    this.table[2 * i + 1] = lo;
    this.distinct++;
    this.xorHi = (this.xorHi ^ hi) >>> 0;
    this.xorLo = (this.xorLo ^ lo) >>> 0;
    this.sumHi = (this.sumHi + hi) >>> 0;
    this.sumLo = (this.sumLo + lo) >>> 0;
    return true;
  }

  summary(): IdSummary {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    return {
      count: this.count,
      distinct: this.distinct,
      duplicates: this.count - this.distinct,
      checksum: `${hex(this.xorHi)}${hex(this.xorLo)}-${hex(this.sumHi)}${hex(this.sumLo)}`,
    };
  }
}
