// List pages: newest first, PageSize (default 50, clamped to 1000), Page
// (an index, informational once a token is given) and PageToken. 'PA'+key continues
// after that record, 'PB'+key goes back before it; the key is the record's own id
// (conference_sid/call_sid for participants). Tokens name a position in the
// (date_created, key) order, so records added meanwhile neither repeat nor hide others.
// The classic API writes next_page_uri & co. (relative); the newer APIs a `meta` object
// with absolute URLs on Twilio's host for the API (clients rewrite the origin); the
// Communications API takes page_size / page_token and writes `pagination` with the next
// page's token ('page_'+key, forward only) and the page's own absolute URL. A few newer
// lists (Numbers v1 port-in requests) name their own size and token parameters (Size,
// Token) and write `meta` with next_token / previous_token: read off the definition's
// paging vocabulary, as the connector reads it.
import { TwilioError } from './errors';
import type { Predicate } from './filters';
import { envelopeOf, type TypeModel } from './model';
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
  /** How a record is served; render() unless the type derives fields. */
  present?: (rec: TwilioRecord) => TwilioRecord;
}

/** Where a page starts: its size, its index (classic and meta only) and a position token ('PA…'/'PB…', '' for the first page). */
interface PageStart {
  pageSize: number;
  page: number;
  token: string;
  /** The token as the request gave it, and under which parameter, for errors. */
  given: [param: string, value: string];
}

/** One page of records in list order, their keys, and whether more follow. */
interface PageWalk {
  picked: TwilioRecord[];
  keys: string[];
  hasMore: boolean;
}

const TOKEN_PAGE = 'page_';

function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw TwilioError.of(20001, `Invalid value ${raw} for parameter ${name}`);
  return Number(raw);
}

/** A token dialect's page size: bounded to 1..max by the definition rather than clamped. */
function boundedSize(query: URLSearchParams, param: string, max: number): number {
  const size = intParam(query, param, Math.min(DEFAULT_PAGE_SIZE, max), 1);
  if (size > max) throw TwilioError.of(20001, `Invalid value ${size} for parameter ${param} (at most ${max})`);
  return size;
}

function pageStart(req: PageRequest, envelope: ReturnType<typeof envelopeOf>): PageStart {
  const pages = req.tm.def.pages;
  if (envelope === 'meta-token' && pages?.sizeParam && pages.tokenParam) {
    const size = boundedSize(req.query, pages.sizeParam, pages.maxSize ?? MAX_PAGE_SIZE);
    const token = req.query.get(pages.tokenParam) ?? '';
    return { pageSize: size, page: 0, token, given: [pages.tokenParam, token] };
  }
  if (!req.tm.tokenApi) {
    const token = req.query.get('PageToken') ?? '';
    return {
      pageSize: Math.min(intParam(req.query, 'PageSize', DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE),
      page: intParam(req.query, 'Page', 0, 0),
      token,
      given: ['PageToken', token],
    };
  }
  const size = boundedSize(req.query, 'page_size', MAX_PAGE_SIZE);
  const raw = req.query.get('page_token') ?? '';
  const token = raw.startsWith(TOKEN_PAGE) ? `PA${raw.slice(TOKEN_PAGE.length)}` : raw && 'invalid';
  return { pageSize: size, page: 0, token, given: ['page_token', raw] };
}

function walk(req: PageRequest, { pageSize, page, token, given }: PageStart): PageWalk {
  const { collection, predicate } = req;
  const order = collection.entries();
  const picked: TwilioRecord[] = [];
  const keys: string[] = [];
  let hasMore = false;

  if (token) {
    const pos = /^P[AB]/.test(token) ? collection.position(token.slice(2)) : undefined;
    if (!pos) throw TwilioError.of(20001, `Invalid value ${given[1]} for parameter ${given[0]}`);
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
  return { picked, keys, hasMore };
}

function pageUri(req: PageRequest, pageSize: number, page: number, token?: string): string {
  const pairs: Array<[string, string]> = [...req.carried, ['PageSize', String(pageSize)], ['Page', String(page)]];
  if (token) pairs.push(['PageToken', token]);
  return withQuery(req.pathname, pairs);
}

function withQuery(pathname: string, pairs: Array<[string, string]>): string {
  return `${pathname}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export function listPage(req: PageRequest): TwilioRecord {
  const envelope = envelopeOf(req.tm.def);
  const start = pageStart(req, envelope);
  const found = walk(req, start);
  const present = req.present ?? ((rec: TwilioRecord) => render(req.tm, rec));
  const records = found.picked.map(present);
  if (req.tm.tokenApi) return tokenEnvelope(req, start, found, records);
  if (envelope === 'meta') return metaEnvelope(req, start, found, records);
  if (envelope === 'meta-token') return metaTokenEnvelope(req, start, found, records);
  return classicEnvelope(req, start, found, records);
}

function metaEnvelope(req: PageRequest, { pageSize, page, token }: PageStart, { keys, hasMore }: PageWalk, records: TwilioRecord[]): TwilioRecord {
  const last = keys[keys.length - 1];
  const first = keys[0];
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

/** `meta` with the next and previous pages' tokens, which the client sends back as the token parameter. */
function metaTokenEnvelope(req: PageRequest, { token }: PageStart, { keys, hasMore }: PageWalk, records: TwilioRecord[]): TwilioRecord {
  const last = keys[keys.length - 1];
  const first = keys[0];
  return {
    [req.tm.def.listKey]: records,
    meta: {
      previous_token: token && first !== undefined ? `PB${first}` : null,
      next_token: hasMore && last !== undefined ? `PA${last}` : null,
    },
  };
}

function classicEnvelope(req: PageRequest, { pageSize, page, token }: PageStart, { picked, keys, hasMore }: PageWalk, records: TwilioRecord[]): TwilioRecord {
  const start = page * pageSize;
  const last = keys[keys.length - 1];
  const first = keys[0];
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

/** The Communications API's envelope: the next page's bare token (clients repeat the request with it) and this page's URL. */
function tokenEnvelope(req: PageRequest, { pageSize, token }: PageStart, { keys, hasMore }: PageWalk, records: TwilioRecord[]): TwilioRecord {
  const last = keys[keys.length - 1];
  const pairs: Array<[string, string]> = [...req.carried, ['page_size', String(pageSize)]];
  if (token) pairs.push(['page_token', TOKEN_PAGE + token.slice(2)]);
  return {
    [req.tm.def.listKey]: records,
    pagination: {
      next: hasMore && last !== undefined ? TOKEN_PAGE + last : null,
      self: req.tm.def.baseUrl + withQuery(req.pathname, pairs),
    },
  };
}
