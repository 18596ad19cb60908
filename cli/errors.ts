// The CLI's own failures, in the connector's error hierarchy so every caller can key
// on the type: what the user typed (exit 2), another run holding a lock, stdout closed.
import { ConnectorError } from '../connector/errors';

/** A usage problem found after argument parsing: an unknown object type, a missing id. */
export class UsageError extends ConnectorError {
  override name = 'UsageError';
}

/** Another run holds the state file or the output folder. */
export class LockedError extends ConnectorError {
  override name = 'LockedError';
}

/** The reader of stdout went away (`| head -1`): the command ends quietly. */
export class StdoutClosedError extends ConnectorError {
  override name = 'StdoutClosedError';
  constructor() {
    super('stdout closed');
  }
}
