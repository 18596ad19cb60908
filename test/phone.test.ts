import fc from 'fast-check';
import * as libphonenumber from 'libphonenumber-js';
import { CHANNEL_PREFIXES, InvalidPhoneNumberError, isE164, isSupportedCountry, normalizeAddress } from '../connector/values/phone';

describe('normalizeAddress: phone numbers', () => {
  it.each([
    // [value, default country, expected]
    // US national forms
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415.555.0100', 'US', '+14155550100'],
    ['415-555-0100', 'US', '+14155550100'],
    ['415 555 0100', 'US', '+14155550100'],
    ['4155550100', 'US', '+14155550100'],
    ['1-415-555-0100', 'US', '+14155550100'],
    ['1 (415) 555-0100', 'US', '+14155550100'],
    ['14155550100', 'US', '+14155550100'],
    ['415/555/0100', 'US', '+14155550100'],
    ['011 44 20 7946 0018', 'US', '+442079460018'], // US international prefix
    // Default country is 'US' when not given
    ['(415) 555-0100', undefined, '+14155550100'],
    // Already E.164, or international with separators
    ['+14155550100', 'US', '+14155550100'],
    ['+14155550100', 'GB', '+14155550100'],
    ['+1 415 555 0100', 'US', '+14155550100'],
    ['+1 (415) 555-0100', 'US', '+14155550100'],
    ['+ 1 415 555 0100', 'US', '+14155550100'],
    ['+442079460018', 'US', '+442079460018'],
    ['+44 20 7946 0018', 'US', '+442079460018'],
    ['+44 (0) 20 7946 0018', 'US', '+442079460018'],
    ['+33 1 23 45 67 89', 'US', '+33123456789'],
    ['+91 98765 43210', 'US', '+919876543210'],
    ['+61 4 1234 5678', 'US', '+61412345678'],
    // UK national form with default GB
    ['020 7946 0018', 'GB', '+442079460018'],
    ['07700 900123', 'GB', '+447700900123'],
    ['020 7946 0018', 'gb', '+442079460018'], // country code in any case
    // '00' international prefix, whatever the default country
    ['00442079460018', 'US', '+442079460018'],
    ['0044 20 7946 0018', 'US', '+442079460018'],
    ['0044 20 7946 0018', 'GB', '+442079460018'],
    ['00 1 415 555 0100', 'GB', '+14155550100'],
    // Surrounding whitespace
    ['  +14155550100  ', 'US', '+14155550100'],
    ['\t(415) 555-0100\n', 'US', '+14155550100'],
    // Possible but not (yet) assigned: accepted, only the length is checked
    ['+1 555 555 5555', 'US', '+15555555555'],
  ])('%j (default %s) → %s', (value, country, expected) => {
    const actual = country === undefined ? normalizeAddress(value) : normalizeAddress(value, country);
    expect(actual).toBe(expected);
    expect(isE164(actual)).toBe(true);
  });
});

describe('normalizeAddress: channel addresses', () => {
  it.each([
    // whatsapp: the number part is normalised
    ['whatsapp:+14155550100', 'US', 'whatsapp:+14155550100'],
    ['whatsapp:(415) 555-0100', 'US', 'whatsapp:+14155550100'],
    ['whatsapp:+1 415 555 0100', 'US', 'whatsapp:+14155550100'],
    ['whatsapp: +14155550100', 'US', 'whatsapp:+14155550100'],
    ['whatsapp:020 7946 0018', 'GB', 'whatsapp:+442079460018'],
    ['whatsapp:0044 20 7946 0018', 'US', 'whatsapp:+442079460018'],
    ['WhatsApp:+14155550100', 'US', 'whatsapp:+14155550100'],
    ['  whatsapp:+14155550100 ', 'US', 'whatsapp:+14155550100'],
    // Other channels pass through unchanged (trimmed)
    ['sip:alice@example.com', 'US', 'sip:alice@example.com'],
    ['sip:sip:alice@example.com', 'US', 'sip:sip:alice@example.com'],
    ['sip:+14155550100@example.sip.twilio.com;transport=tls', 'US', 'sip:+14155550100@example.sip.twilio.com;transport=tls'],
    ['client:alice', 'US', 'client:alice'],
    ['client:Alice Smith', 'US', 'client:Alice Smith'],
    ['messenger:123', 'US', 'messenger:123'],
    ['messenger:1234567890123456', 'US', 'messenger:1234567890123456'],
    ['rcs:brand_agent', 'US', 'rcs:brand_agent'],
    ['rcs:(415) 555-0100', 'US', 'rcs:(415) 555-0100'], // not rewritten: only whatsapp: is
    ['fbm:123456', 'US', 'fbm:123456'],
    ['apple:urn:biz:abc-123', 'US', 'apple:urn:biz:abc-123'],
    ['viber:someone', 'US', 'viber:someone'],
    ['line:U1234abcd', 'US', 'line:U1234abcd'],
    ['SIP:alice@example.com', 'US', 'SIP:alice@example.com'],
    ['  client:alice  ', 'US', 'client:alice'],
    ['client:', 'US', 'client:'],
  ])('%j (default %s) → %s', (value, country, expected) => {
    expect(normalizeAddress(value, country)).toBe(expected);
  });

  it('lists the channel prefixes', () => {
    expect([...CHANNEL_PREFIXES]).toEqual(['whatsapp:', 'messenger:', 'sip:', 'client:', 'rcs:', 'fbm:', 'apple:', 'viber:', 'line:']);
  });
});

