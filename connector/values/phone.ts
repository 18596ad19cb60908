// Phone numbers and channel addresses in requests (To, From and every other phone-number field).
//
// normalizeAddress() decides, in this order:
//   1. channel address (`whatsapp:`, `sip:`, `client:`, ... see CHANNEL_PREFIXES): passed through
//      unchanged, except that the number after `whatsapp:` is normalised like a plain number
//      (`whatsapp:(415) 555-0100` → `whatsapp:+14155550100`). Other channels carry ids, SIP URIs
//      or user names, which are not ours to rewrite (e.g. `rcs:` may name an RCS agent);
//   2. short code: 3 to 8 digits and nothing else (`12345`) → unchanged. Note that this also
//      covers 7-digit local numbers (`5550100`): send those in E.164;
//   3. alphanumeric sender id: 1 to 11 letters, digits and spaces with at least one letter
//      (`ACME Corp`) → unchanged, but only where Twilio takes one (`senderId`: a message's From,
//      as the catalog marks it); elsewhere (To) it is refused, so `1800FLOWERS` is never sent;
//   4. anything else must be a phone number that libphonenumber-js (default metadata) reads as
//      *possible* for the default country → its E.164 form. A leading `00` international prefix
//      is read as `+` (libphonenumber only knows the default country's own prefix, e.g. 011 in
//      the US). Extensions and letters (vanity numbers such as 1-800-FLOWERS) are rejected, since
//      Twilio would not dial them.
//
// "Possible" checks the length for the country calling code, not that the number is assigned
// (isValid()), so new number ranges are not refused because of stale metadata.
//
// Responses are never validated or rewritten: Twilio reports caller ids such as `Anonymous`,
// `266696687` or `+0`, and those reach the caller exactly as Twilio wrote them.

import type { CountryCode } from 'libphonenumber-js';
import metadata from 'libphonenumber-js/metadata.min.json';

type PhoneLibrary = typeof import('libphonenumber-js');
let library: PhoneLibrary | undefined;
/**
 * libphonenumber-js, loaded on the first number to read: its ~100 modules cost ~35 ms,
 * which a Query, a Get or a Delete (no numbers to read) should not pay at every start.
 */
function phoneLibrary(): PhoneLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; import() would make every caller async
  return (library ??= require('libphonenumber-js') as PhoneLibrary);
}

/**
 * libphonenumber-js's isSupportedCountry (default metadata) without loading the library:
 * a country it has metadata for (test/phone.test.ts checks the two agree on every code).
 */
export function isSupportedCountry(code: string): code is CountryCode {
  return Object.hasOwn(metadata.countries, code);
}

/** Prefixes of channel addresses (lower case; matched case-insensitively). */
export const CHANNEL_PREFIXES: readonly string[] = ['whatsapp:', 'messenger:', 'sip:', 'client:', 'rcs:', 'fbm:', 'apple:', 'viber:', 'line:'];

const E164_EXAMPLE = '+13115556789';
const MAX_QUOTED = 80;

const SHORT_CODE = /^\d{3,8}$/;
const ALPHANUMERIC_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** What may appear in a written phone number: digits, separators and a leading '+'. */
const PHONE_CHARACTERS = /^[\d\s+\-.()/]+$/;

/** Reasons libphonenumber-js gives when it cannot parse at all, in words. */
const PARSE_ERRORS: Record<string, string> = {
  INVALID_COUNTRY: 'unknown country calling code',
  NOT_A_NUMBER: 'not a number',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'invalid length',
};

/** A request value is neither a channel address, short code, sender id nor a possible phone number. */
export class InvalidPhoneNumberError extends Error {
  override name = 'InvalidPhoneNumberError';
  /** The value as given. */
  readonly value: string;
  /** The default country the value was read against, e.g. 'US'. */
  readonly defaultCountry: string;

  /** detail, when given, says more than "not possible", e.g. "contains letters". */
  constructor(value: string, defaultCountry: string, detail?: string) {
    const quoted = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    // A number written with its country code is read in no default country.
    const where = /^\s*(\+|00)/.test(value) ? '' : ` for ${defaultCountry}`;
    super(`'${quoted}' is not a possible phone number${where}` + `${detail ? `: ${detail}` : ''} (E.164 expected, e.g. ${E164_EXAMPLE})`);
    this.value = value;
    this.defaultCountry = defaultCountry;
  }
}

