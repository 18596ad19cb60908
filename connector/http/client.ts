// The one place requests leave the connector: keep-alive pools sized to the concurrency
// and the environment's proxy (agents.ts), Basic auth, base-URL override, Twilio error
// bodies turned into TwilioApiError, transport failures into TransportError, and answers the API does
// not define (redirects, bodies of another shape) into UnexpectedResponseError.
import { setMaxListeners } from 'node:events';
import type { HttpMethod } from '../catalog/types';
import type { Connection } from '../connection';
import { TransportError, TwilioApiError, UnexpectedResponseError, where, type ErrorContext } from '../errors';
import { parseJsonBody } from './json-text';
import { Agents } from './agents';
import { BodyBuffers } from './bodies';
import { exchange, type ExchangeError } from './transport';
import { stringifyJson } from '../values/raw-json';

export type Pairs = Array<[string, string]>;

export interface TwilioRequest {
  method: HttpMethod;
  /** Absolute Twilio URL (https://api.twilio.com/...) or a path relative to `origin`. */
  url: string;
  query?: Pairs;
  form?: Pairs;
  /** A JSON body, for the APIs whose definition asks for one. */
  json?: unknown;
  headers?: Record<string, string>;
  context?: ErrorContext;
  /**
   * Whether sending twice is harmless (Get, Query, Update, Delete). A Create is
   * retried only where Twilio provably did not process it: a 429, or a connection
   * that was refused before the request was written.
   */
  idempotent: boolean;
}

export interface TwilioResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string>;
  /** Requests made for this answer, retries included. */
  attempts: number;
  /** No string in the body holds a control character or U+FFFE/U+FFFF (json-text.ts): rendering may skip that check. */
  controlFree?: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** As Node's global agent: idle keep-alive sockets are closed after 5 s. */
const IDLE_SOCKET_TIMEOUT_MS = 5000;

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/** The longest Retry-After waited for by default; a longer one fails at once. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

export interface ClientOptions {
  /** Sockets kept open: the operation's concurrency. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** The longest wait a 429's Retry-After may ask for; past it the request fails at once, saying what Twilio asked. */
  maxRetryWaitMs?: number;
  /** Told at once what Twilio asked for (a 429's Retry-After); default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** Injected in tests so backoff is observable without waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Percent-encodes pairs as Twilio expects; repeated keys stay repeated. */
export function encodePairs(pairs: Pairs): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

const USER_AGENT = 'twilio-connector/0.1';

export class TwilioHttpClient {
  private readonly authorization: string;
  private readonly agents: Agents;
  private readonly bodies: BodyBuffers;

