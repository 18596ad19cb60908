// Deterministic seed data: every type gets its own PRNG stream (so scaling one count
// leaves the others unchanged) and timestamps spread in ascending order over
// Jan–Oct 2026, so bulk inserts append without sorting.
import { ACCOUNT_TYPE } from './auth';
import { formatIso, formatRfc2822 } from './dates';
import type { TypeModel } from './model';
import { createPrng, type Prng } from './prng';
import { blank } from './records';
import * as data from './seed-data';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_SUBACCOUNT_AUTH_TOKEN, SANDBOX_SUBACCOUNT_SID, hex, identifier, newSid } from './sids';
import type { Store, TwilioRecord } from './store';

export interface SeedOptions {
  messages?: number;
  calls?: number;
  conferences?: number;
  recordings?: number;
  transcriptions?: number;
  notifications?: number;
  incomingPhoneNumbers?: number;
  outgoingCallerIds?: number;
  applications?: number;
  queues?: number;
  shortCodes?: number;
  subaccounts?: number;
  /** Messages in the (first) subaccount, for subaccount access tests. */
  subaccountMessages?: number;
  /** Newer APIs (meta paging, ISO dates): Conversational Intelligence services and custom operators, Flex plugins. */
  intelligenceServices?: number;
  customOperators?: number;
  flexPlugins?: number;
  /** The Communications API (typed ids, created_at): contacts, some of them in audiences, their verifications and factors, messages and their operations. */
  commsContacts?: number;
  commsAudiences?: number;
  commsVerifications?: number;
  commsFactors?: number;
  commsMessages?: number;
  commsMessageOperations?: number;
  /** PRNG seed; the default gives the documented data set. */
  prngSeed?: number;
}

export const DEFAULT_SEED: Required<SeedOptions> = {
  messages: 250,
  calls: 40,
  conferences: 3,
  recordings: 20,
  transcriptions: 10,
  notifications: 10,
  incomingPhoneNumbers: 5,
  outgoingCallerIds: 3,
  applications: 3,
  queues: 2,
  shortCodes: 2,
  subaccounts: 1,
  subaccountMessages: 3,
  intelligenceServices: 2,
  customOperators: 3,
  flexPlugins: 3,
  commsContacts: 12,
  commsAudiences: 2,
  commsVerifications: 3,
  commsFactors: 2,
  commsMessages: 4,
  commsMessageOperations: 2,
  prngSeed: 2026,
};

const NO_SEED: Required<SeedOptions> = Object.fromEntries(Object.keys(DEFAULT_SEED).map((k) => [k, 0])) as Required<SeedOptions>;

const BASE = Date.UTC(2026, 0, 1);
const SPAN = Date.UTC(2026, 10, 1) - BASE; // through the end of October

export function resolveSeed(seed: boolean | SeedOptions | undefined): Required<SeedOptions> {
  if (seed === false) return { ...NO_SEED, prngSeed: DEFAULT_SEED.prngSeed };
  return { ...DEFAULT_SEED, ...(seed === true || seed === undefined ? {} : seed) };
}

/** i-th of n instants, ascending, whole seconds. */
function spread(i: number, n: number, prng: Prng): number {
  return BASE + Math.floor((((i + prng.next()) / n) * SPAN) / 1000) * 1000;
}

const rfc = (ms: number): string => formatRfc2822(new Date(ms));