/**
 * E.164 in the strict sense: '+', a non-zero first digit, at most 15 digits, no separators.
 * Only the shape is checked, not that the country calling code exists.
 */
export function isE164(value: string): boolean {
  return typeof value === 'string' && /^\+[1-9]\d{1,14}$/.test(value);
}

/**
 * The wire form of a To/From or other phone-number request value (rules at the top of this file).
 * `senderId`: the parameter also takes an alphanumeric sender id.
 * Surrounding whitespace is removed. defaultCountry (ISO 3166-1 alpha-2, any case) is the
 * country of numbers written without a country calling code.
 *
 * @throws InvalidPhoneNumberError when the value is none of the accepted kinds.
 * @throws RangeError when defaultCountry is not a country libphonenumber-js knows.
 */
export function normalizeAddress(value: string, defaultCountry = 'US', options: { senderId?: boolean } = {}): string {
  const country = defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) {
    throw new RangeError(`default country '${defaultCountry}' is not an ISO 3166-1 alpha-2 code known to libphonenumber-js`);
  }
  if (typeof value !== 'string') throw new InvalidPhoneNumberError(String(value), country, `a ${typeof value} is not text`);

  const trimmed = value.trim();
  const prefix = CHANNEL_PREFIXES.find((p) => trimmed.toLowerCase().startsWith(p));
  if (prefix === 'whatsapp:') return prefix + toE164(trimmed.slice(prefix.length).trim(), value, country);
  if (prefix) return trimmed;
  if (SHORT_CODE.test(trimmed)) return trimmed;
  if (ALPHANUMERIC_SENDER_ID.test(trimmed)) {
    if (options.senderId) return trimmed;
    throw new InvalidPhoneNumberError(value, country, "letters make it an alphanumeric sender id, which only a message's From takes");
  }
  return toE164(trimmed, value, country);
}

/**
 * A NANP number already in E.164 (+1 and ten digits): every NANP country takes ten
 * national digits, so libphonenumber-js reads it as possible and as itself
 * (test/phone.test.ts checks that on samples). Most of Twilio's traffic is such numbers,
 * and this skips the library's search of the NANP countries for them.
 */
const NANP_E164 = /^\+1\d{10}$/;

/**
 * Numbers already read, by default country and text: a batch sends from a few senders to
 * recipients that repeat, and libphonenumber-js takes ~20–90 µs a number (a +1 number is
 * tried against each NANP country). Bounded: emptied when full, so memory stays flat.
 */
const readNumbers = new Map<string, string>();
const READ_NUMBERS_MAX = 10_000;

/** number: the text to parse; value: the original request value, for the error message. */
function toE164(number: string, value: string, country: CountryCode): string {
  // Cheaper than the lookup below, and kept out of it so such numbers never fill it.
  if (NANP_E164.test(number)) return number;
  const key = country + ' ' + number;
  const known = readNumbers.get(key);
  if (known !== undefined) return known;
  const e164 = readNumber(number, value, country);
  if (readNumbers.size >= READ_NUMBERS_MAX) readNumbers.clear();
  readNumbers.set(key, e164);
  return e164;
}

/** Reads a number with libphonenumber-js; only what it accepts is remembered (a refusal is rare and is re-read). */
function readNumber(number: string, value: string, country: CountryCode): string {
  const fail = (detail?: string): never => {
    throw new InvalidPhoneNumberError(value, country, detail);
  };
  if (number === '') fail('empty value');
  if (!PHONE_CHARACTERS.test(number)) fail("contains characters other than digits, spaces, '+' and - . ( ) /");

  let parsed;
  try {
    parsed = phoneLibrary().parsePhoneNumberWithError(number.replace(/^00/, '+'), country);
  } catch (err) {
    const code = err instanceof Error ? err.message : String(err);
    return fail(Object.hasOwn(PARSE_ERRORS, code) ? PARSE_ERRORS[code] : code);
  }
  if (!parsed.isPossible()) fail();
  return parsed.number;
}
