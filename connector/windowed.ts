// A windowed Query: the bounded date range is cut into windows (windows.ts), each its own
// chain of pages, `concurrency` chains at once. Documents come out window by window,
// newest window first (Twilio lists newest first, so where it lists by the filtered date
// this is the unsplit Query's order), each window's records in Twilio's order. Windows
// behind the one being delivered fetch while their pages, held or on the way, stay under
// a bound, so memory stays flat; room under the bound goes to the windows due soonest, so
// the next head has its pages when its turn comes. The first failure of any window ends
// the Query.
import type { Page } from './paging';
import { splitFactor, splitWindow, type Grain, type Window } from './windows';

type Record_ = Record<string, unknown>;

export interface Delivered {
  records: Record_[];
  controlFree: boolean;
}

export interface WindowedOptions {
  /** Chains of pages in flight at once. */
  concurrency: number;
  grain: Grain;
  /** The Query's start, where the open window's arithmetic ends. */
  horizon: number;
  /** Pages held or on the way for windows not yet delivered, over all of them. */
  maxHeldPages: number;
  /** A record's instant on the windowed field. */
  timeOf: (record: Record_) => number | undefined;
  /** A window's pages (each requested when asked for) and its exact record test. */
  open: (window: Window) => { pages: AsyncGenerator<Page>; accept: (record: Record_) => boolean };
}

interface Slot {
  window: Window;
  state: 'queued' | 'running' | 'done';
  pages: Delivered[];
}

export async function* windowedPages(range: Window, options: WindowedOptions): AsyncGenerator<Delivered> {
  const run = new WindowRun(range, options);
  try {
    yield* run.deliver();
  } finally {
    run.stop();
  }
}

class WindowRun {
  /** Windows in delivery order, newest first; a split window is replaced by its pieces. */
  private readonly slots: Slot[];
  private head = 0;
  /** No queued window before this index. */
  private cursor = 0;
  private running = 0;
  /** Pages delivered to no one yet, and requests out for windows other than the head. */
  private held = 0;
  private fetching = 0;
  private failure?: { error: unknown };
  private stopped = false;
  private wakeDelivery?: () => void;
  /** Running windows waiting for room to request their next page; told whether it counts against the bound. */
  private waitingForRoom: Array<{ slot: Slot; go: (counted: boolean) => void }> = [];

  constructor(
    range: Window,
    private readonly options: WindowedOptions,
  ) {
    this.slots = this.queued(splitWindow(range, options.concurrency, options.grain, options.horizon));
  }

  async *deliver(): AsyncGenerator<Delivered> {
    this.launch();
    for (;;) {
      if (this.failure) throw this.failure.error;
      const slot = this.slots[this.head];
      if (!slot) return;
      const page = slot.pages.shift();
      if (page) {
        this.held--;
        this.launch();
        yield page;
      } else if (slot.state === 'done') {
        this.head++;
        this.launch(); // the new head fetches regardless of the bound
      } else {
        await new Promise<void>((resolve) => (this.wakeDelivery = resolve));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.launch();
  }

  private queued(windows: Window[]): Slot[] {
    return windows.reverse().map((window) => ({ window, state: 'queued', pages: [] }));
  }

  private notify(): void {
    const wake = this.wakeDelivery;
    this.wakeDelivery = undefined;
    wake?.();
  }

  private full(): boolean {
    return this.held + this.fetching >= this.options.maxHeldPages;
  }

  /**
   * Hands out room in delivery order: to running windows waiting for their next page and to
   * queued windows (a new chain, while chains are free), nearest the head first; the window
   * being delivered goes on regardless of the bound (a split may queue it behind running ones).
   * First come would let windows far behind take the room and leave the next head to fetch
   * its pages one round trip at a time while the reader waits.
   */
  private launch(): void {
    // Slot positions change with splits: read them now, where there are waiters to order.
    const order = this.waitingForRoom.length ? new Map(this.slots.map((slot, i) => [slot, i])) : undefined;
    if (order) this.waitingForRoom.sort((a, b) => order.get(a.slot)! - order.get(b.slot)!);
    for (;;) {
      while (this.cursor < this.slots.length && this.slots[this.cursor].state !== 'queued') this.cursor++;
      const queued = this.slots[this.cursor];
      const waiter = this.waitingForRoom[0];
      if (this.stopped) {
        const all = this.waitingForRoom;
        this.waitingForRoom = [];
        for (const w of all) w.go(false);
        return;
      }
      const queuedFirst = queued && (!waiter || this.cursor < order!.get(waiter.slot)!);
      if (queuedFirst && (this.cursor === this.head || (this.running < this.options.concurrency && !this.full()))) {
        queued.state = 'running';
        this.running++;
        void this.pump(queued);
        continue;
      }
      // A queued window due sooner that waits only for a free chain leaves the room to running ones.
      if (!waiter) return;
      const isHead = waiter.slot === this.slots[this.head];
      if (!isHead && this.full()) return;
      this.waitingForRoom.shift();
      if (!isHead) this.fetching++;
      waiter.go(!isHead);
    }
  }

  private async pump(slot: Slot): Promise<void> {
    const { grain, horizon, concurrency, timeOf } = this.options;
    const { pages, accept } = this.options.open(slot.window);
    try {
      for (let first = true; ; first = false) {
        // The first request needs no room of its own (launch() started the window under the
        // bound); like every request but the head's, it counts against the bound while out.
        const counted = first ? slot !== this.slots[this.head] : await this.room(slot);
        if (first && counted) this.fetching++;
        if (this.stopped) {
          if (counted) this.fetching--;
          return;
        }
        const next = await pages.next().finally(() => counted && this.fetching--);
        if (next.done || this.stopped) break;
        const page = next.value;
        if (first) {
          const parts = splitFactor(slot.window, page.records.map(timeOf), page.hasNext, grain, horizon, 4 * concurrency);
          if (parts > 1) return this.split(slot, parts); // its first page is dropped: the pieces fetch their own
        }
        const records = page.records.filter(accept);
        if (records.length) {
          slot.pages.push({ records, controlFree: page.controlFree });
          this.held++;
          this.notify();
        }
      }
      slot.state = 'done';
    } catch (error) {
      this.failure ??= { error };
      this.stop();
    } finally {
      await pages.return(undefined);
      this.running--;
      this.launch();
      this.notify();
    }
  }

  /**
   * Until the window may ask for its next page: at once when it is the one delivered, or when
   * the bound allows and no window due sooner waits; else when launch() hands it room.
   * True: the request counts against the bound (fetching, already added).
   */
  private room(slot: Slot): boolean | Promise<boolean> {
    if (this.stopped || slot === this.slots[this.head]) return false;
    if (!this.waitingForRoom.length && !this.full()) {
      this.fetching++;
      return true;
    }
    return new Promise<boolean>((go) => {
      this.waitingForRoom.push({ slot, go });
      this.launch();
    });
  }

  private split(slot: Slot, parts: number): void {
    const at = this.slots.indexOf(slot);
    this.slots.splice(at, 1, ...this.queued(splitWindow(slot.window, parts, this.options.grain, this.options.horizon)));
    this.cursor = Math.min(this.cursor, at);
  }
}
