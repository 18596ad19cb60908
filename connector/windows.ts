// Date windows of a windowed Query: half-open [from, to) ranges cut on whole seconds,
// or on UTC midnights where Twilio's filter takes a date, and the rule that splits a
// window whose first page shows it is dense. Calendar arithmetic is date-fns on
// UTCDate, so no result depends on the machine's time zone.
// One module per function, and the mini UTCDate (no formatting methods, none needed): the
// packages' index modules load every function and cost ~100 ms of every CLI start.
import { UTCDateMini as UTCDate } from '@date-fns/utc/date/mini';
import { addDays } from 'date-fns/addDays';
import { addSeconds } from 'date-fns/addSeconds';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { differenceInSeconds } from 'date-fns/differenceInSeconds';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfSecond } from 'date-fns/startOfSecond';

export type Grain = 'second' | 'day';

/** Instants in ms: from inclusive, to exclusive; no `to` is open towards the future. */
export interface Window {
  from: number;
  to?: number;
}

/** The grain boundary at or before t: the second, or the UTC midnight. */
export function floorTo(t: number, grain: Grain): number {
  const d = new UTCDate(t);
  return (grain === 'day' ? startOfDay(d) : startOfSecond(d)).getTime();
}

function addGrains(t: number, n: number, grain: Grain): number {
  return (grain === 'day' ? addDays(new UTCDate(t), n) : addSeconds(new UTCDate(t), n)).getTime();
}

function grainsBetween(from: number, to: number, grain: Grain): number {
  return grain === 'day' ? differenceInCalendarDays(new UTCDate(to), new UTCDate(from)) : differenceInSeconds(new UTCDate(to), new UTCDate(from));
}

/** Where a window ends for arithmetic: its own end, or for the open window the horizon (the Query's start). */
export function endOf(w: Window, horizon: number): number {
  return w.to ?? Math.max(horizon, w.from);
}

/** Grain boundaries strictly inside the window (up to its end, or the horizon when open). */
function cutRange(w: Window, grain: Grain, horizon: number): { first: number; count: number } {
  const floor = floorTo(w.from, grain);
  const first = addGrains(floor, 1, grain);
  const last = floorTo(endOf(w, horizon) - 1, grain);
  return { first, count: last >= first ? grainsBetween(first, last, grain) + 1 : 0 };
}

/**
 * Splits a window into up to `parts` windows cut on grain boundaries, as even in time as
 * those allow; ascending. Together they cover exactly the window: each instant lies in one.
 */
export function splitWindow(w: Window, parts: number, grain: Grain, horizon: number): Window[] {
  const { first, count } = cutRange(w, grain, horizon);
  if (parts < 2 || count === 0) return [w];
  const cuts: number[] = [];
  for (let i = 1; i < parts; i++) {
    const j = Math.min(count - 1, Math.max(0, Math.round((i * (count + 1)) / parts) - 1));
    const cut = addGrains(first, j, grain);
    if (cut !== cuts[cuts.length - 1]) cuts.push(cut);
  }
  const bounds = [w.from, ...cuts];
  return bounds.map((from, i) => (i + 1 < bounds.length ? { from, to: bounds[i + 1] } : w.to === undefined ? { from } : { from, to: w.to }));
}

/** Pages a window is aimed at; a window whose first page promises more than SPLIT_ABOVE is split. */
export const TARGET_PAGES = 2;
export const SPLIT_ABOVE = 3;

/**
 * Into how many windows a window splits after its first page (1: it goes on paging).
 * Only a window whose first page is full (another follows) and that spans two grains or
 * more splits. Where the page's records come in date order (90% of neighbours agree),
 * their time span estimates the window's pages (its width over that span) and the window
 * splits into pieces of about TARGET_PAGES; where they do not, the page says nothing about
 * density and the window is halved. `times` are the page's record instants, in list order.
 */
export function splitFactor(w: Window, times: Array<number | undefined>, hasNext: boolean, grain: Grain, horizon: number, maxParts: number): number {
  if (!hasNext || cutRange(w, grain, horizon).count === 0) return 1;
  const valid = times.filter((t): t is number => t !== undefined);
  if (valid.length < 2) return 2;
  let down = 0;
  let up = 0;
  for (let i = 1; i < valid.length; i++) {
    if (valid[i] <= valid[i - 1]) down++;
    if (valid[i] >= valid[i - 1]) up++;
  }
  if (Math.max(down, up) < 0.9 * (valid.length - 1)) return 2;
  const span = Math.max(Math.max(...valid) - Math.min(...valid), grain === 'day' ? 86_400_000 : 1000);
  const pages = (endOf(w, horizon) - w.from) / span;
  if (pages <= SPLIT_ABOVE) return 1;
  return Math.max(2, Math.min(maxParts, Math.ceil(pages / TARGET_PAGES)));
}
