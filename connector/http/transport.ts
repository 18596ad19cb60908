// One HTTP exchange on Node's own http/https: the request written in one piece, the
// answer's body collected as bytes (decompressed when the server compressed it), a
// wall-clock timeout over the whole exchange, and cancellation by an AbortSignal.
//
// Not axios: its request pipeline (config merging, header objects, transforms, proxy
// lookup, the body piped as a second write) cost ~0.5 ms of CPU per request here, about
// three times Node's own http doing the same exchange (bench: "raw axios" vs "raw
// node:http" Create), which kept Create behind the official client.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { BodyReader, ChunkedBody, type BodyBuffers } from './bodies';

export interface Exchange {
  method: string;
  /** Absolute http(s) URL, query included. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Set on the request after Node takes its options: NODE_DEBUG=http prints a request's
   * options whole, so credentials are never one of them.
   */
  authorization: string;
  agent: http.Agent | https.Agent;
  /** Wall clock from sending to the answer's last byte; 0 or less: none. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Reused buffers to read the body into; without them it is collected in chunks. */
  bodies?: BodyBuffers;
}

export interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** With `bodies`: a view of a reused buffer, valid until release(). */
  body: Buffer;
  /** Hands the body's buffer back for the next answer; the body must not be read after it. */
  release(): void;
}

/** A failed exchange; `code` is Node's (ECONNREFUSED, ECONNRESET, ENOTFOUND, …) or ECONNABORTED for the timeout. */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** What the connector accepts, in the order it prefers; Node decodes all three. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The decoder for a Content-Encoding, or undefined for identity (or one unknown: the bytes are passed on as they came). */
function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Unzip | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createUnzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

function flatHeaders(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export function exchange(x: Exchange): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let reader: BodyReader | ChunkedBody | undefined;
    const finish = (err: Error | undefined, answer?: Answer): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      x.signal.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reader?.release();
        reject(err);
      } else resolve(answer!);
    };
    const fail = (err: NodeJS.ErrnoException): void => finish(new ExchangeError(err.message, err.code));
    const onAbort = (): void => finish(new ExchangeError('the request was cancelled', 'ERR_CANCELED'));

    const headers: Record<string, string | number> = { ...x.headers, 'Accept-Encoding': ACCEPT_ENCODING };
    if (x.body !== undefined) headers['Content-Length'] = Buffer.byteLength(x.body);
    const transport = x.url.startsWith('https:') ? https : http;
    const req = transport.request(x.url, { method: x.method, headers, agent: x.agent }, (res) => {
      const unzip = decoder(res.headers['content-encoding']);
      const body = unzip ? res.pipe(unzip) : res;
      const status = res.statusCode ?? 0;
      const read = (reader = x.bodies ? new BodyReader(x.bodies, Number(res.headers['content-length']) || 0) : new ChunkedBody());
      body.on('data', (chunk: Buffer) => read.add(chunk));
      body.on('end', () => finish(undefined, { status, headers: flatHeaders(res), body: read.bytes, release: () => read.release() }));
      body.on('error', fail);
      // A connection closed mid-body is an 'error' (ECONNRESET, "aborted") on the response.
      if (unzip) res.on('error', fail);
    });
    req.setHeader('Authorization', x.authorization);
    req.on('error', fail);
    if (x.signal.aborted) return onAbort();
    x.signal.addEventListener('abort', onAbort, { once: true });
    if (x.timeoutMs > 0) timer = setTimeout(() => finish(new ExchangeError(`timeout of ${x.timeoutMs}ms exceeded`, 'ECONNABORTED')), x.timeoutMs);
    req.end(x.body);
  });
}
