// The CLI's own failures, in the connector's error hierarchy so every caller can key
// on the type: what the user typed (exit 2), another run holding a lock, stdout closed.
import { ConnectorError } from '../connector/errors';

/** A usage problem found after argument parsing: an unknown object type, a missing id. */
export class UsageError extends ConnectorError {
  override name = 'UsageError';
  readonly code = 'E_USAGE';
}

/** Another run holds the state file or the output folder. */
export class LockedError extends ConnectorError {
  override name = 'LockedError';
  readonly code = 'E_LOCKED';
}

/** The reader of stdout went away (`| head -1`): the command ends quietly. */
export class StdoutClosedError extends ConnectorError {
  override name = 'StdoutClosedError';
  readonly code = 'E_STDOUT_CLOSED';
  constructor() {
    super('stdout closed');
  }
}

/** A file or folder the command was given cannot be used: missing, a directory where a file is meant, no permission. */
export class FileAccessError extends ConnectorError {
  override name = 'FileAccessError';
  readonly code = 'E_FILE_ACCESS';
  /** `what` names the option or role (--input in.xml, output folder out/), `err` is Node's. */
  constructor(what: string, err: unknown) {
    // Node's words for the failed call ("EISDIR: illegal operation on a directory, read"), no stack.
    super(`${what}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Whether an error is a failed system call (fs, net) rather than a bug. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  // Not instanceof Error: Node's own errors may come from another realm (vm, jest).
  const e = err as NodeJS.ErrnoException | null;
  return typeof e === 'object' && e !== null && typeof e.syscall === 'string' && typeof e.code === 'string' && typeof e.message === 'string';
}

/** An output file could not be written (no space, no permission): the run stops, what it reported stands. */
export class OutputWriteError extends ConnectorError {
  override name = 'OutputWriteError';
  readonly code = 'E_OUTPUT_WRITE';
}
