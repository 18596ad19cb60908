// Checks a create/update body the way Twilio does before touching state: required
// parameters, one-of groups, enums (nested ones of JSON bodies too), and the 'To'
// address of messages and calls.
import type { BodyDef, ParamDef } from '../connector/catalog/types';
import { MISSING_GROUP_CODES, MISSING_PARAM_CODES, TwilioError } from './errors';
import type { FormParams, JsonBody } from './records';

/** Parameters holding a destination address that must be E.164, a channel address or a short code. */
const ADDRESS_PARAMS: Record<string, string[]> = {
  Message: ['To'],
  Call: ['To'],
};

const E164 = /^\+[1-9]\d{1,14}$/;
const CHANNEL = /^(whatsapp|client|sip|messenger):\S+$/;
const SHORT_CODE = /^\d{3,8}$/;

export function isAddress(value: string): boolean {
  return E164.test(value) || CHANNEL.test(value) || SHORT_CODE.test(value);
}

function present(params: FormParams, name: string): boolean {
  return (params.get(name) ?? []).some((v) => v !== '');
}

export function validateBody(typeName: string, body: BodyDef | undefined, params: FormParams): void {
  if (!body) return;
  for (const p of body.params) {
    // Header parameters (If-Match) are optional in Twilio's definitions, whatever a catalog asks of its own requests.
    if (!p.required || p.header || present(params, p.name)) continue;
    const code = MISSING_PARAM_CODES[`${typeName}.${p.name}`];
    throw code ? TwilioError.of(code) : TwilioError.missing(p.name);
  }
  for (const group of body.oneOf ?? []) {
    if (group.some((name) => present(params, name))) continue;
    const code = MISSING_GROUP_CODES[`${typeName}.${group[0]}`];
    throw code ? TwilioError.of(code) : TwilioError.missing(group.join(' or '));
  }
  for (const p of body.params) {
    if (!p.enum) continue;
    // Case-insensitive, and repeated values may arrive space-separated ('initiated ringing').
    const allowed = new Set(p.enum.map((v) => v.toLowerCase()));
    const values = (params.get(p.name) ?? []).flatMap((v) => (p.repeated ? v.split(/\s+/) : [v])).filter((v) => v !== '');
    const bad = values.find((v) => !allowed.has(v.toLowerCase()));
    if (bad !== undefined) throw TwilioError.of(20001, `Invalid value ${bad} for parameter ${p.name}`);
  }
}

export function validateAddresses(typeName: string, params: FormParams): void {
  for (const name of ADDRESS_PARAMS[typeName] ?? []) {
    const value = params.get(name)?.[0];
    if (value !== undefined && value !== '' && !isAddress(value)) {
      throw TwilioError.of(21211, `The '${name}' number ${value} is not a valid phone number.`);
    }
  }
}

/** Enumerations inside a JSON body's objects (a contact's addresses[].channel), named by their path. */
export function validateNested(body: BodyDef | undefined, json: JsonBody): void {
  for (const p of body?.params ?? []) if (p.params && json[p.name] !== undefined) checkObjects(p, json[p.name], p.name);
}

function checkObjects(param: ParamDef, value: unknown, path: string): void {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    for (const child of param.params ?? []) {
      const v = (item as JsonBody)[child.name];
      if (v === undefined || v === null) continue;
      const at = `${path}.${child.name}`;
      if (child.enum && !child.enum.some((allowed) => allowed.toLowerCase() === String(v).toLowerCase())) {
        throw TwilioError.of(20001, `Invalid value ${String(v)} for parameter ${at}`);
      }
      if (child.params) checkObjects(child, v, at);
    }
  }
}