  private readonly retry: RetryPolicy;
  private readonly maxRetryWaitMs: number;
  private readonly warn: (message: string) => void;
  /** Aborted by close(): requests in flight end, no retry or new request follows. */
  private readonly closing = new AbortController();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly connection: Connection,
    options: ClientOptions = {},
  ) {
    const concurrency = options.concurrency ?? 1;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    // Every request in flight listens on the close signal (concurrency up to 256): not a leak.
    setMaxListeners(0, this.closing.signal);
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    this.warn = options.onWarning ?? ((message) => process.emitWarning(message, 'TwilioRetryAfter'));
    this.agents = new Agents({
      keepAlive: true,
      maxSockets: Math.max(1, concurrency),
      maxFreeSockets: Math.max(1, concurrency),
      // An idle socket is closed after this, or a second before the server's Keep-Alive
      // timeout where it announces one (Node's agent reads the hint only with a timeout set):
      // a request written to a socket the server is closing fails, and a Create is not retried.
      timeout: IDLE_SOCKET_TIMEOUT_MS,
    });
    // One body buffer per request in flight, and one for the answer being parsed.
    this.bodies = new BodyBuffers(Math.max(1, concurrency) + 1);
    this.authorization = 'Basic ' + Buffer.from(`${connection.username}:${connection.password}`).toString('base64');
  }

  /**
   * Where a request goes: Twilio's URL, or behind the base-URL override that origin with the
   * same path and query, and the Twilio host the request was meant for.
   */
  private locate(url: string): { url: string; twilioHost?: string } {
    const absolute = /^https?:\/\//.test(url) ? url : `https://api.twilio.com${url}`;
    if (!this.connection.baseUrl) return { url: absolute };
    const u = new URL(absolute);
    return { url: this.connection.baseUrl + u.pathname + u.search, twilioHost: u.host };
  }

  /** Sends with retries: backoff with full jitter, Retry-After honoured on 429. */
  async request<T = unknown>(req: TwilioRequest): Promise<TwilioResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      if (this.closing.signal.aborted) throw this.closedError(req, attempt > 1);
      try {
        const res = await this.send<T>(req);
        return { ...res, attempts: attempt };
      } catch (err) {
        const wait = attempt <= this.retry.retries ? this.retryDelay(err, req, attempt) : undefined;
        if (wait === undefined) {
          if (err instanceof TwilioApiError || err instanceof TransportError) err.attempts = attempt;
          throw err;
        }
        await Promise.race([this.sleep(wait), this.closed()]);
      }
    }
  }

  /** Resolves when close() is called (ends a backoff wait early). */
  private closed(): Promise<void> {
    const signal = this.closing.signal;
    return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  private closedError(req: TwilioRequest, sent: boolean): TransportError {
    return new TransportError(`${req.method} ${redactUrl(this.locate(req.url).url)} cancelled: the operation was closed`, sent, req.context);
  }

  /** Milliseconds to wait before retrying, or undefined when this failure must not be retried. */
  private retryDelay(err: unknown, req: TwilioRequest, attempt: number): number | undefined {
    const backoff = () => Math.round(this.random() * Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)));
    if (err instanceof TwilioApiError) {
      if (err.status === 429) {
        const afterMs = retryAfterMs(err.retryAfter);
        if (afterMs === undefined) return backoff();
        const asked = `Twilio answered 429 and asked to retry after ${seconds(afterMs)} s (Retry-After)`;
        const label = where(req.context ?? {});
        if (afterMs > this.maxRetryWaitMs) {
          const beyond = `longer than the ${seconds(this.maxRetryWaitMs)} s the retry wait allows (maxRetryWaitMs)`;
          this.warn(`${label ? label + ': ' : ''}${asked}, ${beyond}: not retried`);
          err.message += `; Twilio asked to retry after ${seconds(afterMs)} s (Retry-After), ${beyond}`;
          return undefined;
        }
        if (afterMs > 0) this.warn(`${label ? label + ': ' : ''}${asked}: waiting`);
        return afterMs;
      }
      return req.idempotent && err.status >= 500 ? backoff() : undefined;
    }
    if (err instanceof TransportError) return req.idempotent || !err.sent ? backoff() : undefined;
    return undefined;
  }

  private async send<T>(req: TwilioRequest): Promise<Omit<TwilioResponse<T>, 'attempts'>> {
    const located = this.locate(req.url);
    let url = located.url;
    if (req.query?.length) url += (url.includes('?') ? '&' : '?') + encodePairs(req.query);
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: 'application/json', ...req.headers };
    // Several Twilio APIs share paths (/v1/Services/{Sid}); behind an override, name the one meant.
    if (located.twilioHost) headers['X-Twilio-Host'] = located.twilioHost;
    let data: string | undefined;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      data = stringifyJson(req.json);
    } else if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      data = encodePairs(req.form);
    }
    let res;
    try {
      res = await exchange({
        method: req.method,
        url,
        headers,
        body: data,
        authorization: this.authorization,
        agent: this.agents.agentFor(url),
        timeoutMs: this.connection.timeoutMs,
        signal: this.closing.signal,
        bodies: this.bodies,
      });
    } catch (err) {
      if (this.closing.signal.aborted) throw this.closedError(req, true);
      const e = err as ExchangeError;
      // A request that failed before it was written (refused, DNS) provably did not reach Twilio.
      const notSent = e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN';
      const proxy = this.agents.proxyOf(url);
      const via = proxy ? ` through proxy ${proxy}` : '';
      throw new TransportError(`${req.method} ${redactUrl(url)} failed${via}: ${e.code ?? ''} ${e.message}`.trim(), !notSent, req.context);
    }
    const responseHeaders = res.headers;
    if (res.status >= 300 && res.status < 400) {
      const location = responseHeaders.location;
      let host = 'nowhere: no Location';
      try {
        if (location) host = new URL(location, url).host;
      } catch {
        host = 'an unreadable Location';
      }
      throw new UnexpectedResponseError(`Twilio answered ${res.status} (a redirect to ${host}); redirects are not followed`, res.status, req.context);
    }
    let body: unknown = undefined;
    let controlFree = false;
    let parsed = false;
    /** The start of an error's body, for its message where Twilio gave none. */
    let opening = '';
    const empty = res.body.length === 0;
    try {
      const raw = res.body;
      if (!empty) {
        try {
          ({ value: body, controlFree } = parseJsonBody(raw));
          parsed = true;
        } catch {
          // not JSON: said below for a success, quoted for an error
        }
        if (res.status >= 400) opening = raw.toString('utf8', 0, 400).slice(0, 200);
      }
    } finally {
      // The parsed value holds copies: the body's buffer goes back for the next answer.
      res.release();
    }
    if (!empty && !parsed && res.status < 400) {
      const type = responseHeaders['content-type'];
      throw new UnexpectedResponseError(
        `Twilio answered ${res.status} with a body that is not JSON${type ? ` (${type})` : ''} where a JSON object was expected`,
        res.status,
        req.context,
      );
    }
    if (res.status >= 400) {
      const b = (body ?? {}) as { code?: number; message?: string; more_info?: string };
      const error = new TwilioApiError(
        res.status,
        typeof b.code === 'number' ? b.code : undefined,
        b.message ?? (opening || `HTTP ${res.status}`),
        b.more_info,
        req.context,
      );
      error.retryAfter = responseHeaders['retry-after'];
      throw error;
    }
    // Every answer the API defines is a JSON object (a record or a list page), but a 204 or a Delete's.
    if (res.status !== 204 && req.method !== 'DELETE' && !isJsonObject(body)) {
      throw new UnexpectedResponseError(`Twilio answered ${res.status} with ${shapeOf(body)} where a JSON object was expected`, res.status, req.context);
    }
    return { status: res.status, data: body as T, headers: responseHeaders, controlFree };
  }

  close(): void {
    this.closing.abort();
    this.agents.destroy();
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, for saying it is not what was expected. */
export function shapeOf(value: unknown): string {
  if (value === undefined) return 'no body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when unreadable. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const seconds = (ms: number) => String(Math.ceil(ms / 1000));

/** Query strings never carry credentials, but strip userinfo defensively. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}
