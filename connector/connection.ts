// Connection settings: credentials and endpoints, from the environment, a JSON
// connection file, or explicit values (explicit > file > environment). The fields,
// their environment variables, patterns and defaults are connector.manifest.json's.
import { readFileSync } from 'node:fs';
import { isSupportedCountry } from './values/phone';
import { loadCatalog, type ConnectionField } from './catalog/load';
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

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** The manifest's connection fields by name. */
function fields(): Map<keyof ConnectionSettings, ConnectionField> {
  return new Map(loadCatalog().manifest.connection.fields.map((f) => [f.name as keyof ConnectionSettings, f]));
}

function field(name: keyof ConnectionSettings): ConnectionField {
  const f = fields().get(name);
  if (!f) throw new ConfigurationError(`connection field ${name} is not declared in connector.manifest.json`);
  return f;
}

/** A setting as a message names it: its key and, where the manifest gives one, its environment variable. */
function named(name: keyof ConnectionSettings): string {
  const env = field(name).env;
  return env ? `${name} (${env})` : name;
}

function patternOf(name: keyof ConnectionSettings): RegExp {
  return new RegExp(field(name).pattern ?? '');
}

/** Each declared field from its environment variable (blank counts as unset). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const out: Record<string, unknown> = {};
  for (const [name, f] of fields()) {
    const raw = f.env ? env[f.env]?.trim() : undefined;
    if (!raw) continue;
    if (f.type === 'integer' && !/^\d+$/.test(raw)) throw new ConfigurationError(`${f.env} '${raw}' is not a whole number`);
    out[name] = f.type === 'integer' ? Number(raw) : raw;
  }
  return out as ConnectionSettings;
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

/** Stands for the account a check without a connection has none of (options, filters): nothing is requested with it. */
export const PLACEHOLDER_ACCOUNT_SID = 'AC' + '0'.repeat(32);

/** Whether any setting the manifest marks as a credential is set; none: the caller may fall back to the sandbox. */
export function hasCredentials(s: ConnectionSettings): boolean {
  for (const [name, f] of fields()) if (f.credential && s[name]) return true;
  return false;
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
  const declared = fields();
  for (const [key, value] of Object.entries(s)) {
    if (value !== undefined && !declared.has(key as keyof ConnectionSettings)) {
      throw new ConfigurationError(`${key} is not a connection setting (the manifest declares ${[...declared.keys()].join(', ')})`);
    }
  }
  if (!s.accountSid) throw new ConfigurationError(`${named('accountSid')} is required`);
  if (!patternOf('accountSid').test(s.accountSid)) {
    throw new ConfigurationError(`${named('accountSid')} must match ${field('accountSid').pattern}`);
  }
  let username: string;
  let password: string;
  if (s.apiKey || s.apiSecret) {
    if (!s.apiKey || !patternOf('apiKey').test(s.apiKey)) throw new ConfigurationError(`${named('apiKey')} must match ${field('apiKey').pattern}`);
    if (!s.apiSecret) throw new ConfigurationError(`${named('apiSecret')} is required with apiKey`);
    username = s.apiKey;
    password = s.apiSecret;
  } else {
    if (!s.authToken) throw new ConfigurationError(`${named('authToken')}, or apiKey and apiSecret, is required`);
    username = s.accountSid;
    password = s.authToken;
  }
  const defaultCountry = (s.defaultCountry ?? (field('defaultCountry').default as string)).toUpperCase();
  if (!/^[A-Z]{2}$/.test(defaultCountry) || !isSupportedCountry(defaultCountry))
    throw new ConfigurationError(`${named('defaultCountry')} '${s.defaultCountry}' is not an ISO 3166 alpha-2 code with a phone numbering plan`);
  const timeoutMs = s.timeoutMs ?? (field('timeoutMs').default as number);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new ConfigurationError(`${named('timeoutMs')} must be a positive integer, not ${JSON.stringify(timeoutMs)}`);
  return {
    accountSid: s.accountSid,
    username,
    password,
    baseUrl: s.baseUrl ? checkBaseUrl(s.baseUrl) : undefined,
    defaultCountry,
    timeoutMs,
  };
}
