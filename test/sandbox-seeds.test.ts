// Seed records as data: the seed files (sandbox/seeds/*.json) and the generic seeder.
// The shipped data set's correlations hold, counts are options, streams are independent,
// a new family is a new file, and a bad file fails naming the file, set and rule.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../connector/catalog/load';
import { SANDBOX_ACCOUNT_SID as AC, SANDBOX_AUTH_TOKEN, startSandbox } from '../sandbox';
import { parseArgs } from '../sandbox/main';
import { Model } from '../sandbox/model';
import { DEFAULT_SEED, resolveSeed, seedStore, type SeedOptions } from '../sandbox/seed';
import { loadSeedFiles, SEEDS_DIR, SeedFileError, type SeedFiles } from '../sandbox/seed-files';
import { Store, type TwilioRecord } from '../sandbox/store';

const model = new Model(loadCatalog());

function seeded(seed: boolean | SeedOptions = true, files?: SeedFiles): Store {
  const store = new Store(model);
  seedStore(store, seed, files);
  return store;
}

const all = seeded();
const records = (type: string, store = all): TwilioRecord[] => store.records(type, AC);
const bySid = (type: string): Map<unknown, TwilioRecord> => new Map(records(type).map((r) => [r.sid, r]));
const ms = (text: unknown): number => Date.parse(String(text));

/** A directory holding some of the shipped seed files (by name) and the given extra ones. */
function seedDir(shipped: string[], extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'seeds-'));
  for (const f of ['schema.json', ...shipped]) copyFileSync(join(SEEDS_DIR, f), join(dir, f));
  for (const [name, doc] of Object.entries(extra)) writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempSeeds = (shipped: string[], extra?: Record<string, unknown>): string => {
  const dir = seedDir(shipped, extra);
  dirs.push(dir);
  return dir;
};

