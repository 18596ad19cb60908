// The proxy a request goes through, as the environment says: HTTPS_PROXY / HTTP_PROXY /
// ALL_PROXY and NO_PROXY (lower case too), read as curl reads them (proxy-from-env).
// Requests are tunnelled with CONNECT (https-proxy-agent): the proxy sees the host and
// port, never the request, its credentials or its answer. Loopback is no exception of its
// own: a sandbox on 127.0.0.1 behind a proxy setting needs NO_PROXY=127.0.0.1,localhost.
import type http from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

const ORIGIN = /^https?:\/\/[^/?#]+/i;

export class ProxyAgents {
  /** The agent by origin: undefined where no proxy applies (the environment is read once per origin). */
  private readonly byOrigin = new Map<string, http.Agent | undefined>();
  /** One tunnelling agent per proxy, shared by the origins behind it. */
  private readonly byProxy = new Map<string, http.Agent>();

  constructor(private readonly agentOptions: http.AgentOptions) {}

  /** The proxy's agent for `url`, or undefined to connect directly. */
  agentFor(url: string): http.Agent | undefined {
    const origin = ORIGIN.exec(url)?.[0] ?? url;
    if (this.byOrigin.has(origin)) return this.byOrigin.get(origin);
    const proxy = getProxyForUrl(origin + '/');
    let agent: http.Agent | undefined;
    if (proxy) {
      agent = this.byProxy.get(proxy);
      if (!agent) this.byProxy.set(proxy, (agent = new HttpsProxyAgent(proxy, this.agentOptions)));
    }
    this.byOrigin.set(origin, agent);
    return agent;
  }

  destroy(): void {
    for (const agent of this.byProxy.values()) agent.destroy();
  }
}
