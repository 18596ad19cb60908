// Per-type values Twilio fills in on create, as data. A rule is either a literal or a
// small instruction the record builder interprets (records.ts: applyRule).

export type DefaultRule =
  | string
  | number
  | boolean
  | null
  | { json: unknown } // an object literal (copied per record)
  | { countOf: string } // how many values a repeated parameter had, as a string
  | { copyOf: string } // another field of the record, after parameters were applied
  | { sid: string } // a fresh SID with this prefix
  | { hex: number } // that many random hex digits
  | { digits: number } // that many random decimal digits
  | { phoneFromAreaCode: string }; // '+1' + the AreaCode parameter + 7 random digits

export const CREATE_DEFAULTS: Record<string, Record<string, DefaultRule>> = {
  Account: { status: 'active', type: 'Full', auth_token: { hex: 32 }, friendly_name: 'SubAccount' },
  Application: {
    voice_method: 'POST',
    voice_fallback_method: 'POST',
    sms_method: 'POST',
    sms_fallback_method: 'POST',
    status_callback_method: 'POST',
    voice_caller_id_lookup: false,
    public_application_connect_enabled: true,
  },
  Call: {
    status: 'queued',
    direction: 'outbound-api',
    to_formatted: { copyOf: 'to' },
    from_formatted: { copyOf: 'from' },
    price_unit: 'USD',
    queue_time: '0',
  },
  ConferenceParticipant: {
    status: 'queued',
    muted: false,
    hold: false,
    coaching: false,
    end_conference_on_exit: false,
    start_conference_on_enter: true,
    queue_time: '0',
  },
  IncomingPhoneNumber: {
    phone_number: { phoneFromAreaCode: 'AreaCode' },
    friendly_name: { copyOf: 'phone_number' },
    status: 'in-use',
    origin: 'twilio',
    type: 'local',
    beta: false,
    capabilities: { json: { fax: false, mms: true, sms: true, voice: true } },
    address_requirements: 'none',
    emergency_status: 'Inactive',
    voice_receive_mode: 'voice',
    voice_caller_id_lookup: false,
    voice_method: 'POST',
    voice_fallback_method: 'POST',
    sms_method: 'POST',
    sms_fallback_method: 'POST',
    status_callback_method: 'POST',
  },
  Message: {
    status: 'queued',
    direction: 'outbound-api',
    num_segments: '1',
    num_media: { countOf: 'MediaUrl' },
    price: null,
    price_unit: 'USD',
  },
  OutgoingCallerId: { friendly_name: { copyOf: 'phone_number' } },
  CommsFactor: { status: 'pending', type: 'passkey' },
  CommsVerification: { status: 'pending' },
  // A conversation created without a State is active; a task waits for a worker.
  ConversationsV1Conversation: { state: 'active' },
  TaskrouterV1Task: { assignment_status: 'pending' },
  FlexV1Plugin: { archived: false },
  // Seed 000: the creating account is the author; a new operator is public (the definition's enum is not nullable).
  IntelligenceV2CustomOperator: { author: { copyOf: 'account_sid' }, availability: 'public' },
  FlexV1PluginConfiguration: { archived: false },
  FlexV1PluginVersions: { archived: false },
  Queue: { current_size: 0, max_size: 100, average_wait_time: 0 },
  Recording: {
    status: 'in-progress',
    source: 'StartCallRecording',
    channels: 1,
    duration: '-1',
    track: 'both',
    price_unit: 'USD',
  },
};

/** Fields of a create response that is not the stored record (create.responseFields). */
export const RESPONSE_DEFAULTS: Record<string, Record<string, DefaultRule>> = {
  OutgoingCallerId: { call_sid: { sid: 'CA' }, validation_code: { digits: 6 } },
};

/** Twilio lists these in subresource_uris though the catalog does not cover them. */
export const EXTRA_SUBRESOURCES: Record<string, Record<string, string>> = {
  Message: { feedback: '/Feedback.json', media: '/Media.json' },
  Call: { events: '/Events.json' },
};

/** SID prefixes where the catalog's id pattern names another type's (Twilio's definition reuses LY for services). */
export const ID_PREFIXES: Record<string, string> = {
  IntelligenceV2Service: 'GA',
};

