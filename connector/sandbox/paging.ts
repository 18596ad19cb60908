// List pages: newest first, PageSize (default 50, clamped to 1000), Page
// (an index, informational once a token is given) and PageToken. 'PA'+key continues
// after that record, 'PB'+key goes back before it; the key is the record's own id
// (conference_sid/call_sid for participants). Tokens name a position in the
// (date_created, key) order, so records added meanwhile neither repeat nor hide others.
// The classic API writes next_page_uri & co. (relative); the newer APIs a `meta` object
// with absolute URLs on Twilio's host for the API (clients rewrite the origin).
import { TwilioError } from './errors';
import type { Predicate } from './filters';
import type { TypeModel } from './model';
import { render } from './records';
import type { Collection, TwilioRecord } from './store';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  tm: TypeModel;
  collection: Collection;
  predicate: Predicate;
  /** Filter parameters to carry into the page URIs. */
  carried: Array<[string, string]>;
  /** The request path, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  pathname: string;
  query: URLSearchParams;
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw TwilioError.of(20001, `Invalid value ${raw} for parameter ${name}`);
  return Number(raw);
}

function pageUri(req: PageRequest, pageSize: number, page: number, token?: string): string {
  const pairs: Array<[string, string]> = [...req.carried, ['PageSize', String(pageSize)], ['Page', String(page)]];
  if (token) pairs.push(['PageToken', token]);
  return `${req.pathname}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export function listPage(req: PageRequest): TwilioRecord {
  const pageSize = Math.min(intParam(req.query, 'PageSize', DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const page = intParam(req.query, 'Page', 0, 0);
  const token = req.query.get('PageToken') ?? '';
  const { collection, predicate } = req;
  const order = collection.entries();
  const picked: TwilioRecord[] = [];
  const keys: string[] = [];
  let hasMore = false;

  if (token) {
    const pos = /^P[AB]/.test(token) ? collection.position(token.slice(2)) : undefined;
    if (!pos) throw TwilioError.of(20001, `Invalid value ${token} for parameter PageToken`);
    if (token.startsWith('PA')) {
      // Walk older records, starting just below the token's position.
      for (let i = collection.lowerBound(pos) - 1; i >= 0; i--) {
        const e = order[i];
        if (e.removed || !predicate(e.rec)) continue;
        if (picked.length === pageSize) {
          hasMore = true;
          break;
        }
        picked.push(e.rec);
        keys.push(e.key);
      }
    } else {
      // Walk newer records upwards from just above the token, then restore newest-first order.
      let i = collection.lowerBound(pos);
      if (i < order.length && order[i].key === pos.key) i++;
      for (; i < order.length && picked.length < pageSize; i++) {
        const e = order[i];
        if (e.removed || !predicate(e.rec)) continue;
        picked.push(e.rec);
        keys.push(e.key);
      }
      picked.reverse();
      keys.reverse();
      hasMore = true; // the token's own record lies after this page
    }
  } else {
    let skip = page * pageSize;
    for (let i = order.length - 1; i >= 0; i--) {
      const e = order[i];
      if (e.removed || !predicate(e.rec)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (picked.length === pageSize) {
        hasMore = true;
        break;
      }
      picked.push(e.rec);
      keys.push(e.key);
    }
  }

  const start = page * pageSize;
  const last = keys[keys.length - 1];
  const first = keys[0];
  const records = picked.map((rec) => render(req.tm, rec));
  if (req.tm.def.paging === 'meta') {
    const url = (p: number, t?: string): string => req.tm.def.baseUrl + pageUri(req, pageSize, p, t);
    return {
      [req.tm.def.listKey]: records,
      meta: {
        page,
        page_size: pageSize,
        first_page_url: url(0),
        previous_page_url: page > 0 && first !== undefined ? url(page - 1, `PB${first}`) : null,
        url: url(page, token || undefined),
        next_page_url: hasMore && last !== undefined ? url(page + 1, `PA${last}`) : null,
        key: req.tm.def.listKey,
      },
    };
  }
  const envelope: TwilioRecord = {
    end: picked.length ? start + picked.length - 1 : start,
    first_page_uri: pageUri(req, pageSize, 0),
    [req.tm.def.listKey]: records,
    next_page_uri: hasMore && last !== undefined ? pageUri(req, pageSize, page + 1, `PA${last}`) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 && first !== undefined ? pageUri(req, pageSize, page - 1, `PB${first}`) : null,
    start,
    uri: pageUri(req, pageSize, page, token || undefined),
  };
  // Twilio writes keys alphabetically; the list key sorts among the paging keys.
  return Object.fromEntries(Object.entries(envelope).sort(([a], [b]) => (a < b ? -1 : 1)));
}
