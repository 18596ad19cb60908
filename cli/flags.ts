// The CLI's words for the library's operation options: an option the manifest refuses is
// reported by the flag that set it, not by its manifest name.
import { where, type OptionError } from '../connector/errors';

/** Manifest option → the flag of `run` / `sync` that sets it. */
const FLAG_OF: Readonly<Record<string, string>> = {
  returnApplicationErrors: '--return-application-errors',
  trackingDirection: '--tracking',
  documents: '--format',
  fields: '--fields',
  filters: '--filter',
  limit: '--limit',
  pageSize: '--page-size',
  timestamps: '--timestamps',
  concurrency: '--concurrency',
  headers: '--header',
  incremental: '--state',
};

/** "query Message: --page-size must be at most 1000"; the library's own words for an option with no flag. */
export function optionMessage(err: OptionError): string {
  const flag = FLAG_OF[err.option];
  if (!flag) return err.message;
  const about = where(err.context);
  const rule = err.conflictsWith ? `cannot be combined with ${FLAG_OF[err.conflictsWith] ?? err.conflictsWith}` : err.rule;
  return `${about ? `${about}: ` : ''}${flag} ${rule}`;
}