/** '+14155550100' → '(415) 555-0100', as Twilio formats North American numbers. */
function formatted(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

function nthNumber(list: string[], i: number, base: string): string {
  return list[i] ?? `${base}${String(200 + i).padStart(4, '0')}`;
}

class Seeder {
  readonly accountSid = SANDBOX_ACCOUNT_SID;

  constructor(
    readonly store: Store,
    private readonly opts: Required<SeedOptions>,
  ) {}

  has(type: string): boolean {
    return this.store.model.types.has(type);
  }

  /** Own PRNG stream per type and purpose. */
  prng(stream: string): Prng {
    let h = this.opts.prngSeed >>> 0;
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
    return createPrng(h);
  }

  /** Stores a record built from `values`, keeping only the type's own fields and its (possibly unrendered) key and parent ids. */
  put(type: string, values: TwilioRecord, accountSid = this.accountSid, createdMs?: number): TwilioRecord {
    const tm: TypeModel = this.store.model.type(type);
    const rec = blank(tm);
    for (const key in values) if (key in rec || key === tm.keyField || tm.keyParents.includes(key)) rec[key] = values[key];
    this.store.insert(type, accountSid, rec, createdMs);
    return rec;
  }

  /** A Communications API record: a fresh identifier under its key, the typed id, ISO times. */
  putTyped(type: string, prng: Prng, createdMs: number, values: TwilioRecord): TwilioRecord {
    const tm = this.store.model.type(type);
    const bare = identifier(prng, createdMs);
    const at = formatIso(new Date(createdMs));
    const typed = tm.typedId ? { [tm.typedId.field]: tm.typedId.prefix + bare } : {};
    return this.put(type, { [tm.keyField]: bare, ...typed, created_at: at, updated_at: at, deleted_at: null, ...values }, this.accountSid, createdMs);
  }

  count(key: keyof SeedOptions, type: string): number {
    return this.has(type) ? (this.opts[key] as number) : 0;
  }
}

export function seedStore(store: Store, seed: boolean | SeedOptions | undefined): void {
  const opts = resolveSeed(seed);
  const s = new Seeder(store, opts);
  seedAccounts(s, opts);
  const numbers = seedPhoneNumbers(s, s.count('incomingPhoneNumbers', 'IncomingPhoneNumber'));
  seedSimple(s);
  seedMessages(s, s.count('messages', 'Message'), SANDBOX_ACCOUNT_SID, numbers, 'messages');
  if (opts.subaccounts > 0) seedMessages(s, s.count('subaccountMessages', 'Message'), SANDBOX_SUBACCOUNT_SID, numbers, 'sub-messages');
  const calls = seedCalls(s, s.count('calls', 'Call'), numbers);
  const conferences = seedConferences(s, s.count('conferences', 'Conference'), calls);
  const recordings = seedRecordings(s, s.count('recordings', 'Recording'), calls, conferences);
  seedTranscriptions(s, s.count('transcriptions', 'Transcription'), recordings);
  seedNotifications(s, s.count('notifications', 'Notification'), calls);
  seedIntelligence(s, s.count('intelligenceServices', 'IntelligenceV2Service'), s.count('customOperators', 'IntelligenceV2CustomOperator'));
  seedFlexPlugins(s, s.count('flexPlugins', 'FlexV1Plugin'));
  seedComms(s);
}

function seedAccounts(s: Seeder, opts: Required<SeedOptions>): void {
  if (!s.has(ACCOUNT_TYPE)) return;
  const created = rfc(Date.UTC(2025, 11, 1));
  // The main account always exists: authentication looks credentials up here.
  s.put(ACCOUNT_TYPE, {
    sid: SANDBOX_ACCOUNT_SID,
    owner_account_sid: SANDBOX_ACCOUNT_SID,
    auth_token: SANDBOX_AUTH_TOKEN,
    friendly_name: 'Sandbox Account',
    status: 'active',
    type: 'Full',
    date_created: created,
    date_updated: created,
  });
  const prng = s.prng('accounts');
  for (let i = 0; i < opts.subaccounts; i++) {
    const t = rfc(Date.UTC(2025, 11, 2 + i));
    s.put(ACCOUNT_TYPE, {
      sid: i === 0 ? SANDBOX_SUBACCOUNT_SID : newSid(prng, 'AC'),
      owner_account_sid: SANDBOX_ACCOUNT_SID,
      auth_token: i === 0 ? SANDBOX_SUBACCOUNT_AUTH_TOKEN : hex(prng, 32),
      friendly_name: i === 0 ? 'Sandbox Subaccount' : `Sandbox Subaccount ${i + 1}`,
      status: 'active',
      type: 'Full',
      date_created: t,
      date_updated: t,
    });
  }
}

function seedPhoneNumbers(s: Seeder, n: number): string[] {
  const prng = s.prng('numbers');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const tollFree = i === n - 1 && n > 1;
    const phone = tollFree ? data.TOLL_FREE : nthNumber(data.OUR_NUMBERS, i, '+1415555');
    const t = rfc(Date.UTC(2025, 11, 5 + i, 9, 0, 0));
    s.put('IncomingPhoneNumber', {
      sid: newSid(prng, 'PN'),
      account_sid: s.accountSid,
      phone_number: phone,
      friendly_name: formatted(phone),
      capabilities: { fax: false, mms: !tollFree, sms: true, voice: true },
      beta: false,
      origin: 'twilio',
      status: 'in-use',
      type: tollFree ? 'tollfree' : 'local',
      address_requirements: 'none',
      emergency_status: 'Inactive',
      voice_receive_mode: 'voice',
      voice_caller_id_lookup: false,
      voice_url: 'https://demo.twilio.com/welcome/voice/',
      voice_method: 'POST',
      voice_fallback_method: 'POST',
      sms_url: 'https://demo.twilio.com/welcome/sms/reply',
      sms_method: 'POST',
      sms_fallback_method: 'POST',
      status_callback_method: 'POST',
      date_created: t,
      date_updated: t,
    });
    if (!tollFree) out.push(phone);
  }
  return out.length ? out : [data.OUR_NUMBERS[0]];
}

