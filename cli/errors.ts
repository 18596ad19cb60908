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

/** An output file could not be written (no space, no permission): the run stops, what it reported stands. */
export class OutputWriteError extends ConnectorError {
  override name = 'OutputWriteError';
  readonly code = 'E_OUTPUT_WRITE';
}
