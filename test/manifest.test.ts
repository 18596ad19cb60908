// connector.manifest.json is the one list of connection fields and operation
// options: the runtime reads it, and these tests fail when code and manifest disagree.
import { loadCatalog } from '../connector/catalog/load';
import { hasCredentials, resolveConnection, settingsFromEnv, type ConnectionSettings } from '../connector/connection';
import { ConfigurationError } from '../connector/errors';
import { Operation, type OperationOptions } from '../connector/operation';
import { ACCOUNT_SID_PATTERN } from '../connector/values/sids';

const { manifest } = loadCatalog();
const connection = resolveConnection({ accountSid: 'AC' + '1'.repeat(32), authToken: 'tok', baseUrl: 'http://127.0.0.1:1' });

// tsc fails here when OperationOptions or ConnectionSettings gain a key this list lacks.
const OPTION_KEYS: Record<Exclude<keyof OperationOptions, 'action' | 'objectType'>, true> = {
  returnApplicationErrors: true,
  trackingDirection: true,
  documents: true,
  fields: true,
  filters: true,
  limit: true,
  pageSize: true,
  timestamps: true,
  concurrency: true,
  maxRetryWaitMs: true,
  headers: true,
  incremental: true,
};
const CONNECTION_KEYS: Record<keyof ConnectionSettings, true> = {
  accountSid: true,
  authToken: true,
  apiKey: true,
  apiSecret: true,
  baseUrl: true,
  defaultCountry: true,
  timeoutMs: true,
};

function operation(options: Partial<OperationOptions>) {
  return new Operation(connection, { action: 'query', objectType: 'Message', ...options } as OperationOptions);
}

describe('operation options', () => {
  it('the manifest declares exactly the options an Operation takes', () => {
    expect(manifest.operationOptions.map((o) => o.name).sort()).toEqual(Object.keys(OPTION_KEYS).sort());
  });

  it("defaults are the manifest's", () => {
    const op = operation({});
    for (const def of manifest.operationOptions) {
      if (def.default !== undefined) expect([def.name, op.options[def.name as keyof OperationOptions]]).toEqual([def.name, def.default]);
    }
  });

  it('refuses an option the manifest does not declare, naming it', () => {
    expect(() => operation({ pagesize: 10 } as never)).toThrow(/pagesize is not an operation option \(the manifest declares returnApplicationErrors, /);
  });

  it.each([
    [{ limit: -1 }, /option limit \(Maximum records\) must be at least 0/],
    [{ pageSize: 1001 }, /option pageSize \(Page size\) must be at most 1000/],
    [{ concurrency: 1.5 }, /option concurrency .* must be an integer/],
    [{ timestamps: 'unix' }, /option timestamps .* must be one of twilio, iso8601, not 'unix'/],
    [{ documents: 'json' }, /option documents .* must be one of xml, object, both/],
    [{ returnApplicationErrors: 'yes' }, /must be true or false/],
    [{ headers: { 'Flex-Metadata': 1 } }, /must map header names to text/],
    [{ filters: [{ field: 'DateSent' }] }, /must be a list of \{ field, op, value \}/],
  ])('checks %j against its declared type', (options, message) => {
    expect(() => operation(options as Partial<OperationOptions>)).toThrow(ConfigurationError);
    expect(() => operation(options as Partial<OperationOptions>)).toThrow(message);
  });

  it('refuses an option given for an action it does not apply to', () => {
    expect(() => new Operation(connection, { action: 'get', objectType: 'Message', limit: 5 })).toThrow(
      /option limit \(Maximum records\) applies to query only, not get/,
    );
    // An empty list means nothing was given.
    expect(() => new Operation(connection, { action: 'get', objectType: 'Message', filters: [] })).not.toThrow();
  });
});

describe('connection fields', () => {
  it('the manifest declares exactly the connection settings', () => {
    expect(manifest.connection.fields.map((f) => f.name).sort()).toEqual(Object.keys(CONNECTION_KEYS).sort());
  });

  it('environment variables, patterns and defaults come from the manifest', () => {
    const env = Object.fromEntries(manifest.connection.fields.filter((f) => f.env).map((f) => [f.env!, f.type === 'integer' ? '1234' : `v-${f.name}`]));
    const settings = settingsFromEnv(env);
    for (const f of manifest.connection.fields.filter((x) => x.env))
      expect(settings[f.name as keyof ConnectionSettings]).toEqual(f.type === 'integer' ? 1234 : `v-${f.name}`);
    const resolved = resolveConnection({ accountSid: 'AC' + 'a'.repeat(32), authToken: 't' });
    expect(resolved.defaultCountry).toBe(manifest.connection.fields.find((f) => f.name === 'defaultCountry')!.default);
    expect(resolved.timeoutMs).toBe(manifest.connection.fields.find((f) => f.name === 'timeoutMs')!.default);
    // A number variable that holds no number is named as written.
    expect(() => settingsFromEnv({ TWILIO_TIMEOUT_MS: 'abc' })).toThrow("TWILIO_TIMEOUT_MS 'abc' is not a whole number");
  });

  it('the fields marked credential are the ones that authenticate: every secret, and a run has credentials when one is set', () => {
    const credentials = manifest.connection.fields.filter((f) => f.credential).map((f) => f.name);
    expect(credentials.sort()).toEqual(['accountSid', 'apiKey', 'apiSecret', 'authToken']);
    for (const f of manifest.connection.fields.filter((x) => x.type === 'password')) expect(f.credential).toBe(true);
    for (const name of credentials) expect(hasCredentials({ [name]: 'x' })).toBe(true);
    expect(hasCredentials({ baseUrl: 'https://example.com', defaultCountry: 'GB', timeoutMs: 5 })).toBe(false);
  });

  it('one account SID pattern: the manifest holds the one the runtime checks', () => {
    expect(manifest.connection.fields.find((f) => f.name === 'accountSid')!.pattern).toBe(ACCOUNT_SID_PATTERN);
  });

  it('refuses a setting the manifest does not declare (a typo in a connection file)', () => {
    expect(() => resolveConnection({ accountSid: 'AC' + 'a'.repeat(32), authToken: 't', authtoken: 'x' } as ConnectionSettings)).toThrow(
      /authtoken is not a connection setting/,
    );
  });

  it('the connection check is a Get of an object type the catalog has', () => {
    const { objectType, action } = manifest.connection.test;
    expect(
      loadCatalog()
        .objectTypes.get(objectType)
        ?.routes.some((r) => r.actions.includes(action)),
    ).toBe(true);
  });
});