/**
 * Success statuses other than the usual (create 201, update 200), from Twilio's
 * definitions: accepted-for-processing 202s and creates answering 200.
 */
export const ACTION_STATUS: Record<string, { create?: number; update?: number }> = {
  FlexV1Interaction: { create: 200 },
  FlexV1InteractionChannelParticipant: { create: 200 },
  IntelligenceV2CustomOperator: { create: 202, update: 202 },
  IntelligenceV2OperatorAttachment: { create: 202 },
  IntelligenceV2Transcript: { create: 202 },
  MessagingV1BrandRegistration: { update: 202 },
  MessagingV1TollfreeVerification: { update: 202 },
  MessagingV2ChannelsSender: { create: 202, update: 202 },
  NumbersV1BulkEligibility: { create: 202 },
  NumbersV1PortingPortIn: { create: 202 },
  NumbersV2BulkHostedNumberOrder: { create: 202 },
  ProxyV1MessageInteraction: { create: 200 },
  StudioV1Engagement: { create: 200 },
  StudioV1Execution: { create: 200 },
  VideoV1Room: { update: 202 },
  VideoV1Participant: { update: 202 },
  VideoV1Transcriptions: { create: 202, update: 202 },
};

/**
 * What a delete sent as POST <instance>/<Verb> does instead of removing the record
 * (Flex plugins and configurations are archived, not deleted): fields set, by verb.
 * The answer is 200 with the record.
 */
export const SOFT_DELETES: Record<string, Record<string, unknown>> = {
  Archive: { archived: true },
};

/**
 * What a verb posted to a record does (POST …/Verifications/{id}/Approve, catalogued as
 * its own create- or update-only type): fields set on the record it acts on, where the
 * record has them; a dotted key reaches into a nested object (an operation's deliveries
 * still queued are dropped by a cancel). The answer is 200 with the record.
 */
export const VERB_EFFECTS: Record<string, Record<string, unknown>> = {
  ...SOFT_DELETES,
  Approve: { status: 'approved' },
  Cancel: { status: 'canceled', 'delivery.queued.count': 0 },
  Check: { status: 'approved' },
};

/** Creation and last-update timestamp keys: the classic and newer APIs', then the Communications API's. */
export const TIMESTAMP_KEYS: Array<{ created: string; updated: string }> = [
  { created: 'date_created', updated: 'date_updated' },
  { created: 'created_at', updated: 'updated_at' },
];

/**
 * Fields Twilio counts from other records, as served: how many records of the child type
 * sit under this one (the contacts added to an audience).
 */
export const COUNTED: Record<string, Record<string, string>> = {
  CommsAudience: { contact_count: 'CommsAudienceContacts' },
  CommsAgentPool: { agent_count: 'CommsAgentPoolAgents' },
};

/**
 * Records that Twilio derives from other records rather than stores: a `collect` view
 * gathers one field of the source type's records under the view's path parameters
 * (GET /v2/Services/{ServiceSid}/Operators lists the operators attached to a service).
 */
export interface ViewDef {
  of: string;
  /** View field ← source field, gathered into an array. */
  collect: Record<string, string>;
}

/**
 * Types whose records are other types' records, served together under their own path:
 * GET /v2/Operators lists an account's custom and pre-built operators (newest first, one
 * paging over both), GET /v2/Operators/{Sid} fetches either; each rendered as the union
 * type (its url is /v2/Operators/{Sid}).
 */
export const UNIONS: Record<string, string[]> = {
  IntelligenceV2Operator: ['IntelligenceV2CustomOperator', 'IntelligenceV2PrebuiltOperator'],
};

export const VIEWS: Record<string, ViewDef> = {
  IntelligenceV2OperatorAttachments: { of: 'IntelligenceV2OperatorAttachment', collect: { operator_sids: 'operator_sid' } },
};

/**
 * Where a path names a record by something other than its SID (the catalog's `orName`
 * segments, which Twilio's definition gives no pattern: a conversation's or Sync
 * document's unique name, a chat user's identity, a stream's name), the record field
 * that name is looked up in: the first of these the type's records have.
 */
export const NAME_KEYS: string[] = ['unique_name', 'identity', 'name', 'address', 'label'];
