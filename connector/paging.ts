// The one reader of the catalog's paging vocabulary (ObjectTypeDef.pages): which
// parameter sets the page size, where a page names the next one and as what (a path, a
// URL, a token). A chain of pages is the first request, then each next page, checked on
// the way: a page is an object holding the list key's array of records; a next link is
// followed only to Twilio (https, *.twilio.com) or, behind a base-URL override, to that
// origin; a link or a page seen before ends the chain instead of fetching it forever.
import type { ObjectTypeDef, PagingDef, RouteDef } from './catalog/types';
import { UnexpectedResponseError } from './errors';
import { isJsonObject, shapeOf, type Pairs, type TwilioRequest, type TwilioResponse } from './http/client';

type Record_ = Record<string, unknown>;
export type Sender = <T>(req: TwilioRequest) => Promise<TwilioResponse<T>>;

export interface Page {
  records: Record_[];
  /** The HTTP client's finding that no string holds a control character (TwilioResponse.controlFree). */
  controlFree: boolean;
  /** Another page follows. */
  hasNext: boolean;
}

/** The size parameter for a list request, capped at what the list serves; none where it takes none. */
export function sizeQuery(def: ObjectTypeDef, route: RouteDef, pageSize: number): Pairs {
  const pages = def.pages;
  if (!pages?.sizeParam || route.pageSize === false) return [];
  return [[pages.sizeParam, String(Math.min(pageSize, pages.maxSize ?? pageSize))]];
}

export interface ChainOptions {
  def: ObjectTypeDef;
  send: Sender;
  /** The list request of the first page, size parameter included. */
  first: TwilioRequest;
  /** The connection's base-URL override, whose origin next links may name. */
  baseUrl?: string;
  /**
   * On (the default): the next page is requested before a page is handed on. Off: only when
   * the caller asks for it, so a caller that holds pages decides how many are in flight
   * (a windowed Query), and one that looks at a page and stops sends nothing more.
   */
  prefetch?: boolean;
}

/** Streams the pages of one list, one request in flight at most. */
export async function* pageChain({ def, send, first, baseUrl, prefetch = true }: ChainOptions): AsyncGenerator<Page> {
  const ctx = first.context ?? {};
  const seen = new Seen();
  seen.repeats(first, 1);
  let pending: Promise<TwilioResponse<unknown>> | undefined = send(first);
  for (let n = 1; pending; n++) {
    const answer: TwilioResponse<unknown> = await pending;
    const failure: Failure = (message) => new UnexpectedResponseError(message, answer.status, ctx);
    const records = recordsOf(def, answer.data, n, failure);
    const same = seen.samePage(records, n);
    if (same) {
      throw failure(
        `list page ${n} repeats page ${same.page} (the same ${records.length} record(s), ${same.first} to ${same.last}): the list goes round in a cycle; its records were not delivered again`,
      );
    }
    // A link not to follow still lets this page's records out; the chain ends after them.
    let next: TwilioRequest | undefined;
    let refused: unknown;
    try {
      const link = nextLink(def.pages, answer.data, n, failure);
      next = link === undefined ? undefined : nextRequest(def, first, link, baseUrl, n, failure);
      const earlier = next && seen.repeats(next, n + 1);
      if (earlier) throw failure(`list page ${n}'s next-page link repeats page ${earlier}: the list goes round in a cycle; stopped before fetching it again`);
    } catch (err) {
      next = undefined;
      refused = err;
    }
    const page: Page = { records, controlFree: answer.controlFree === true, hasNext: next !== undefined || refused !== undefined };
    pending = undefined;
    if (next && prefetch) {
      pending = send(next);
      // Keep an abandoned prefetch from surfacing as an unhandled rejection.
      pending.catch(() => undefined);
      // Let the socket write happen now: it waits for a macrotask, which a busy chain of
      // generator microtasks would otherwise hold back until this page is consumed.
      await new Promise((resolve) => setImmediate(resolve));
    }
    yield page;
    if (refused) throw refused;
    if (next && !pending) pending = send(next);
  }
}

/** What a value is, for saying it is not what was expected; an object by its first keys. */
function describe(value: unknown): string {
  return isJsonObject(value) ? `an object with keys ${Object.keys(value).slice(0, 8).join(', ') || 'none'}` : shapeOf(value);
}

/** Makes the error for a page that is not what the list defines. */
type Failure = (message: string) => UnexpectedResponseError;

