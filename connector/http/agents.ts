// Which agent a request goes through: keep-alive pools sized to the concurrency, direct,
// or through the proxy the environment names: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and
// NO_PROXY (lower case too), read as curl reads them (proxy-from-env). Proxied requests
// are tunnelled with CONNECT (https-proxy-agent): the proxy sees the host and port, never
// the request, its credentials or its answer. Loopback is no exception of its own: a
// sandbox on 127.0.0.1 behind a proxy setting needs NO_PROXY=127.0.0.1,localhost.
import http from 'node:http';
import https from 'node:https';
import type { HttpsProxyAgent as ProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** https-proxy-agent (with agent-base and debug, ~10 ms) is loaded when a proxy is set, not at every start. */
function proxyAgent(proxy: string, options: http.AgentOptions): ProxyAgent<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; agentFor is synchronous
  const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
  return new HttpsProxyAgent(proxy, options);
}

const ORIGIN = /^https?:\/\/[^/?#]+/i;

export class Agents {
  private readonly direct: { http: http.Agent; https: https.Agent };
  /** The agent by origin (the environment is read once per origin). */
  private readonly byOrigin = new Map<string, http.Agent>();
  /** One tunnelling agent per proxy, shared by the origins behind it. */
  private readonly byProxy = new Map<string, http.Agent>();
  private readonly proxyByOrigin = new Map<string, string>();

  constructor(private readonly options: http.AgentOptions) {
    this.direct = { http: new http.Agent(options), https: new https.Agent(options) };
  }

  agentFor(url: string): http.Agent {
    const origin = ORIGIN.exec(url)?.[0] ?? url;
    let agent = this.byOrigin.get(origin);
    if (agent) return agent;
    const proxy = getProxyForUrl(origin + '/');
    if (!proxy) agent = origin.startsWith('https:') ? this.direct.https : this.direct.http;
    else {
      this.proxyByOrigin.set(origin, proxy);
      agent = this.byProxy.get(proxy);
      if (!agent) this.byProxy.set(proxy, (agent = proxyAgent(proxy, this.options)));
    }
    this.byOrigin.set(origin, agent);
    return agent;
  }

  /** The proxy a request to this URL went through, without its credentials: for a failure to name it. */
  proxyOf(url: string): string | undefined {
    const proxy = this.proxyByOrigin.get(ORIGIN.exec(url)?.[0] ?? url);
    if (!proxy) return undefined;
    try {
      return new URL(proxy).origin;
    } catch {
      return 'the proxy the environment names';
    }
  }

  destroy(): void {
    this.direct.http.destroy();
    this.direct.https.destroy();
    for (const agent of this.byProxy.values()) agent.destroy();
  }
}
