// Connection for CLI commands: flags over a connection file over the environment;
// with no credentials anywhere, the embedded sandbox is started and used.
import { hasCredentials, mergeSettings, resolveConnection, settingsFromEnv, settingsFromFile, type Connection, type ConnectionSettings } from '../connector/connection';

export interface ConnectFlags {
  connection?: string;
  baseUrl?: string;
  defaultCountry?: string;
}

export interface Connected {
  connection: Connection;
  /** Set when the embedded sandbox serves this run. */
  sandbox?: { url: string; close(): Promise<void> };
}

export async function connect(flags: ConnectFlags, log: (line: string) => void): Promise<Connected> {
  const settings: ConnectionSettings = mergeSettings(
    settingsFromEnv(),
    flags.connection ? settingsFromFile(flags.connection) : {},
    { baseUrl: flags.baseUrl, defaultCountry: flags.defaultCountry },
  );
  if (hasCredentials(settings)) return { connection: resolveConnection(settings) };
  // Loaded lazily: a run against Twilio never pays for the sandbox.
  const { startSandbox, SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } = await import('../sandbox');
  const sandbox = await startSandbox({ seed: true });
  log(`no Twilio credentials set (TWILIO_ACCOUNT_SID…): using the embedded sandbox at ${sandbox.url}`);
  const connection = resolveConnection({ ...settings, accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN, baseUrl: sandbox.url });
  return { connection, sandbox };
}
