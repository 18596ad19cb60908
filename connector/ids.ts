// Compound record ids: `Sid`, `ParentSid:Sid`, optionally led by `AccountSid:` on
// account-scoped routes. The id picks the route (e.g. a call-level recording) and
// every segment is checked against its SID pattern before any request is made; a
// segment Twilio's definition gives no pattern (`orName`: a conversation, a Sync
// document) also takes a name, once no route takes the id in its SID form.
// Typed ids (comms_contact_01h…) are the catalog's `typedPrefix` of a segment.
import { actionRequest } from './catalog/routes';
import type { Action, IdSegment, ObjectTypeDef, RouteDef } from './catalog/types';
import { InvalidInputError, UnsupportedActionError, type ErrorContext } from './errors';
import { ACCOUNT_SID, ACCOUNT_SID_PATTERN } from './values/sids';

/** What an `orName` segment takes besides its pattern: one path segment (no '/', not . or ..), percent-encoded into the path. */
const NAME_SEGMENT = /^(?!\.\.?$)[^/]+$/;

export interface ResolvedId {
  route: RouteDef;
  /** Path parameter values, the account one included where the route has it. */
  pathValues: Record<string, string>;
}

/** Display name of a segment: the record's own `Sid` reads as e.g. RecordingSid. */
export function segmentLabel(def: ObjectTypeDef, name: string): string {
  return name === 'Sid' ? `${def.name}Sid` : name;
}

export function routesFor(def: ObjectTypeDef, action: Action): RouteDef[] {
  const routes = def.routes.filter((r) => r.actions.includes(action));
  if (!routes.length) {
    const offered = [...new Set(def.routes.flatMap((r) => r.actions))];
    throw new UnsupportedActionError(`Twilio does not offer ${action} on ${def.name}; it offers ${offered.join(', ')}`, {
      action,
      objectType: def.name,
    });
  }
  return routes;
}

function accepted(def: ObjectTypeDef, routes: RouteDef[]): string {
  // A singleton's route takes no id at all.
  const forms = routes.map((r) => (r.id.length ? r.id.map((s) => segmentLabel(def, s.name)).join(':') : 'no id'));
  const scoped = routes.some((r) => r.accountParam);
  return `${forms.join(' or ')}${scoped ? ', optionally prefixed by AccountSid:' : ''}`;
}

export function resolveId(def: ObjectTypeDef, action: Action, text: string, accountSid: string): ResolvedId {
  const ctx: ErrorContext = { action, objectType: def.name, id: text };
  const routes = routesFor(def, action).filter((r) => actionRequest(r, action));
  const id = text.trim();
  if (!id) {
    // A singleton (e.g. /v1/Configuration) has no id at all.
    const singleton = routes.find((r) => r.id.length === 0);
    if (singleton) return { route: singleton, pathValues: singleton.accountParam ? { [singleton.accountParam]: accountSid } : {} };
    throw new InvalidInputError('Sid', `is required (${accepted(def, routes)})`, { action, objectType: def.name });
  }
  const segments = id.split(':');
  if (segments.some((s) => s === '')) throw new InvalidInputError('Sid', `has an empty segment; expected ${accepted(def, routes)}`, ctx);

  // SID forms first, over every route, so a name never takes a route from an id that fits another's SID patterns.
  // The mismatch told is the one of the route the id fits furthest into (CF…:CA… on Recording: the
  // conference form, whose recording segment is wrong), and a first segment that is no AccountSid
  // only where no route's own segments say more (CA…:RExyz: the recording id is wrong, not the account).
  let mismatch: { at: number; text: string } | undefined;
  let notAnAccount: string | undefined;
  for (const loose of [false, true]) {
    for (const route of routes) {
      if (loose && !route.id.some((s) => s.orName)) continue;
      const n = route.id.length;
      let values: Record<string, string>;
      let own: string[];
      if (segments.length === n) {
        values = route.accountParam ? { [route.accountParam]: accountSid } : {};
        own = segments;
      } else if (route.accountParam && segments.length === n + 1) {
        if (!ACCOUNT_SID.test(segments[0])) {
          notAnAccount ??= `segment 1 '${segments[0]}' is not an AccountSid (${ACCOUNT_SID_PATTERN})`;
          continue;
        }
        values = { [route.accountParam]: segments[0] };
        own = segments.slice(1);
      } else {
        continue;
      }
      const offset = segments.length - own.length;
      own = own.map((v, i) => bareId(route.id[i], v));
      const bad = route.id.findIndex((seg, i) => !fits(seg, own[i], loose));
      if (bad >= 0) {
        const seg = route.id[bad];
        const at = bad + offset + 1;
        if ((loose || !seg.orName) && at > (mismatch?.at ?? 0)) {
          mismatch = { at, text: `segment ${at} '${own[bad]}' is not a ${segmentLabel(def, seg.name)} (${segmentRule(seg)})` };
        }
        continue;
      }
      route.id.forEach((seg, i) => (values[seg.name] = own[i]));
      return { route, pathValues: values };
    }
  }
  const told = mismatch?.text ?? notAnAccount;
  const rule = told ? `${told}; expected ${accepted(def, routes)}` : `has ${segments.length} segment(s); expected ${accepted(def, routes)}`;
  throw new InvalidInputError('Sid', rule, ctx);
}