describe('the shipped data set', () => {
  it('declares its counts as options with the documented defaults', () => {
    expect(DEFAULT_SEED).toMatchObject({
      messages: 250,
      calls: 40,
      conferences: 3,
      recordings: 20,
      transcriptions: 10,
      notifications: 10,
      commsContacts: 12,
      prngSeed: 2026,
    });
    expect(parseArgs(['--messages', '100000', '--calls', '0'])).toEqual({ port: 4010, seed: { messages: 100000, calls: 0 } });
    expect(() => parseArgs(['--mesages', '5'])).toThrow('unknown argument --mesages');
    expect(() => resolveSeed({ mesages: 5 })).toThrow(/unknown seed option mesages; known: .*messages/);
  });

  it('correlates voice records: participants are seeded calls, recordings belong to a call or a conference, transcriptions to a recording', () => {
    const calls = bySid('Call');
    const conferences = bySid('Conference');
    const recordings = bySid('Recording');
    const participants = records('ConferenceParticipant');
    expect(participants.length).toBeGreaterThanOrEqual(2 * conferences.size);
    for (const p of participants) {
      expect(calls.has(p.call_sid)).toBe(true);
      expect(conferences.has(p.conference_sid)).toBe(true);
    }
    for (const conf of conferences.values()) {
      const mine = participants.filter((p) => p.conference_sid === conf.sid);
      expect(mine.filter((p) => p.label === 'host')).toHaveLength(1);
      if (conf.status === 'completed') expect(mine.map((p) => p.call_sid)).toContain(conf.call_sid_ending_conference);
    }
    for (const rec of recordings.values()) {
      expect(Boolean(rec.call_sid) !== Boolean(rec.conference_sid)).toBe(true);
      const parent = rec.call_sid ? calls.get(rec.call_sid) : conferences.get(rec.conference_sid);
      expect(ms(rec.date_created)).toBeGreaterThan(ms(parent!.date_created));
      expect(rec.media_url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${AC}/Recordings/${String(rec.sid)}`);
    }
    for (const tr of records('Transcription')) {
      const rec = recordings.get(tr.recording_sid)!;
      expect(tr.duration).toBe(rec.duration);
      expect(ms(tr.date_created)).toBe(Math.floor(ms(rec.date_created) / 1000) * 1000 + 30_000);
    }
    // A dialled leg's parent is an earlier inbound call.
    for (const call of calls.values()) {
      if (call.direction !== 'outbound-dial') continue;
      const parent = calls.get(call.parent_call_sid)!;
      expect(parent.direction).toBe('inbound');
      expect(ms(parent.date_created)).toBeLessThan(ms(call.date_created));
    }
  });

  it('uses its own local numbers for messages and calls, and writes timestamps as the catalog says', () => {
    const local = records('IncomingPhoneNumber')
      .filter((n) => n.type === 'local')
      .map((n) => n.phone_number);
    expect(local).toHaveLength(4);
    for (const m of records('Message')) {
      const ours = m.direction === 'inbound' ? m.to : m.from;
      if (!String(ours).startsWith('whatsapp:') && m.from !== 'Anonymous') expect(local).toContain(ours);
      expect(m.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} 2026 \d{2}:\d{2}:\d{2} \+0000$/);
    }
    for (const op of records('IntelligenceV2CustomOperator')) expect(op.date_created).toMatch(/^2025-12-\d{2}T10:00:00Z$/);
    for (const c of records('CommsContact')) {
      expect(c.id).toBe(`comms_contact_${String(c.contact_id)}`);
      expect(c.created_at).toMatch(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('copies contacts into audiences and points verifications, factors and messages at seeded contacts', () => {
    const contacts = new Map(records('CommsContact').map((c) => [c.id, c]));
    const members = records('CommsAudienceContacts');
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) {
      const contact = contacts.get(m.id)!;
      const shared = Object.keys(m).filter((k) => k in contact && k !== 'audience_id');
      expect(shared).toEqual(expect.arrayContaining(['contact_id', 'first_name', 'addresses', 'created_at']));
      for (const k of shared) expect(m[k]).toEqual(contact[k]);
      expect(m.addresses).not.toBe(contact.addresses); // a copy, not shared
    }
    for (const v of records('CommsVerification')) expect(contacts.has((v.to as TwilioRecord).contact_id)).toBe(true);
    for (const f of records('CommsFactor')) expect(contacts.get(f.contact_id)!.user_identifier).toBe(f.user_identifier);
    for (const m of records('CommsMessage')) expect(contacts.has((m.to as TwilioRecord[])[0].contact_id)).toBe(true);
  });

  it('repeats exactly, and each count changes only its own set', () => {
    const again = seeded();
    const more = seeded({ messages: 600, commsContacts: 20 });
    const other = seeded({ prngSeed: 7 });
    for (const type of ['Call', 'Recording', 'IncomingPhoneNumber', 'IntelligenceV2CustomOperator', 'CommsFactor']) {
      expect(records(type, again)).toEqual(records(type));
      if (type !== 'CommsFactor') expect(records(type, more)).toEqual(records(type));
    }
    expect(records('Message', more)).toHaveLength(600);
    expect(records('CommsContact', more)).toHaveLength(20);
    expect(records('Call', other).map((c) => c.sid)).not.toEqual(records('Call').map((c) => c.sid));
  });

  it('keeps the main account when unseeded, and skips what depends on absent records', () => {
    const none = seeded(false);
    expect(none.records('Account', AC).map((a) => a.sid)).toEqual([AC]);
    expect(records('Message', none)).toEqual([]);
    const noCalls = seeded({ calls: 0, commsContacts: 0 });
    expect(records('ConferenceParticipant', noCalls).length).toBeGreaterThan(0); // fresh call SIDs
    expect(records('Recording', noCalls).filter((r) => r.call_sid)).toEqual([]);
    expect(records('CommsVerification', noCalls)).toEqual([]);
  });
});

describe('a new family is a new file', () => {
  const keys = {
    about: 'API keys',
    lists: { keyNames: ['ci', 'deploy'] },
    sets: [
      {
        name: 'apiKeys',
        type: 'Api20100401Key',
        count: { option: 'apiKeys', default: 2 },
        let: { created: "=time('2026-02-01T08:00:00Z') + i * HOUR" },
        fields: {
          sid: '=sid()',
          friendly_name: '=keyNames[i % keyNames.length] + (i >= keyNames.length ? i : "")',
          date_created: '=created',
          date_updated: '=created',
        },
      },
    ],
  };

  it('is served with its own count option', async () => {
    const dir = tempSeeds(['accounts.json'], { 'keys.json': keys });
    expect(loadSeedFiles(dir).defaults).toEqual({ subaccounts: 1, apiKeys: 2 });
    const sb = await startSandbox({ seedDir: dir, seed: { apiKeys: 3 } });
    try {
      const res = await fetch(`${sb.url}/2010-04-01/Accounts/${AC}/Keys.json`, {
        headers: { authorization: 'Basic ' + Buffer.from(`${AC}:${SANDBOX_AUTH_TOKEN}`).toString('base64') },
      });
      const page = (await res.json()) as { keys: TwilioRecord[] };
      expect(page.keys.map((k) => k.friendly_name)).toEqual(['ci2', 'deploy', 'ci']);
      expect(page.keys[2]).toEqual({
        sid: expect.stringMatching(/^SK[0-9a-f]{32}$/),
        friendly_name: 'ci',
        date_created: 'Sun, 01 Feb 2026 08:00:00 +0000',
        date_updated: 'Sun, 01 Feb 2026 08:00:00 +0000',
      });
      expect(sb.store.count('Message', AC)).toBe(0);
    } finally {
      await sb.close();
    }
  });
});

describe('a bad seed file fails naming where', () => {
  const set = (over: Record<string, unknown>): unknown => ({
    about: 'x',
    sets: [{ name: 'apiKeys', type: 'Api20100401Key', count: 1, fields: { sid: '=sid()' }, ...over }],
  });
  const load = (doc: unknown, shipped: string[] = []): SeedFiles => loadSeedFiles(tempSeeds(shipped, { 'bad.json': doc }));

  it.each([
    [
      'a name no file defines',
      set({ fields: { sid: '=sid()', friendly_name: '=keyName' } }),
      'bad.json set apiKeys fields.friendly_name: unknown name keyName',
    ],
    ['a function that is no builtin', set({ fields: { sid: '=eval("1")' } }), 'bad.json set apiKeys fields.sid: unknown function eval'],
    ['an operator not allowed', set({ fields: { sid: '=1 << 2' } }), 'bad.json set apiKeys fields.sid: operator << is not allowed'],
    ['a prototype key', set({ fields: { sid: '=sandbox.constructor' } }), 'bad.json set apiKeys fields.sid: member constructor is not allowed'],
    ['text that is no expression', set({ fields: { sid: '=sid(' } }), "bad.json set apiKeys fields.sid: cannot parse '=sid('"],
    ['a key the schema does not know', set({ feilds: {} }), 'bad.json: /sets/0 must NOT have additional properties'],
    ['a count that is no number', set({ count: 'many' }), 'bad.json: /sets/0/count must be integer'],
    [
      'sets needing each other',
      {
        about: 'x',
        sets: [
          { name: 'a', type: 'Queue', count: 1, let: { x: '=b' }, fields: {} },
          { name: 'b', type: 'Queue', count: 1, let: { x: '=a' }, fields: {} },
        ],
      },
      'seed sets need each other in a cycle',
    ],
    [
      'a list named like a set',
      { about: 'x', lists: { apiKeys: [] }, sets: [{ name: 'apiKeys', type: 'Api20100401Key', count: 1, fields: {} }] },
      'apiKeys (set apiKeys) is already a list',
    ],
    ['broken JSON', '{ "about": ', 'bad.json: '],
  ])('%s', (_what, doc, message) => {
    expect(() => load(doc)).toThrow(SeedFileError);
    expect(() => load(doc)).toThrow(message);
  });

  it('a field the object type does not have, an unknown type, an evaluation error', () => {
    const seed = (doc: unknown): void => void seeded(true, load(doc));
    expect(() => seed(set({ fields: { sid: '=sid()', colour: 'red' } }))).toThrow('bad.json set apiKeys: Api20100401Key has no field colour');
    expect(() => seed(set({ type: 'Nope' }))).toThrow('bad.json set apiKeys: unknown object type Nope');
    expect(() => seed(set({ fields: { sid: "=fixed('x', 2)" } }))).toThrow(/^bad.json set apiKeys fields.sid: .*toFixed/);
    expect(() => seed(set({ fields: { friendly_name: 'no sid' } }))).toThrow('bad.json set apiKeys: record 0 has no sid');
  });
});
