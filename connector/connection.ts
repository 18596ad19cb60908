// Connection settings: credentials and endpoints, from the environment, a JSON
// connection file, or explicit values (explicit > file > environment).
import { readFileSync } from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js';
import { ConfigurationError } from './errors';

export interface Connection {
  accountSid: string;
  /** Basic-auth user: the Account SID, or an API Key SID. */
  username: string;
  password: string;
  /** Sends every Twilio domain to this one origin (sandbox, proxy, mock). */
  baseUrl?: string;
  defaultCountry: string;
  timeoutMs: number;
}

export interface ConnectionSettings {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  baseUrl?: string;
  defaultCountry?: string;
  timeoutMs?: number;
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const pick = (k: string) => (env[k] && env[k]!.trim() !== '' ? env[k]!.trim() : undefined);
  return {
    accountSid: pick('TWILIO_ACCOUNT_SID'),
    authToken: pick('TWILIO_AUTH_TOKEN'),
    apiKey: pick('TWILIO_API_KEY'),
    apiSecret: pick('TWILIO_API_SECRET'),
    baseUrl: pick('TWILIO_BASE_URL'),
    defaultCountry: pick('TWILIO_DEFAULT_COUNTRY'),
    timeoutMs: pick('TWILIO_TIMEOUT_MS') ? Number(pick('TWILIO_TIMEOUT_MS')) : undefined,
  };
}

export function settingsFromFile(path: string): ConnectionSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigurationError(`connection file ${path}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object') throw new ConfigurationError(`connection file ${path}: not a JSON object`);
  return parsed as ConnectionSettings;
}

/** True when no credentials are configured at all: the caller may fall back to the sandbox. */
export function hasCredentials(s: ConnectionSettings): boolean {
  return Boolean(s.accountSid || s.authToken || s.apiKey || s.apiSecret);
}

export function mergeSettings(...layers: ConnectionSettings[]): ConnectionSettings {
  const out: ConnectionSettings = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl '${baseUrl}' is not a URL`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    // Credentials travel in every request's Authorization header.
    throw new ConfigurationError(`baseUrl '${baseUrl}': plain http:// is only allowed for loopback hosts; use https://`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`baseUrl '${baseUrl}': only http(s) URLs are supported`);
  }
  if (url.username || url.password) throw new ConfigurationError('baseUrl must not carry credentials');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function resolveConnection(s: ConnectionSettings): Connection {
  if (!s.accountSid) throw new ConfigurationError('accountSid (TWILIO_ACCOUNT_SID) is required');
  if (!ACCOUNT_SID.test(s.accountSid)) {
    throw new ConfigurationError('accountSid must match ^AC[0-9a-fA-F]{32}$');
  }
  let username: string;
  let password: string;
  if (s.apiKey || s.apiSecret) {
    if (!s.apiKey || !API_KEY_SID.test(s.apiKey)) throw new ConfigurationError('apiKey (TWILIO_API_KEY) must match ^SK[0-9a-fA-F]{32}$');
    if (!s.apiSecret) throw new ConfigurationError('apiSecret (TWILIO_API_SECRET) is required with apiKey');
    username = s.apiKey;
    password = s.apiSecret;
  } else {
    if (!s.authToken) throw new ConfigurationError('authToken (TWILIO_AUTH_TOKEN), or apiKey and apiSecret, is required');
    username = s.accountSid;
    password = s.authToken;
  }
  const defaultCountry = (s.defaultCountry ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(defaultCountry) || !isSupportedCountry(defaultCountry)) throw new ConfigurationError(`defaultCountry '${s.defaultCountry}' is not an ISO 3166 alpha-2 code with a phone numbering plan`);
  const timeoutMs = s.timeoutMs ?? 30_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new ConfigurationError('timeoutMs must be a positive integer');
  return {
    accountSid: s.accountSid,
    username,
    password,
    baseUrl: s.baseUrl ? checkBaseUrl(s.baseUrl) : undefined,
    defaultCountry,
    timeoutMs,
  };
}