describe('normalizeAddress: short codes and alphanumeric sender ids', () => {
  it.each([
    // Short codes: 3 to 8 digits, nothing else
    ['123'],
    ['12345'],
    ['898211'],
    ['5550100'], // a 7-digit local number is taken for a short code
    ['12345678'],
    ['00123'],
    // Alphanumeric sender ids: 1 to 11 letters, digits, spaces; at least one letter
    ['ACME'],
    ['ACME Corp'],
    ['A'],
    ['acme'],
    ['Twilio2FA'],
    ['ABCDEFGHIJK'],
    ['1 A'],
    ['Hello World'],
  ])('%j passes through unchanged where a sender id is taken', (value) => {
    expect(normalizeAddress(value, 'US', { senderId: true })).toBe(value);
    expect(normalizeAddress(` ${value} `, 'GB', { senderId: true })).toBe(value);
  });

  it.each(['1800FLOWERS', 'ACME Corp', 'Twilio2FA'])('%j is refused where no sender id is taken (To)', (value) => {
    expect(() => normalizeAddress(value)).toThrow(InvalidPhoneNumberError);
    expect(() => normalizeAddress(value)).toThrow(
      `'${value}' is not a possible phone number for US: letters make it an alphanumeric sender id, which only a message's From takes`,
    );
  });

  it('short codes pass everywhere', () => {
    expect(normalizeAddress('12345')).toBe('12345');
  });
});

