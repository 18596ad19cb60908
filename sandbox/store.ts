// In-memory records per object type and account. Each collection keeps its entries in
// ascending (date_created, key) order so appends of new records stay O(1); lists walk
// it from the end (newest first) and page tokens resolve to a position by binary search.
import { snake, type Model, type TypeModel } from './model';
import { parseTimestamp } from './dates';

/** A record as Twilio's JSON writes it (snake_case keys), minus uri/subresource_uris; may hold unrendered keys (parent ids, bare identifiers). */
export type TwilioRecord = Record<string, unknown>;

export interface Entry {
  key: string;
  /** date_created (created_at) in epoch ms: the sort key. */
  t: number;
  rec: TwilioRecord;
  removed?: boolean;
}

/** Where an entry sat, kept for removed ones so a PageToken naming them still resolves. */
export interface Position {
  key: string;
  t: number;
}

export function compareEntries(a: Position, b: Position): number {
  return a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export class Collection {
  private readonly byKey = new Map<string, Entry>();
  private order: Entry[] = [];
  private sorted = true;
  private removedCount = 0;
  private readonly graves = new Map<string, Position>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): TwilioRecord | undefined {
    return this.byKey.get(key)?.rec;
  }

  put(key: string, t: number, rec: TwilioRecord): void {
    const old = this.byKey.get(key);
    if (old) {
      old.rec = rec; // identity and date_created do not change, so neither does the order
      return;
    }
    const entry: Entry = { key, t, rec };
    const last = this.order[this.order.length - 1];
    if (last && compareEntries(last, entry) > 0) this.sorted = false;
    this.order.push(entry);
    this.byKey.set(key, entry);
    this.graves.delete(key);
  }

  remove(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    entry.removed = true;
    this.byKey.delete(key);
    this.graves.set(key, { key, t: entry.t });
    this.removedCount++;
    return true;
  }

  position(key: string): Position | undefined {
    return this.byKey.get(key) ?? this.graves.get(key);
  }

  /** Entries in ascending order; may still hold removed ones (skip `removed`). */
  entries(): readonly Entry[] {
    if (this.removedCount > 64 && this.removedCount * 8 > this.order.length) {
      this.order = this.order.filter((e) => !e.removed);
      this.removedCount = 0;
    }
    if (!this.sorted) {
      this.order.sort(compareEntries);
      this.sorted = true;
    }
    return this.order;
  }

  /** Index of the first entry not before `pos` (entries.length when none). */
  lowerBound(pos: Position): number {
    const order = this.entries();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(order[mid], pos) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live records, newest first. */
  *newestFirst(): IterableIterator<TwilioRecord> {
    const order = this.entries();
    for (let i = order.length - 1; i >= 0; i--) if (!order[i].removed) yield order[i].rec;
  }
}

/** Accounts are not scoped to an account path parameter; they share one partition. */
const GLOBAL = '*';

export class Store {
  private readonly collections = new Map<string, Map<string, Collection>>();

  constructor(readonly model: Model) {}

  partition(tm: TypeModel, accountSid: string): string {
    return tm.accountScoped ? accountSid : GLOBAL;
  }

  /** The collection of one type for one account, created on first use. */
  collection(typeName: string, accountSid: string): Collection {
    const tm = this.model.type(typeName);
    let byAccount = this.collections.get(tm.name);
    if (!byAccount) this.collections.set(tm.name, (byAccount = new Map()));
    const part = this.partition(tm, accountSid);
    let c = byAccount.get(part);
    if (!c) byAccount.set(part, (c = new Collection()));
    return c;
  }

  keyOf(tm: TypeModel, rec: TwilioRecord): string {
    const own = String(rec[tm.keyField]);
    return tm.keyParents.length ? [...tm.keyParents.map((k) => String(rec[k])), own].join('/') : own;
  }

  /** Key of a record from its path parameter values (parents then own id); `ownParam` names the own id where routes differ. */
  keyFromPath(tm: TypeModel, params: Record<string, string>, ownParam?: string): string {
    const ids = tm.def.routes[0].id;
    const own = params[ownParam ?? ids[ids.length - 1].name];
    if (!tm.keyParents.length) return own;
    const byKey = Object.fromEntries(Object.entries(params).map(([k, v]) => [snake(k), v]));
    return [...tm.keyParents.map((k) => byKey[k]), own].join('/');
  }

  /** Stores a record (inserting or replacing) under an account (ignored for Account); createdMs spares parsing its creation time. */
  insert(typeName: string, accountSid: string, rec: TwilioRecord, createdMs?: number): void {
    const tm = this.model.type(typeName);
    const created = rec[tm.createdKey];
    const t = createdMs ?? (typeof created === 'string' ? parseTimestamp(created) : NaN);
    this.collection(typeName, accountSid).put(this.keyOf(tm, rec), Number.isNaN(t) ? 0 : t, rec);
  }

  get(typeName: string, accountSid: string, key: string): TwilioRecord | undefined {
    return this.collection(typeName, accountSid).get(key);
  }

  remove(typeName: string, accountSid: string, key: string): boolean {
    return this.collection(typeName, accountSid).remove(key);
  }

  /** Live records of a type for an account, newest first. */
  records(typeName: string, accountSid: string): TwilioRecord[] {
    return [...this.collection(typeName, accountSid).newestFirst()];
  }

  count(typeName: string, accountSid: string): number {
    return this.collection(typeName, accountSid).size;
  }

  clear(): void {
    this.collections.clear();
  }
}
