// Embedded Twilio-compatible sandbox: a stateful HTTP server driven by the catalog, so
// every object type the catalog gains is served without sandbox code.
//   server.ts   node:http plumbing, control endpoints (/__sandbox/*), request log
//   handlers.ts get/query/create/update/delete against the store
//   routes.ts   (method, path template) per action → matches, overrides included
//   model.ts    which types are served; per-type keys, uri/url, subresources/links, references
//   records.ts  building/rendering records; defaults.ts per-type defaults (data)
//   validate.ts create/update checks; errors.ts Twilio error codes (data)
//   filters.ts, paging.ts  list queries (classic, meta or pagination-token envelope);  store.ts  ordered in-memory collections
// Newer APIs share paths (/v1/Services/{Sid}: Chat, Sync, Conversations…): a request's
// X-Twilio-Host header, else a *.twilio.com Host, names the API; without one,
// handlers.ts `choose` decides (specificity, SID patterns, parents, body, records, catalog order).
// The Communications API (comms.twilio.com/preview, the APIs that page by token) is the
// same machinery with what its definition says: JSON bodies kept as parsed, batch creates
// (create.wrap), typed ids (comms_contact_01h…) keyed by the bare identifier paths take,
// created_at/updated_at, start_date/end_date bounds, verbs such as …/Approve posted to
// another type's record (defaults.ts VERB_EFFECTS) and its own error layout.
//   seed.ts     the generic seeder: records from seeds/*.json (one file per object family,
//               read and checked by seed-files.ts; expressions in seed-expr.ts), counts as options
//   auth.ts, faults.ts, sids.ts, prng.ts, dates.ts
// From the connector it reads only the catalog (connector/catalog/load and /types):
// methods, paths, typed ids and timestamps are read here on their own (test/sandbox-layout.test.ts).
export { sandboxSettings, type SandboxSettings } from './settings';
export { startSandbox, MAX_RECORDED, type Sandbox, type SandboxOptions, type RecordedRequest } from './server';
export { Store, Collection, type TwilioRecord } from './store';
export { Faults, type FaultRule, type FaultController } from './faults';
export { DEFAULT_SEED, type SeedOptions } from './seed';
export { banner, parseArgs, seedCountsUsage, usage, type MainArgs } from './arguments';
export { loadSeedFiles, SeedFileError, SEEDS_DIR, type SeedFiles } from './seed-files';
export { TwilioError, ERRORS } from './errors';
export { render } from './records';
export { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_API_KEY, SANDBOX_API_SECRET, SANDBOX_SUBACCOUNT_SID, SANDBOX_SUBACCOUNT_AUTH_TOKEN } from './sids';