/** The records of a page, or a FAILURE naming what was expected. */
function recordsOf(def: ObjectTypeDef, data: unknown, n: number, failure: Failure): Record_[] {
  const records = isJsonObject(data) ? data[def.listKey] : undefined;
  if (!Array.isArray(records)) {
    throw failure(`list page ${n} is not an object with a '${def.listKey}' array of records (got ${describe(data)})`);
  }
  const bad = records.findIndex((r) => !isJsonObject(r));
  if (bad >= 0) {
    throw failure(
      `a list page holds ${shapeOf(records[bad])} where a ${def.name} record (a JSON object) was expected (page ${n}, item ${bad + 1} of '${def.listKey}')`,
    );
  }
  return records as Record_[];
}

/** The page's next link or token at the dialect's dotted path; undefined at the end. */
function nextLink(pages: PagingDef | undefined, data: unknown, n: number, failure: Failure): string | undefined {
  if (!pages?.next) return undefined;
  let value: unknown = data;
  for (const key of pages.next.split('.')) value = value !== null && typeof value === 'object' ? (value as Record_)[key] : undefined;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw failure(`list page ${n}: '${pages.next}' is ${describe(value)}, not a next-page link`);
  return value;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const WEB_URL = /^https?:\/\//i;
const TWILIO_HOST = /(^|\.)twilio\.com$/;

/** The request for the page after page n, from its link: only ever to Twilio or the override origin. */
function nextRequest(def: ObjectTypeDef, first: TwilioRequest, link: string, baseUrl: string | undefined, n: number, failure: Failure): TwilioRequest {
  const pages = def.pages!;
  const fail = (why: string): never => {
    throw failure(`list page ${n}: next-page link '${link.slice(0, 200)}' ${why}; nothing was sent there`);
  };
  if (pages.nextIs === 'token' && !WEB_URL.test(link)) {
    // The first request again, with the token.
    const query = (first.query ?? []).filter(([k]) => k !== pages.tokenParam);
    return { ...first, query: [...query, [pages.tokenParam!, link]] };
  }
  if (pages.nextIs === 'relative-uri' && !ABSOLUTE.test(link) && (!link.startsWith('/') || link.startsWith('//'))) fail('is not a path');
  if (pages.nextIs !== 'relative-uri' && !ABSOLUTE.test(link) && !link.startsWith('/')) fail('is not a URL');
  let url: URL;
  try {
    url = new URL(link, def.baseUrl);
  } catch {
    return fail('is not a URL');
  }
  if (url.username || url.password) fail('carries credentials');
  const override = baseUrl ? new URL(baseUrl).origin : undefined;
  // The override's own origin stands for the API's: send it as a Twilio URL, so the client names the API meant.
  if (override && url.origin === override) return { ...first, url: def.baseUrl + url.pathname + url.search, query: undefined };
  if (url.protocol !== 'https:' || !TWILIO_HOST.test(url.hostname)) {
    fail(`leads to ${url.protocol}//${url.host}, which is not a Twilio API host (https, *.twilio.com)${override ? ` nor the base URL ${override}` : ''}`);
  }
  return { ...first, url: url.href, query: undefined };
}

/** Requests and pages a chain has seen, to end a list that repeats itself. */
class Seen {
  private readonly requests = new Map<string, number>();
  private readonly pages = new Map<string, number>();

  /** The earlier page a request for page n would fetch again; else it is noted as page n. */
  repeats(req: TwilioRequest, n: number): number | undefined {
    const key = requestKey(req);
    const earlier = this.requests.get(key);
    if (earlier === undefined) this.requests.set(key, n);
    return earlier;
  }

  /**
   * The earlier page that held the same records as page n (same count, first and last
   * record): the same page under another link. Else page n is noted.
   */
  samePage(records: Record_[], n: number): { page: number; first: string; last: string } | undefined {
    const idOf = (r: Record_ | undefined) => (typeof (r?.sid ?? r?.id) === 'string' ? String(r?.sid ?? r?.id) : undefined);
    const first = idOf(records[0]);
    const last = idOf(records[records.length - 1]);
    if (first === undefined || last === undefined) return undefined;
    const signature = `${records.length}:${first}:${last}`;
    const earlier = this.pages.get(signature);
    if (earlier === undefined) this.pages.set(signature, n);
    return earlier === undefined ? undefined : { page: earlier, first, last };
  }
}

/** A request's identity: URL and query pairs in a fixed order. */
function requestKey(req: TwilioRequest): string {
  const url = new URL(req.url, 'https://api.twilio.com');
  const pairs = [...url.searchParams, ...(req.query ?? [])].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort();
  return `${url.origin}${url.pathname}?${pairs.join('&')}`;
}
