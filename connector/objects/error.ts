// The error document (Return Application Error Responses) in object form, the same
// elements as profiles/TwilioError.xsd and xml/error.ts.
import type { ErrorContext, TwilioApiError } from '../errors';
import type { DocumentObject } from './values';

export function errorObject(err: TwilioApiError, ctx: ErrorContext): DocumentObject {
  return {
    Status: err.status,
    Code: err.twilioCode ?? null,
    Message: err.twilioMessage,
    MoreInfo: err.moreInfo || null,
    ObjectType: ctx.objectType ?? null,
    Action: ctx.action ?? null,
    Id: ctx.id ?? null,
  };
}
