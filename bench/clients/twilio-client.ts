// The official `twilio` Node client pointed at the benchmark server with its default
// options (keep-alive included). Its own agent is an https.Agent, so for the loopback
// http:// origin axios uses Node's global http agent, which is keep-alive since Node 19;
// the `sockets` count in the results shows the connections actually opened.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type { ClientConfig } from './common';

/** Sends every https://*.twilio.com request to the benchmark server instead. */
class RedirectingRequestClient extends RequestClient {
  constructor(private readonly target: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, this.target) });
  }
}

export function officialClient(cfg: ClientConfig): twilio.Twilio {
  return twilio(cfg.accountSid, cfg.authToken, { httpClient: new RedirectingRequestClient(cfg.url) });
}
