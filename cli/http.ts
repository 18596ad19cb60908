// The HTTP client the CLI hands to an Operation: the library's, counting answers for
// the progress line (a Query's pages, the other actions' requests).
import type { Connection } from '../connector/connection';
import { TwilioHttpClient, type TwilioRequest, type TwilioResponse } from '../connector/http/client';
import type { OperationOptions } from '../connector/operation';
import type { Logger } from './log';

export class CountingHttpClient extends TwilioHttpClient {
  onAnswer?: () => void;

  override async request<T = unknown>(req: TwilioRequest): Promise<TwilioResponse<T>> {
    try {
      return await super.request<T>(req);
    } finally {
      this.onAnswer?.();
    }
  }
}

/** The run's client: sized and bounded as the operation asks, saying what Twilio asked for in the run's log (not as a Node warning). */
export function runClient(connection: Connection, options: OperationOptions, log: Logger): CountingHttpClient {
  return new CountingHttpClient(connection, {
    concurrency: options.concurrency,
    maxRetryWaitMs: options.maxRetryWaitMs,
    onWarning: (message) => log.warn(message, { event: 'retry-after' }),
  });
}
