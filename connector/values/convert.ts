// Checks one request value against its catalog type and converts it to what
// Twilio's API expects on the wire. Throws InvalidInputError naming field and rule.
import type { ValueType } from '../catalog/types';
import { InvalidInputError, type ErrorContext } from '../errors';
import { formatDate, formatIso, parseTimestamp, timestampProblem } from './dates';
import { normalizeAddress } from './phone';

export interface ValueSpec {
  name: string;
  type: ValueType;
  pattern?: string;
  enum?: string[];
  /** A phone value that may also be an alphanumeric sender id. */
  senderId?: boolean;
  /** A phone value that may also be a caller's name as written (a SIP username, a client identity). */
  identity?: boolean;
  /** A date that may also be a day counted from today (-30days). */
  relative?: boolean;
}

/** A caller's name: a SIP username or client identity, one word. */
const IDENTITY = /^[A-Za-z0-9_.@+-]+$/;

/** Twilio's offset from today for a day filter (usage records). */
const RELATIVE_DAY = /^[+-]\d+days$/;

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const patterns = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
}

export function toWire(spec: ValueSpec, raw: string, defaultCountry: string, ctx: ErrorContext): string {
  const value = raw.trim();
  const fail = (rule: string): never => {
    throw new InvalidInputError(spec.name, `'${value.length > 80 ? value.slice(0, 80) + '…' : value}' ${rule}`, ctx);
  };
  if (spec.enum && !spec.enum.includes(value)) fail(`is not one of ${spec.enum.join(', ')}`);
  switch (spec.type) {
    case 'integer':
      if (!INTEGER.test(value)) fail('is not an integer');
      return value;
    case 'number':
      if (!NUMBER.test(value)) fail('is not a number');
      return value;
    case 'boolean': {
      // The profile's xs:boolean also writes true as 1 and false as 0.
      const v = value === '1' ? 'true' : value === '0' ? 'false' : value.toLowerCase();
      if (v !== 'true' && v !== 'false') fail('is not a boolean (true or false, 1 or 0)');
      return v;
    }
    case 'sid':
      if (spec.pattern && !regex(spec.pattern).test(value)) fail(`does not match ${spec.pattern}`);
      return value;
    case 'phone':
      try {
        return normalizeAddress(value, defaultCountry, { senderId: spec.senderId });
      } catch (err) {
        // Not a number: a name without spaces is the caller as Twilio shows it (sip:/client: calls).
        if (spec.identity && IDENTITY.test(value)) return value;
        return fail(`is not a phone number or channel address: ${(err as Error).message}`);
      }
    case 'datetime':
    case 'date': {
      if (spec.relative && RELATIVE_DAY.test(value)) return value;
      let d: Date;
      try {
        d = parseTimestamp(value);
      } catch (err) {
        return fail(`is not a timestamp${timestampProblem(err)} (RFC 2822, ISO 8601 or YYYY-MM-DD HH:MM:SS UTC)`);
      }
      return spec.type === 'date' ? formatDate(d) : formatIso(d);
    }
    case 'json':
      try {
        JSON.parse(value);
      } catch {
        fail('is not JSON text');
      }
      return value;
    case 'uri':
      // Twilio calls back or fetches it: only an absolute URL can be reached.
      if (!URL.canParse(value)) fail('is not an absolute URL (such as https://example.com/status)');
      return value;
    case 'string':
      // Text is sent as written (a message body's spaces are its own); a listed value is read trimmed.
      return spec.enum ? value : raw;
    default:
      return value;
  }
}
