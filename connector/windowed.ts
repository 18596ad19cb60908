// A windowed Query: the bounded date range is cut into windows (windows.ts), each its own
// chain of pages, `concurrency` chains at once. Documents come out window by window,
// newest window first (Twilio lists newest first, so where it lists by the filtered date
// this is the unsplit Query's order), each window's records in Twilio's order. Windows
// behind the one being delivered fetch while their pages, held or on the way, stay under
// a bound, so memory stays flat; the first failure of any window ends the Query.
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
  private waitingForRoom: Array<() => void> = [];

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
        this.makeRoom();
        yield page;
      } else if (slot.state === 'done') {
        this.head++;
        this.makeRoom(); // the new head fetches regardless of the bound
      } else {
        await new Promise<void>((resolve) => (this.wakeDelivery = resolve));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.makeRoom();
  }

  private queued(windows: Window[]): Slot[] {
    return windows.reverse().map((window) => ({ window, state: 'queued', pages: [] }));
  }

  private notify(): void {
    const wake = this.wakeDelivery;
    this.wakeDelivery = undefined;
    wake?.();
  }

  /** Pages were delivered or the head moved on: waiting windows look again, queued ones may start. */
  private makeRoom(): void {
    const waiting = this.waitingForRoom;
    this.waitingForRoom = [];
    for (const wake of waiting) wake();
    this.launch();
  }

  /**
   * Starts queued windows in delivery order while chains are free and the bound allows;
   * the window being delivered always starts (a split may queue it behind running ones).
   */
  private launch(): void {
    for (;;) {
      while (this.cursor < this.slots.length && this.slots[this.cursor].state !== 'queued') this.cursor++;
      const slot = this.slots[this.cursor];
      if (!slot || this.stopped) return;
      const full = this.running >= this.options.concurrency || this.held + this.fetching >= this.options.maxHeldPages;
      if (full && this.cursor !== this.head) return;
      slot.state = 'running';
      this.running++;
      void this.pump(slot);
    }
  }

  private async pump(slot: Slot): Promise<void> {
    const { grain, horizon, concurrency, timeOf } = this.options;
    const { pages, accept } = this.options.open(slot.window);
    try {
      for (let first = true; ; first = false) {
        if (!first) await this.room(slot);
        if (this.stopped) return;
        const ahead = slot !== this.slots[this.head];
        if (ahead) this.fetching++;
        const next = await pages.next().finally(() => ahead && this.fetching--);
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

  /** Waits until the window may ask for its next page: it is the one delivered, or the bound allows. */
  private async room(slot: Slot): Promise<void> {
    while (!this.stopped && slot !== this.slots[this.head] && this.held + this.fetching >= this.options.maxHeldPages) {
      await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    }
  }

  private split(slot: Slot, parts: number): void {
    const at = this.slots.indexOf(slot);
    this.slots.splice(at, 1, ...this.queued(splitWindow(slot.window, parts, this.options.grain, this.options.horizon)));
    this.cursor = Math.min(this.cursor, at);
  }
}