/** Small reference types: applications, caller ids, queues, short codes. */
function seedSimple(s: Seeder): void {
  const prng = s.prng('simple');
  const at = (i: number): string => rfc(Date.UTC(2025, 11, 10 + i, 12, 0, 0));
  for (let i = 0; i < s.count('applications', 'Application'); i++) {
    s.put('Application', {
      sid: newSid(prng, 'AP'),
      account_sid: s.accountSid,
      friendly_name: data.APPLICATION_NAMES[i % data.APPLICATION_NAMES.length],
      voice_url: `https://example.com/apps/${i}/voice`,
      voice_method: 'POST',
      voice_fallback_method: 'POST',
      sms_url: `https://example.com/apps/${i}/sms`,
      sms_method: 'POST',
      sms_fallback_method: 'POST',
      status_callback_method: 'POST',
      voice_caller_id_lookup: i === 0,
      public_application_connect_enabled: true,
      date_created: at(i),
      date_updated: at(i),
    });
  }
  for (let i = 0; i < s.count('outgoingCallerIds', 'OutgoingCallerId'); i++) {
    const phone = `+1415555${String(150 + i).padStart(4, '0')}`;
    s.put('OutgoingCallerId', {
      sid: newSid(prng, 'PN'),
      account_sid: s.accountSid,
      phone_number: phone,
      friendly_name: data.CALLER_ID_NAMES[i % data.CALLER_ID_NAMES.length],
      date_created: at(i),
      date_updated: at(i),
    });
  }
  for (let i = 0; i < s.count('queues', 'Queue'); i++) {
    s.put('Queue', {
      sid: newSid(prng, 'QU'),
      account_sid: s.accountSid,
      friendly_name: data.QUEUE_NAMES[i % data.QUEUE_NAMES.length] + (i >= data.QUEUE_NAMES.length ? `-${i}` : ''),
      current_size: i === 1 ? 2 : 0,
      max_size: 100,
      average_wait_time: i === 1 ? 45 : 0,
      date_created: at(i),
      date_updated: at(i),
    });
  }
  for (let i = 0; i < s.count('shortCodes', 'ShortCode'); i++) {
    const [code, name] = data.SHORT_CODES[i % data.SHORT_CODES.length];
    s.put('ShortCode', {
      sid: newSid(prng, 'SC'),
      account_sid: s.accountSid,
      short_code: i < data.SHORT_CODES.length ? code : String(10000 + i),
      friendly_name: name,
      sms_url: 'https://example.com/shortcode',
      sms_method: 'POST',
      sms_fallback_method: 'POST',
      date_created: at(i),
      date_updated: at(i),
    });
  }
}

