// A request to a loopback server over node:http (fetch drops a Host header, which the
// sandbox reads to tell APIs apart), with a form or JSON body; the answer's JSON parsed.
import { request as httpRequest } from 'node:http';

export interface Reply {
  status: number;
  json: any;
}

export interface RequestOptions {
  form?: Record<string, string>;
  json?: unknown;
  /** Sent as it is with a JSON content type (malformed bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

export function httpCall(origin: string, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const body = opts.raw ?? (opts.json !== undefined ? JSON.stringify(opts.json) : opts.form ? new URLSearchParams(opts.form).toString() : undefined);
  const headers: Record<string, string> = { ...opts.headers };
  if (body !== undefined) {
    headers['content-type'] = opts.form && opts.json === undefined && opts.raw === undefined ? 'application/x-www-form-urlencoded' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(origin + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
