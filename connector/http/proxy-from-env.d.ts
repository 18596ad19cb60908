// proxy-from-env ships no types; the one function the connector calls.
declare module 'proxy-from-env' {
  /** The proxy URL the environment names for `url` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), or '' for none. */
  export function getProxyForUrl(url: string | URL): string;
}
