// The HTTP client the CLI hands to an Operation: the library's, counting answers for
// the progress line (a Query's pages, the other actions' requests).
import { TwilioHttpClient, type TwilioRequest, type TwilioResponse } from '../connector/http/client';

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