/** Segments as Twilio counts them: 160 GSM-7 characters, or 70 UCS-2 ones. */
function segments(body: string): number {
  // eslint-disable-next-line no-control-regex
  const gsm = /^[\x0a\x0d\x20-\x7e£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(body);
  return Math.max(1, Math.ceil([...body].length / (gsm ? 160 : 70)));
}

const BODIES = data.MESSAGE_BODIES.map((body) => ({ body, segments: String(segments(body)), price: `-${(0.0079 * segments(body)).toFixed(5)}` }));

function seedMessages(s: Seeder, n: number, accountSid: string, ours: string[], stream: string): void {
  const prng = s.prng(stream);
  const service = newSid(prng, 'MG');
  const anonymous = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    const t = spread(i, n, prng);
    const roll = prng.next();
    const inbound = i === anonymous || roll < 0.3;
    const direction = inbound ? 'inbound' : roll < 0.85 ? 'outbound-api' : 'outbound-reply';
    const whatsapp = i !== anonymous && prng.chance(0.1);
    const mine = whatsapp ? data.WHATSAPP_SENDER : prng.pick(ours);
    const customer = whatsapp ? `whatsapp:${prng.pick(data.CUSTOMER_NUMBERS.slice(0, 8))}` : prng.pick(data.CUSTOMER_NUMBERS);
    const body = prng.pick(BODIES);
    const media = prng.chance(0.15) ? 1 + prng.int(3) : 0;
    let status = 'received';
    let error: [number, string] | undefined;
    if (!inbound) {
      const r = prng.next();
      status = r < 0.82 ? 'delivered' : r < 0.91 ? 'failed' : 'undelivered';
      if (status !== 'delivered') error = prng.pick(data.DELIVERY_ERRORS);
    }
    const created = rfc(t);
    const sent = inbound ? created : rfc(t + 1000);
    s.put(
      'Message',
      {
        sid: newSid(prng, media && prng.chance(0.3) ? 'MM' : 'SM'),
        account_sid: accountSid,
        api_version: '2010-04-01',
        body: body.body,
        num_segments: body.segments,
        num_media: String(media),
        direction,
        from: i === anonymous ? 'Anonymous' : inbound ? customer : mine,
        to: inbound ? mine : customer,
        status,
        error_code: error ? error[0] : null,
        error_message: error ? error[1] : null,
        price: status === 'failed' ? null : whatsapp ? '-0.00500' : body.price,
        price_unit: 'USD',
        messaging_service_sid: !inbound && prng.chance(0.25) ? service : null,
        date_created: created,
        date_sent: sent,
        date_updated: sent,
      },
      accountSid,
      t,
    );
  }
}

interface SeededCall {
  sid: string;
  t: number;
  from: string;
  to: string;
}

function seedCalls(s: Seeder, n: number, ours: string[]): SeededCall[] {
  const prng = s.prng('calls');
  const out: SeededCall[] = [];
  let lastInbound: string | null = null;
  for (let i = 0; i < n; i++) {
    const t = spread(i, n, prng);
    const roll = prng.next();
    const direction = roll < 0.4 ? 'inbound' : roll < 0.85 || !lastInbound ? 'outbound-api' : 'outbound-dial';
    const status = i >= n - 3 ? 'in-progress' : prng.pick(data.CALL_OUTCOMES);
    const mine = prng.pick(ours);
    let customer = prng.pick(data.CUSTOMER_NUMBERS);
    if (i === 3) customer = direction === 'inbound' ? 'Anonymous' : 'client:alice';
    const from = direction === 'inbound' ? customer : mine;
    const to = direction === 'inbound' ? mine : customer;
    const answered = status === 'completed' || status === 'in-progress';
    const duration = status === 'completed' ? 5 + prng.int(600) : 0;
    const start = t + 1000;
    const sid = newSid(prng, 'CA');
    s.put('Call', {
      sid,
      account_sid: s.accountSid,
      api_version: '2010-04-01',
      parent_call_sid: direction === 'outbound-dial' ? lastInbound : null,
      direction,
      from,
      to,
      from_formatted: formatted(from),
      to_formatted: formatted(to),
      status,
      start_time: answered ? rfc(start) : null,
      end_time: status === 'in-progress' ? null : rfc(start + duration * 1000),
      duration: status === 'in-progress' ? null : String(duration),
      price: status === 'completed' ? `-${(0.013 * Math.ceil(duration / 60)).toFixed(5)}` : null,
      price_unit: 'USD',
      answered_by: null,
      queue_time: '0',
      date_created: rfc(t),
      date_updated: rfc(status === 'in-progress' ? start : start + duration * 1000),
    });
    if (direction === 'inbound') lastInbound = sid;
    out.push({ sid, t, from, to });
  }
  return out;
}

