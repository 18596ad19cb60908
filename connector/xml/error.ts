// The document an application error becomes when Return Application Error Responses
// is on (profile: profiles/TwilioError.xsd), and the properties that travel with it.
import type { ErrorContext, TwilioApiError } from '../errors';
import { escapeXml } from './record';

export function errorProperties(err: TwilioApiError): Record<string, string> {
  const p: Record<string, string> = { 'twilio.status': String(err.status), 'twilio.message': err.twilioMessage };
  if (err.twilioCode !== undefined) p['twilio.code'] = String(err.twilioCode);
  if (err.moreInfo) p['twilio.moreInfo'] = err.moreInfo;
  return p;
}

export function errorXml(err: TwilioApiError, ctx: ErrorContext): string {
  const el = (name: string, v: string | number | undefined) => (v === undefined || v === '' ? '' : `<${name}>${escapeXml(String(v))}</${name}>`);
  return (
    '<TwilioError>' +
    el('Status', err.status) +
    el('Code', err.twilioCode) +
    el('Message', err.twilioMessage) +
    el('MoreInfo', err.moreInfo) +
    el('ObjectType', ctx.objectType) +
    el('Action', ctx.action) +
    el('Id', ctx.id) +
    '</TwilioError>'
  );
}
