// Twilio's error body, {"code","message","more_info","status"}, and the codes the
// sandbox answers with, kept as tables: the codes with their messages (as Twilio's error
// documentation names them), and which missing parameter gets which code. The
// Communications API's definition writes its own layout (TwilioError: code, message,
// more_info under /docs/api/errors/).

export interface ErrorSpec {
  status: number;
  message: string;
}

export const ERRORS = {
  20001: { status: 400, message: 'Invalid parameter' },
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20412: { status: 412, message: 'Precondition Failed' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'Internal Server Error' },
  20502: { status: 502, message: 'Bad Gateway' },
  20503: { status: 503, message: 'Service Unavailable' },
  20504: { status: 504, message: 'Gateway Timeout' },
  21201: { status: 400, message: "No 'To' number is specified" },
  21205: { status: 400, message: 'Url parameter is required.' },
  21211: { status: 400, message: "The 'To' number is not a valid phone number." },
  21213: { status: 400, message: "No 'From' number is specified" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message" },
  21604: { status: 400, message: "A 'To' phone number is required." },
} satisfies Record<number, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** Twilio's dedicated codes for some missing required parameters, keyed 'Type.Param'; others get 20001. */
export const MISSING_PARAM_CODES: Record<string, ErrorCode> = {
  'Message.To': 21604,
  'Call.To': 21201,
  'Call.From': 21213,
};

/** Dedicated codes for one-of groups none of whose parameters is given, keyed 'Type.' + the group's first parameter. */
export const MISSING_GROUP_CODES: Record<string, ErrorCode> = {
  'Message.From': 21603, // From or MessagingServiceSid
  'Message.Body': 21602, // Body, MediaUrl or ContentSid
  'Call.Url': 21205, // Url, Twiml or ApplicationSid
};

/** How an API lays out its error body: where more_info links to, and whether the HTTP status is repeated. */
export const ERROR_LAYOUTS = {
  twilio: { moreInfo: 'https://www.twilio.com/docs/errors/', status: true },
  comms: { moreInfo: 'https://www.twilio.com/docs/api/errors/', status: false },
} satisfies Record<string, { moreInfo: string; status: boolean }>;

export type ErrorLayout = keyof typeof ERROR_LAYOUTS;

/** Thrown by handlers; the server turns it into Twilio's error body. */
export class TwilioError extends Error {
  constructor(
    readonly code: number,
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  static of(code: ErrorCode, message?: string, headers?: Record<string, string>): TwilioError {
    const spec: ErrorSpec = ERRORS[code];
    return new TwilioError(code, spec.status, message ?? spec.message, headers);
  }

  static notFound(path: string): TwilioError {
    return TwilioError.of(20404, `The requested resource ${path} was not found`);
  }

  static missing(param: string): TwilioError {
    return TwilioError.of(20001, `Missing required parameter ${param} in the post body`);
  }

  /** An HTTP status without a dedicated entry maps to 20000 + status, as Twilio's 20xxx codes do. */
  static forStatus(status: number, headers?: Record<string, string>): TwilioError {
    const code = 20000 + status;
    const spec = (ERRORS as Record<number, ErrorSpec>)[code];
    return new TwilioError(code, status, spec?.message ?? `HTTP ${status}`, headers);
  }

  body(layout: ErrorLayout = 'twilio'): { code: number; message: string; more_info: string; status?: number } {
    const spec = ERROR_LAYOUTS[layout];
    const body = { code: this.code, message: this.message, more_info: `${spec.moreInfo}${this.code}` };
    return spec.status ? { ...body, status: this.status } : body;
  }
}