interface SeededConference {
  sid: string;
  t: number;
}

function seedConferences(s: Seeder, n: number, calls: SeededCall[]): SeededConference[] {
  const prng = s.prng('conferences');
  const out: SeededConference[] = [];
  let callIndex = 0;
  for (let i = 0; i < n; i++) {
    const t = spread(i, n, prng);
    const live = i === n - 1;
    const sid = newSid(prng, 'CF');
    const participants = 2 + prng.int(2);
    const callSids: string[] = [];
    for (let p = 0; p < participants; p++) callSids.push(calls.length ? calls[callIndex++ % calls.length].sid : newSid(prng, 'CA'));
    s.put('Conference', {
      sid,
      account_sid: s.accountSid,
      api_version: '2010-04-01',
      friendly_name: data.CONFERENCE_NAMES[i % data.CONFERENCE_NAMES.length],
      region: 'us1',
      status: live ? 'in-progress' : 'completed',
      reason_conference_ended: live ? null : 'last-participant-left',
      call_sid_ending_conference: live ? null : callSids[callSids.length - 1],
      date_created: rfc(t),
      date_updated: rfc(t + (live ? 0 : 1_800_000)),
    });
    if (s.has('ConferenceParticipant')) {
      callSids.forEach((callSid, p) => {
        s.put('ConferenceParticipant', {
          account_sid: s.accountSid,
          conference_sid: sid,
          call_sid: callSid,
          label: p === 0 ? 'host' : `guest-${p}`,
          status: live ? 'connected' : 'complete',
          muted: p === 2,
          hold: false,
          coaching: false,
          start_conference_on_enter: true,
          end_conference_on_exit: p === 0,
          queue_time: '0',
          date_created: rfc(t + p * 5000),
          date_updated: rfc(t + p * 5000 + 1000),
        });
      });
    }
    out.push({ sid, t });
  }
  return out;
}

interface SeededRecording {
  sid: string;
  t: number;
  duration: string;
}

function seedRecordings(s: Seeder, n: number, calls: SeededCall[], conferences: SeededConference[]): SeededRecording[] {
  const prng = s.prng('recordings');
  const out: SeededRecording[] = [];
  const callLevel = conferences.length ? Math.ceil(n * 0.7) : n;
  for (let i = 0; i < n; i++) {
    const onCall = i < callLevel || !conferences.length;
    // Two recordings share the first call, so a call-level list has more than one entry.
    const call = onCall && calls.length ? calls[Math.max(0, i - 1) % calls.length] : undefined;
    const conference = onCall ? undefined : conferences[i % conferences.length];
    const parentT = call?.t ?? conference?.t ?? spread(i, n, prng);
    const t = parentT + (5 + prng.int(55)) * 1000 + i;
    const duration = String(3 + prng.int(300));
    const sid = newSid(prng, 'RE');
    s.put('Recording', {
      sid,
      account_sid: s.accountSid,
      api_version: '2010-04-01',
      call_sid: call?.sid ?? null,
      conference_sid: conference?.sid ?? null,
      status: 'completed',
      duration,
      channels: onCall ? 1 : 2,
      source: onCall ? prng.pick(['RecordVerb', 'DialVerb', 'OutboundAPI']) : 'Conference',
      price: '-0.00250',
      price_unit: 'USD',
      track: 'both',
      start_time: rfc(t - Number(duration) * 1000),
      media_url: `https://api.twilio.com/2010-04-01/Accounts/${s.accountSid}/Recordings/${sid}`,
      date_created: rfc(t),
      date_updated: rfc(t + 2000),
    });
    out.push({ sid, t, duration });
  }
  return out;
}

