// One error type per failure kind. Messages name the operation, object type and id
// where known, so a line in a process log says what failed without a stack trace;
// `code` is stable (E_…) for canvases and logs to key on.

export interface ErrorContext {
  action?: string;
  objectType?: string;
  id?: string;
}

/** "create Message id 'SM…'": what a message is about, its prefix. */
export function where(ctx: ErrorContext): string {
  const parts = [ctx.action && ctx.objectType ? `${ctx.action} ${ctx.objectType}` : (ctx.objectType ?? ctx.action)];
  if (ctx.id) parts.push(`id '${ctx.id}'`);
  return parts.filter(Boolean).join(' ');
}

export abstract class ConnectorError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly context: ErrorContext = {},
  ) {
    const prefix = where(context);
    super(prefix ? `${prefix}: ${message}` : message);
  }
}

/** The connector's configuration (connection, operation options) is unusable. */
export class ConfigurationError extends ConnectorError {
  override name = 'ConfigurationError';
  readonly code: string = 'E_CONFIGURATION';
}

/**
 * An operation option the manifest refuses. `option` is its manifest name and `rule` what it
 * must be, so a host can say it in its own words (the CLI names its flag, a canvas its field).
 */
export class OptionError extends ConfigurationError {
  override name = 'OptionError';
  constructor(
    readonly option: string,
    readonly rule: string,
    message: string,
    context?: ErrorContext,
    /** Where the rule is that two options exclude each other: the other one. */
    readonly conflictsWith?: string,
  ) {
    super(message, context);
  }
}

/** The catalog (manifest, operations/*.json) is missing or does not validate. */
export class CatalogError extends ConnectorError {
  override name = 'CatalogError';
  readonly code: string = 'E_CATALOG';
}

/** No object type of that name; the message offers the closest names. */
export class UnknownObjectTypeError extends ConnectorError {
  override name = 'UnknownObjectTypeError';
  readonly code = 'E_UNKNOWN_OBJECT_TYPE';
  constructor(
    readonly objectType: string,
    readonly suggestions: string[],
  ) {
    super(`unknown object type '${objectType}'${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''} (twilio-connector objects lists them)`);
  }
}

/** The object type does not offer the action in Twilio's API. */
export class UnsupportedActionError extends ConnectorError {
  override name = 'UnsupportedActionError';
  readonly code = 'E_UNSUPPORTED_ACTION';
}

/** One input document (or id, or filter) breaks a rule; names the field and the rule. */
export class InvalidInputError extends ConnectorError {
  override name = 'InvalidInputError';
  readonly code = 'E_INVALID_INPUT';
  constructor(
    readonly field: string,
    readonly rule: string,
    context: ErrorContext = {},
  ) {
    super(`${field}: ${rule}`, context);
  }
}

/** Twilio answered with an error: kept whole so it can become an output document. */
export class TwilioApiError extends ConnectorError {
  override name = 'TwilioApiError';
  readonly code = 'E_TWILIO_API';
  /** Requests made before giving up, retries included. */
  attempts = 1;
  /** Twilio's Retry-After header, on 429. */
  retryAfter?: string;
  constructor(
    readonly status: number,
    /** Twilio's error code (e.g. 21211); `code` is the connector's own (E_TWILIO_API). */
    readonly twilioCode: number | undefined,
    readonly twilioMessage: string,
    readonly moreInfo: string | undefined,
    context: ErrorContext = {},
  ) {
    super(`Twilio answered ${status}${twilioCode ? ` (code ${twilioCode})` : ''}: ${twilioMessage}`, context);
  }
}

/** The request did not get an answer: connection refused or reset, timeout, unreadable body. */
export class TransportError extends ConnectorError {
  override name = 'TransportError';
  readonly code = 'E_TRANSPORT';
  attempts = 1;
  constructor(
    message: string,
    readonly sent: boolean,
    context: ErrorContext = {},
  ) {
    super(message, context);
  }
}

/**
 * Twilio's answer is none the API defines: a redirect (never followed), a body of
 * another shape than the action expects (null, an array, not JSON, no body), or a list
 * whose next-page link repeats a page or leaves Twilio (never followed either).
 */
export class UnexpectedResponseError extends ConnectorError {
  override name = 'UnexpectedResponseError';
  readonly code = 'E_UNEXPECTED_RESPONSE';
  constructor(
    message: string,
    readonly status: number,
    context: ErrorContext = {},
  ) {
    super(message, context);
  }
}

/** An application error stopped the operation (Return Application Error Responses is off). */
export class OperationStoppedError extends ConnectorError {
  override name = 'OperationStoppedError';
  readonly code = 'E_OPERATION_STOPPED';
  constructor(
    readonly error: TwilioApiError,
    /** The input Twilio refused; it has its APPLICATION_ERROR result, as every input already sent has its own. */
    readonly input: number,
  ) {
    super(`${error.message} (operation stopped: Return Application Error Responses is off)`);
  }
}

/** A distributed sync's watermark is not where its run expects it (workers/): nothing is committed. */
export class SyncStateError extends ConnectorError {
  override name = 'SyncStateError';
  readonly code = 'E_SYNC_STATE';
  constructor(
    message: string,
    readonly sync: string,
  ) {
    super(`sync ${sync}: ${message}`);
  }
}