describe('normalizeAddress: invalid values', () => {
  // A number given with its country code (+, 00) is not read in the default country: the message names none.
  const rule = (country: string, detail?: string): string =>
    `is not a possible phone number${country ? ` for ${country}` : ''}${detail ? `: ${detail}` : ''} (E.164 expected, e.g. +13115556789)`;

  it.each([
    // [value, default country, expected message after the quoted value]
    ['12', 'US', rule('US')],
    ['+1 555', 'US', rule('')],
    ['+1555', 'US', rule('')],
    ['+1 415 555 01000', 'US', rule('')],
    ['123456789', 'US', rule('US')], // 9 digits: too long for a short code, too short for +1
    ['415 555 010', 'US', rule('US')],
    ['020 7946 00181', 'GB', rule('GB')], // one digit too many
    ['00', 'US', rule('', 'not a number')],
    ['+999 123', 'US', rule('', 'unknown country calling code')],
    ['+0', 'US', rule('', 'too short')],
    ['+12', 'US', rule('', 'too short')],
    ['++14155550100', 'US', rule('', 'not a number')],
    ['1+4155550100', 'US', rule('US', 'not a number')],
    ['---', 'US', rule('US', 'not a number')],
    ['', 'US', rule('US', 'empty value')],
    ['   ', 'US', rule('US', 'empty value')],
    ['whatsapp:', 'US', rule('US', 'empty value')],
    ['whatsapp:12', 'US', rule('US')],
    ['whatsapp:alice', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['hello world this is too long', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['ACME Corporation', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")], // 16 chars
    ['ACME_Corp', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['1-800-FLOWERS', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['+1 415 555 0100 ext. 12', 'US', rule('', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['+1 415 555 0100 x12', 'US', rule('', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['+14155550100;ext=12', 'US', rule('', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['tel:+14155550100', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['4155550100abc', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['+1４１５５５５０１００', 'US', rule('', "contains characters other than digits, spaces, '+' and - . ( ) /")],
    ['alice@example.com', 'US', rule('US', "contains characters other than digits, spaces, '+' and - . ( ) /")],
  ])('%j (default %s): %s', (value, country, message) => {
    let error: unknown;
    try {
      normalizeAddress(value, country);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    const e = error as InvalidPhoneNumberError;
    expect(e.name).toBe('InvalidPhoneNumberError');
    expect(e.message).toBe(`'${value}' ${message}`);
    expect(e.value).toBe(value);
    expect(e.defaultCountry).toBe(country);
  });

  it('names the value and the rule, as documented', () => {
    expect(() => normalizeAddress('+1 555')).toThrow(new InvalidPhoneNumberError('+1 555', 'US'));
    expect(new InvalidPhoneNumberError('+1 555', 'US').message).toBe("'+1 555' is not a possible phone number (E.164 expected, e.g. +13115556789)");
    expect(new InvalidPhoneNumberError('415 555', 'US').message).toBe("'415 555' is not a possible phone number for US (E.164 expected, e.g. +13115556789)");
  });

  it('shortens a long value in the message', () => {
    const value = '9'.repeat(200);
    expect(() => normalizeAddress(value)).toThrow(`'${'9'.repeat(80)}…' is not a possible phone number`);
  });

  it.each([[undefined], [null], [14155550100]])('rejects the non-string %p', (value) => {
    expect(() => normalizeAddress(value as unknown as string)).toThrow(InvalidPhoneNumberError);
  });

  it.each([['XX'], [''], ['USA'], ['UK']])('rejects the unknown default country %j', (country) => {
    expect(() => normalizeAddress('+14155550100', country)).toThrow(RangeError);
    expect(() => normalizeAddress('+14155550100', country)).toThrow(`default country '${country}'`);
  });
});

describe('isE164', () => {
  it.each([
    ['+14155550100', true],
    ['+442079460018', true],
    ['+12', true],
    ['+123456789012345', true], // 15 digits
    ['+1234567890123456', false], // 16 digits
    ['+1', false],
    ['+0123456789', false],
    ['+', false],
    ['14155550100', false],
    ['+1 415 555 0100', false],
    ['+1-415-555-0100', false],
    [' +14155550100', false],
    ['+14155550100 ', false],
    ['whatsapp:+14155550100', false],
    ['', false],
    ['Anonymous', false],
  ])('%j → %p', (value, expected) => {
    expect(isE164(value)).toBe(expected);
  });

  it('is false for non-strings', () => {
    expect(isE164(14155550100 as unknown as string)).toBe(false);
  });
});

describe('properties', () => {
  /** A valid-looking US number: area code and exchange 200-999, any line. */
  const usNumber = fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }));

  it('every written form of a US number normalises to the same E.164', () => {
    fc.assert(
      fc.property(usNumber, fc.constantFrom('(a) b-c', 'a.b.c', '1-a-b-c', 'a b c', '+1 a b c', 'abc', '001 a b c'), ([a, b, c], form) => {
        const line = String(c).padStart(4, '0');
        const text = form.replace('a', String(a)).replace('b', String(b)).replace('c', line);
        expect(normalizeAddress(text)).toBe(`+1${a}${b}${line}`);
      }),
    );
  });

  it('is idempotent', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.stringMatching(/^\+?[0-9 ()\-.]{0,16}$/),
      fc.stringMatching(/^(whatsapp|sip|client):[+0-9a-z@.]{0,16}$/),
    );
    fc.assert(
      fc.property(value, (v) => {
        let once: string;
        try {
          once = normalizeAddress(v);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidPhoneNumberError);
          return;
        }
        expect(normalizeAddress(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isSupportedCountry (read from the metadata, without loading libphonenumber-js)', () => {
  it("agrees with libphonenumber-js's own on every two-letter code", () => {
    const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
    const codes = letters.flatMap((a) => letters.map((b) => a + b));
    const ours = codes.filter((c) => isSupportedCountry(c));
    expect(ours).toEqual(codes.filter((c) => libphonenumber.isSupportedCountry(c)));
    expect(ours).toEqual(expect.arrayContaining(['US', 'GB', 'DE', 'BR', 'IN']));
    expect(ours).not.toContain('XX');
  });
});

describe('normalizeAddress: numbers already read', () => {
  it('reads the same text per default country: a national number remembered for one country is not reused for another', () => {
    expect(normalizeAddress('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalizeAddress('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalizeAddress('(415) 555-0100', 'US')).toBe('+14155550100');
    expect(() => normalizeAddress('020 7946 0018', 'US')).toThrow(InvalidPhoneNumberError);
  });

  it('a refused number is refused again, naming the value as given each time', () => {
    for (const value of ['+1 415', ' +1 415 ']) {
      expect(() => normalizeAddress(value, 'US')).toThrow(`'${value}' is not a possible phone number (E.164`);
    }
  });
});

describe('normalizeAddress: NANP numbers in E.164 skip the library', () => {
  // The short cut must answer what libphonenumber-js would: every +1 number of ten
  // national digits is possible and is its own E.164 form, whatever the default country.
  it('agrees with libphonenumber-js on +1 numbers of ten digits, whatever the default country', () => {
    const countries = ['US', 'CA', 'JM', 'GB', 'DE', 'IN'];
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), fc.constantFrom(...countries), (national, country) => {
        const number = `+1${national}`;
        const library = libphonenumber.parsePhoneNumberWithError(number, country as libphonenumber.CountryCode);
        expect(library.isPossible()).toBe(true);
        expect(normalizeAddress(number, country)).toBe(library.number);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the rest to the library: nine or eleven digits, separators', () => {
    expect(() => normalizeAddress('+1415555010', 'US')).toThrow(InvalidPhoneNumberError);
    expect(() => normalizeAddress('+141555501000', 'US')).toThrow(InvalidPhoneNumberError);
    expect(normalizeAddress('+1 415 555 0100', 'US')).toBe('+14155550100');
  });
});