function seedTranscriptions(s: Seeder, n: number, recordings: SeededRecording[]): void {
  const prng = s.prng('transcriptions');
  for (let i = 0; i < n; i++) {
    const rec = recordings[i % Math.max(1, recordings.length)];
    const t = (rec?.t ?? spread(i, n, prng)) + 30_000;
    const failed = i === n - 1 && n > 1;
    s.put('Transcription', {
      sid: newSid(prng, 'TR'),
      account_sid: s.accountSid,
      api_version: '2008-08-01',
      recording_sid: rec?.sid ?? null,
      status: failed ? 'failed' : 'completed',
      transcription_text: failed ? null : data.TRANSCRIPTS[i % data.TRANSCRIPTS.length],
      duration: rec?.duration ?? '10',
      price: failed ? null : -0.05,
      price_unit: 'USD',
      type: 'fast',
      date_created: rfc(t),
      date_updated: rfc(t + 5000),
    });
  }
}

function seedNotifications(s: Seeder, n: number, calls: SeededCall[]): void {
  const prng = s.prng('notifications');
  for (let i = 0; i < n; i++) {
    const t = spread(i, n, prng);
    const err = data.NOTIFICATION_ERRORS[i % data.NOTIFICATION_ERRORS.length];
    const call = i % 3 !== 2 && calls.length ? prng.pick(calls) : undefined;
    s.put('Notification', {
      sid: newSid(prng, 'NO'),
      account_sid: s.accountSid,
      api_version: '2010-04-01',
      call_sid: call?.sid ?? null,
      error_code: err.code,
      log: err.log,
      message_text: err.text,
      more_info: `https://www.twilio.com/docs/errors/${err.code}`,
      message_date: rfc(t - 1000),
      request_method: 'POST',
      request_url: 'https://example.com/twiml/voice',
      request_variables: call ? `CallSid=${call.sid}&From=${encodeURIComponent(call.from)}` : null,
      response_body: err.log === '0' ? '<html>502 Bad Gateway</html>' : null,
      response_headers: err.log === '0' ? 'Content-Type=text%2Fhtml' : null,
      date_created: rfc(t),
      date_updated: rfc(t),
    });
  }
}

const iso = (ms: number): string => formatIso(new Date(ms));

/** Conversational Intelligence: services (to attach operators to) and custom operators, versioned for If-Match. */
function seedIntelligence(s: Seeder, services: number, operators: number): void {
  const prng = s.prng('intelligence');
  for (let i = 0; i < services; i++) {
    const created = Date.UTC(2025, 11, 15 + i, 9, 0, 0);
    s.put(
      'IntelligenceV2Service',
      {
        sid: newSid(prng, s.store.model.type('IntelligenceV2Service').idPrefix),
        account_sid: s.accountSid,
        unique_name: data.INTELLIGENCE_SERVICES[i % data.INTELLIGENCE_SERVICES.length] + (i >= data.INTELLIGENCE_SERVICES.length ? `-${i}` : ''),
        friendly_name: `Intelligence service ${i + 1}`,
        language_code: 'en-US',
        auto_transcribe: i === 0,
        auto_redaction: true,
        media_redaction: false,
        data_logging: false,
        webhook_url: null,
        webhook_http_method: 'POST',
        read_only_attached_operator_sids: [],
        version: 1,
        date_created: iso(created),
        date_updated: iso(created),
      },
      s.accountSid,
      created,
    );
  }
  for (let i = 0; i < operators; i++) {
    const spec = data.CUSTOM_OPERATORS[i % data.CUSTOM_OPERATORS.length];
    const created = Date.UTC(2025, 11, 20 + i, 10, 0, 0);
    const version = 1 + (i % 3);
    s.put(
      'IntelligenceV2CustomOperator',
      {
        sid: newSid(prng, 'LY'),
        account_sid: s.accountSid,
        friendly_name: spec.name + (i >= data.CUSTOM_OPERATORS.length ? ` ${i + 1}` : ''),
        description: spec.description,
        author: s.accountSid,
        operator_type: 'GenerativeJSON',
        version,
        availability: 'general-availability',
        config: structuredClone(spec.config),
        date_created: iso(created),
        date_updated: iso(created + (version - 1) * 86_400_000),
      },
      s.accountSid,
      created,
    );
  }
}

