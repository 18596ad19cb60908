// The sandbox HTTP server: plain node:http on 127.0.0.1, recording requests, applying
// fault rules, authenticating, then handing the request to the catalog handlers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { loadCatalog, type Catalog } from '../connector/catalog/load';
import { authenticate } from './auth';
import { TwilioError, type ErrorLayout } from './errors';
import { Faults, checkRules, type FaultController, type FaultRule } from './faults';
import { handleApi, type ApiContext } from './handlers';
import { Model } from './model';
import { createPrng } from './prng';
import { jsonParams, type FormParams, type JsonBody } from './records';
import { hex } from './sids';
import { seedStore, SHIPPED_SEEDS, type SeedOptions } from './seed';
import { loadSeedFiles } from './seed-files';
import { Store } from './store';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** true (default) loads the documented data set; false only the main account; counts per seed option ({ messages: 100000 }). */
  seed?: boolean | SeedOptions;
  /** A directory of seed files (sandbox/seeds/*.json's format) used instead of the shipped ones. */
  seedDir?: string;
  faults?: FaultRule[];
  /** Time of new records and updates; defaults to the wall clock. */
  clock?: () => Date;
  catalog?: Catalog;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Raw query string, without '?'. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
  /** Restores the seeded state and clears faults and recorded requests. */
  reset(): void;
  store: Store;
  faults: FaultController;
  /** The last MAX_RECORDED API requests (control endpoints excluded). */
  requests: RecordedRequest[];
}

export const MAX_RECORDED = 10_000;
const MAX_BODY = 10 * 1024 * 1024;
const CONTROL_PREFIX = '/__sandbox/';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(TwilioError.of(20001, 'Request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(text: string): FormParams {
  const form: FormParams = new Map();
  for (const [k, v] of new URLSearchParams(text)) {
    const values = form.get(k);
    if (values) values.push(v);
    else form.set(k, [v]);
  }
  return form;
}

/** A JSON body (the APIs whose definition asks for one): an object, kept as parsed for its structured values. */
function parseJsonBody(text: string): JsonBody {
  let doc: unknown;
  try {
    doc = JSON.parse(text || '{}');
  } catch {
    throw TwilioError.of(20001, 'Request body is not valid JSON');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw TwilioError.of(20001, 'Request body must be a JSON object');
  return doc as JsonBody;
}

/** The Twilio host a request is meant for: X-Twilio-Host, else a Host that is a *.twilio.com name. */
export function twilioHostOf(headers: IncomingMessage['headers']): string | undefined {
  for (const raw of [headers['x-twilio-host'], headers.host]) {
    const value = (Array.isArray(raw) ? raw[0] : (raw ?? ''))
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/[:/].*$/, '');
    if (value.endsWith('.twilio.com')) return value;
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: TwilioError, requestId: string, layout?: ErrorLayout): void {
  send(res, err.status, err.body(layout), { 'Twilio-Request-Id': requestId, ...err.headers });
}

/** A fired 'status' rule as Twilio would answer it. */
function faultError(rule: FaultRule): TwilioError {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = rule.retryAfter !== undefined ? { 'Retry-After': String(rule.retryAfter) } : {};
  return status === 429 ? TwilioError.of(20429, undefined, headers) : TwilioError.forStatus(status, headers);
}

/** What the control endpoints (/__sandbox/*) act on. */
interface ControlState {
  faults: Faults;
  requests: RecordedRequest[];
  reset(): void;
}

/** The control endpoints: faults, reset, recorded requests; loopback callers only. */
function control(state: ControlState, req: IncomingMessage, res: ServerResponse, pathname: string, body: string): void {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(res, 404);
  const route = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
  if (route === 'POST faults') {
    let rules: FaultRule[];
    try {
      const parsed: unknown = JSON.parse(body || '[]');
      rules = checkRules(Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown }).rules);
    } catch (e) {
      return send(res, 400, { message: (e as Error).message });
    }
    state.faults.set(rules);
    return send(res, 200, { rules: rules.length });
  }
  if (route === 'DELETE faults') return (state.faults.clear(), send(res, 204));
  if (route === 'GET faults') return send(res, 200, { rules: state.faults.rules, hits: state.faults.hits });
  if (route === 'POST reset') return (state.reset(), send(res, 204));
  if (route === 'GET requests') return send(res, 200, state.requests);
  send(res, 404);
}

function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server at once: pending fault delays end, keep-alive sockets (fetch, the twilio client's agent) are cut. */
function closeNow(server: Server, sockets: Set<Socket>, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const model = new Model(options.catalog ?? loadCatalog());
  const store = new Store(model);
  const seeds = options.seedDir ? loadSeedFiles(options.seedDir) : SHIPPED_SEEDS;
  const faults = new Faults(options.faults ?? []);
  const requests: RecordedRequest[] = [];
  const ctx: ApiContext = { model, store, clock: options.clock ?? (() => new Date()), prng: createPrng(0x5a4db0c) };
  const requestIds = createPrng(0x7e9);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const reset = (): void => {
    store.clear();
    seedStore(store, options.seed, seeds);
    faults.set(options.faults ?? []);
    requests.length = 0;
  };
  reset();

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** The error layout of the API a request is for. */
  const layoutOf = (req: IncomingMessage): ErrorLayout => model.errorLayout((req.url ?? '/').replace(/\?.*$/, ''), twilioHostOf(req.headers));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `RQ${hex(requestIds, 32)}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? '' : rawUrl.slice(q + 1);
    const body = await readBody(req);
    if (pathname.startsWith(CONTROL_PREFIX)) return control({ faults, requests, reset }, req, res, pathname, body);

    requests.push({ method, path: pathname, query: search, headers: { ...req.headers }, body });
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);

    const decision = faults.decide(method, rawUrl);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.fault?.kind === 'drop') return void req.socket.destroy();
    if (decision.fault) return sendError(res, faultError(decision.fault), requestId, layoutOf(req));

    const principal = authenticate(store, req.headers.authorization);
    if (!principal) {
      const err = TwilioError.of(20003, undefined, { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      return sendError(res, err, requestId, layoutOf(req));
    }
    const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '') ? parseJsonBody(body) : undefined;
    const result = handleApi(ctx, {
      method,
      pathname,
      query: new URLSearchParams(search),
      form: json ? jsonParams(json) : parseForm(body),
      json,
      twilioHost: twilioHostOf(req.headers),
      principal,
      headers: req.headers,
    });
    send(res, result.status, result.body, { 'Twilio-Request-Id': requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const twilioErr = err instanceof TwilioError ? err : TwilioError.of(20500);
      if (!(err instanceof TwilioError)) console.error('sandbox: unexpected error', err);
      sendError(res, twilioErr, 'RQ' + '0'.repeat(32), layoutOf(req));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await listenOnLoopback(server, options.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    faults,
    requests,
    reset,
    close: () => closeNow(server, sockets, timers),
  };
}
