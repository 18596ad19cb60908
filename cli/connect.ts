// Connection for CLI commands: flags over a connection file over the environment.
// The embedded sandbox serves a run when asked (--sandbox), or when no credentials are
// set and a person is watching (stderr is a terminal) or the caller opted in
// (--sandbox auto, which `npm run sync` passes). An unattended run with no
// credentials is refused, so a scheduler never succeeds on sandbox data by accident.
import { ConfigurationError } from '../connector/errors';
import {
  hasCredentials,
  mergeSettings,
  resolveConnection,
  settingsFromEnv,
  settingsFromFile,
  type Connection,
  type ConnectionSettings,
} from '../connector/connection';
import type { Logger } from './log';

/** always: use the sandbox whatever is set; auto: when no credentials are set. */
export type SandboxWhen = 'always' | 'auto';

export interface ConnectFlags {
  connection?: string;
  baseUrl?: string;
  defaultCountry?: string;
  sandbox?: SandboxWhen;
}

export interface Connected {
  connection: Connection;
  /** Set when the embedded sandbox serves this run. */
  sandbox?: { url: string; close(): Promise<void> };
}

export async function connect(flags: ConnectFlags, log: Logger, onTerminal = Boolean(process.stderr.isTTY)): Promise<Connected> {
  const settings: ConnectionSettings = mergeSettings(settingsFromEnv(), flags.connection ? settingsFromFile(flags.connection) : {}, {
    baseUrl: flags.baseUrl,
    defaultCountry: flags.defaultCountry,
  });
  const credentials = hasCredentials(settings);
  if (credentials && flags.sandbox !== 'always') return { connection: resolveConnection(settings) };
  if (!credentials && !flags.sandbox && !onTerminal) {
    throw new ConfigurationError(
      'no Twilio credentials set (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or --connection) and not on a terminal: ' +
        'an unattended run does not fall back to the embedded sandbox; set credentials, or pass --sandbox to use it',
    );
  }
  // Loaded lazily: a run against Twilio never pays for the sandbox.
  const { startSandbox, SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } = await import('../sandbox');
  const sandbox = await startSandbox({ seed: true });
  const why = credentials ? '--sandbox: Twilio credentials ignored' : 'no Twilio credentials set (TWILIO_ACCOUNT_SID…)';
  log.warn(`${why}: using the embedded sandbox at ${sandbox.url}; documents come from it, not from Twilio`, { event: 'sandbox', url: sandbox.url });
  const connection = resolveConnection({
    ...settings,
    accountSid: SANDBOX_ACCOUNT_SID,
    authToken: SANDBOX_AUTH_TOKEN,
    apiKey: undefined,
    apiSecret: undefined,
    baseUrl: sandbox.url,
  });
  return { connection, sandbox };
}

export async function withConnection<T>(flags: ConnectFlags, log: Logger, fn: (c: Connected) => Promise<T>): Promise<T> {
  const connected = await connect(flags, log);
  try {
    return await fn(connected);
  } finally {
    await connected.sandbox?.close();
  }
}