function seedFlexPlugins(s: Seeder, n: number): void {
  const prng = s.prng('flex-plugins');
  for (let i = 0; i < n; i++) {
    const name = data.FLEX_PLUGINS[i % data.FLEX_PLUGINS.length] + (i >= data.FLEX_PLUGINS.length ? `-${i}` : '');
    const created = Date.UTC(2025, 11, 12 + i, 14, 30, 0);
    s.put(
      'FlexV1Plugin',
      {
        sid: newSid(prng, 'FP'),
        account_sid: s.accountSid,
        unique_name: name,
        friendly_name: name.replace(/^plugin-/, '').replace(/-/g, ' '),
        description: `Sandbox Flex plugin ${i + 1}`,
        archived: i === n - 1 && n > 2,
        date_created: iso(created),
        date_updated: iso(created),
      },
      s.accountSid,
      created,
    );
  }
}

/** The Communications API: contacts first, since the other records point at them. */
function seedComms(s: Seeder): void {
  const contacts = seedCommsContacts(s, s.count('commsContacts', 'CommsContact'));
  seedCommsAudiences(s, s.count('commsAudiences', 'CommsAudience'), contacts);
  if (!contacts.length) return;
  seedCommsVerifications(s, s.count('commsVerifications', 'CommsVerification'), contacts);
  seedCommsFactors(s, s.count('commsFactors', 'CommsFactor'), contacts);
  const operations = seedCommsOperations(s, s.count('commsMessageOperations', 'CommsMessageOperations'));
  seedCommsMessages(s, s.count('commsMessages', 'CommsMessage'), contacts, operations);
}

/** 'Édouard' → 'edouard', for e-mail addresses. */
const mailbox = (name: string): string => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A related-resource entry: { name, typed id, uri with the bare identifier }. */
function related(name: string, rec: TwilioRecord, list: string): TwilioRecord {
  const id = String(rec.id);
  return { name, id, uri: `/${list}/${id.slice(id.lastIndexOf('_') + 1)}` };
}

function seedCommsContacts(s: Seeder, n: number): TwilioRecord[] {
  const prng = s.prng('comms-contacts');
  const out: TwilioRecord[] = [];
  for (let i = 0; i < n; i++) {
    const who = data.COMMS_CONTACTS[i % data.COMMS_CONTACTS.length];
    const round = Math.floor(i / data.COMMS_CONTACTS.length);
    const created = spread(i, n, prng);
    out.push(
      s.putTyped('CommsContact', prng, created, {
        first_name: who.first,
        last_name: who.last,
        display_name: `${who.first} ${who.last}`,
        user_identifier: hex(prng, 32),
        external_identifier: `crm-${1001 + i}`,
        addresses: [
          { channel: 'phone', address: data.CUSTOMER_NUMBERS[i % data.CUSTOMER_NUMBERS.length], is_validated_by_lookup: true, last_validated_by_lookup: iso(created) },
          { channel: 'email', address: `${mailbox(who.first)}.${mailbox(who.last)}${round ? round + 1 : ''}@example.com`, is_validated_by_lookup: null, last_validated_by_lookup: null },
        ],
        location: { city: who.city, country_code: who.country },
        tags: i % 3 === 0 ? { tier: 'gold' } : {},
        related: [],
      }),
    );
  }
  return out;
}