/** Whether a segment takes a value: its pattern, or (`loose`) any name where the segment takes one. */
function fits(seg: IdSegment, value: string, loose: boolean): boolean {
  return new RegExp(seg.pattern).test(value) || (loose && seg.orName === true && NAME_SEGMENT.test(value));
}

/** The value a path takes for a segment: a typed id (comms_contact_01h…) loses its prefix. */
export function bareId(seg: IdSegment, value: string): string {
  return seg.typedPrefix && value.startsWith(seg.typedPrefix) ? value.slice(seg.typedPrefix.length) : value;
}

/** What a segment accepts, for messages: its pattern, and the typed form where it has one. */
export function segmentRule(seg: IdSegment): string {
  if (seg.orName) return `${seg.pattern}, or a name without '/'`;
  return seg.typedPrefix ? `${seg.pattern}, or typed ${seg.typedPrefix}…` : seg.pattern;
}

/**
 * Path value of a parent segment given as a filter or a document element, checked
 * against its pattern; throws naming the segment and the rule.
 */
/**
 * A parent's id as its record carries it: a subaccount's is led by its AccountSid
 * (AC…:CF…, the form Get takes back), which names the account of the path too.
 */
export function accountOf(given: string): { account?: string; value: string } {
  const i = given.indexOf(':');
  const account = i < 0 ? '' : given.slice(0, i).trim();
  return ACCOUNT_SID.test(account) ? { account, value: given.slice(i + 1) } : { value: given };
}

/**
 * The account a parent's AccountSid: prefix names, unless an AccountSid given before it
 * (a filter, a document element, another parent's prefix) names another: the connection's
 * own account given as AccountSid counts too, so it is never silently replaced.
 */
export function sameAccount(name: string, given: string, account: string, named: string | undefined, ctx: ErrorContext): string {
  if (named !== undefined && named !== account) {
    throw new InvalidInputError(name, `'${given}' is a record of account ${account}, not of AccountSid ${named}`, ctx);
  }
  return account;
}

export function parentValue(seg: IdSegment, given: string, ctx: ErrorContext): string {
  const value = bareId(seg, given);
  if (!fits(seg, value, true)) throw new InvalidInputError(seg.name, `'${given}' does not match ${segmentRule(seg)}`, ctx);
  return value;
}

/** Fills `{Param}` placeholders, percent-encoding each value as one path segment. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`path ${template}: no value for ${name}`);
    return encodeURIComponent(v);
  });
}