/** Audiences, each holding every (k+2)-th contact as an audience contact (a copy of the contact under the audience). */
function seedCommsAudiences(s: Seeder, n: number, contacts: TwilioRecord[]): void {
  const prng = s.prng('comms-audiences');
  const contactType = s.store.model.type('CommsContact');
  for (let k = 0; k < n; k++) {
    const created = Date.UTC(2025, 11, 1 + k, 8, 0, 0);
    const audience = s.putTyped('CommsAudience', prng, created, {
      name: data.COMMS_AUDIENCES[k % data.COMMS_AUDIENCES.length] + (k >= data.COMMS_AUDIENCES.length ? `-${k}` : ''),
      tags: {},
    });
    if (!s.has('CommsAudienceContacts')) continue;
    contacts.forEach((contact, j) => {
      if (j % (k + 2) !== 0) return;
      const member = { ...structuredClone(contact), audience_id: audience.audience_id, audiences: [{ audience_id: audience.id }] };
      s.put('CommsAudienceContacts', member, s.accountSid, Date.parse(String(contact[contactType.createdKey])));
    });
  }
}

const VERIFICATION_STATUSES = ['pending', 'approved', 'canceled'];

function seedCommsVerifications(s: Seeder, n: number, contacts: TwilioRecord[]): void {
  const prng = s.prng('comms-verifications');
  for (let i = 0; i < n; i++) {
    const contact = contacts[i % contacts.length];
    const phone = (contact.addresses as TwilioRecord[])[0].address;
    const created = Date.UTC(2026, 10, 1 + i, 9, 30, 0);
    s.putTyped('CommsVerification', prng, created, {
      to: { contact_id: contact.id, channel: 'phone', address: phone },
      status: VERIFICATION_STATUSES[i % VERIFICATION_STATUSES.length],
      related: [related('contact', contact, 'Contacts')],
      tags: {},
    });
  }
}

function seedCommsFactors(s: Seeder, n: number, contacts: TwilioRecord[]): void {
  const prng = s.prng('comms-factors');
  for (let i = 0; i < n; i++) {
    const contact = contacts[(i + 1) % contacts.length];
    const created = Date.UTC(2026, 9, 10 + i, 16, 0, 0);
    s.putTyped('CommsFactor', prng, created, {
      type: i % 2 ? 'totp' : 'passkey',
      friendly_name: i % 2 ? 'Authenticator app' : 'Laptop passkey',
      contact_id: contact.id,
      user_identifier: contact.user_identifier,
      status: i % 2 ? 'approved' : 'pending',
      content: i % 2 ? {} : { relying_party: { id: 'example.com', name: 'Example', origins: ['https://example.com'] } },
      related: [related('contact', contact, 'Contacts')],
      tags: {},
    });
  }
}

/** Delivery counts of an operation or message: every bucket present, the given ones counted. */
function delivery(counts: Record<string, number>): TwilioRecord {
  const buckets = ['queued', 'sent', 'delivered', 'read', 'opened', 'undelivered', 'failed'];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { total_count: total, ...Object.fromEntries(buckets.map((b) => [b, { count: counts[b] ?? 0 }])) };
}

/** Message operations (batches), each with deliveries still queued, so a cancel has something to drop. */
function seedCommsOperations(s: Seeder, n: number): TwilioRecord[] {
  const prng = s.prng('comms-operations');
  const out: TwilioRecord[] = [];
  for (let i = 0; i < n; i++) {
    const created = Date.UTC(2026, 10, 5 + i, 10, 0, 0);
    out.push(s.putTyped('CommsMessageOperations', prng, created, { delivery: delivery({ queued: 1 + i, delivered: 2 }) }));
  }
  return out;
}

function seedCommsMessages(s: Seeder, n: number, contacts: TwilioRecord[], operations: TwilioRecord[]): void {
  const prng = s.prng('comms-messages');
  for (let i = 0; i < n; i++) {
    const contact = contacts[(i * 5) % contacts.length];
    const operation = operations[i % Math.max(1, operations.length)];
    const created = Date.UTC(2026, 10, 5 + i, 10, 0, 1);
    s.putTyped('CommsMessage', prng, created, {
      from: { address: data.OUR_NUMBERS[0] },
      to: [{ address: (contact.addresses as TwilioRecord[])[0].address, contact_id: contact.id }],
      content: { text: data.COMMS_MESSAGES[i % data.COMMS_MESSAGES.length] },
      delivery_status: delivery({ delivered: 1 }),
      related: operation ? [related('operation', operation, 'Messages/Operations')] : [],
      tags: {},
    });
  }
}
