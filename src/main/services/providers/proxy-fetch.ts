import { EnvHttpProxyAgent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

// Node's fetch ignores HTTPS_PROXY and friends, so the CLI and browser mode could not reach a
// gateway from behind a proxy. This fetch honours them the way curl does (lowercase wins), through
// undici's EnvHttpProxyAgent, with undici's own fetch: the npm undici's dispatchers do not reliably
// work with the older undici bundled inside Node 20's global fetch. With no proxy set it is plain
// global fetch. The desktop app uses Electron's net.fetch instead (system settings and PAC).

/** Which proxy each scheme uses, and where none is used; read from the environment. */
export type ProxySettings = {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string;
  /** The variable each proxy came from, for messages. */
  sources: { http?: string; https?: string };
};

/** A connection error code that means the request never left: the proxy was unreachable. */
export const PROXY_REFUSED_CODE = 'WAN_PROXY_REFUSED';

function pick(env: NodeJS.ProcessEnv, name: string): { value: string; from: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { value, from: key };
  }
  return undefined;
}

/** The proxy variables, lowercase first as curl and undici read them; undefined when none is set. */
export function proxySettingsFrom(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const http = pick(env, 'http_proxy');
  // As undici does: an https URL falls back to HTTP_PROXY when HTTPS_PROXY is not set.
  const https = pick(env, 'https_proxy') ?? http;
  if (!http && !https) return undefined;
  return {
    httpProxy: http?.value,
    httpsProxy: https?.value,
    noProxy: pick(env, 'no_proxy')?.value ?? '',
    sources: { http: http?.from, https: https?.from },
  };
}

/**
 * Whether a request to `url` goes through the proxy. The same rules as EnvHttpProxyAgent applies
 * (`*`, host or domain suffix, optional `:port`), used to word errors: when a request was proxied,
 * a refused or unresolvable connection is the proxy's, not the gateway's.
 */
export function isProxied(url: URL, settings: ProxySettings): boolean {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return false;
  const noProxy = settings.noProxy.trim();
  if (noProxy === '*') return false;
  const host = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const withPort = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (withPort ? withPort[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    if (withPort && Number(withPort[2]) !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return false;
  }
  return true;
}

/** A proxy URL fit for a message: user name and password removed. */
export function describeProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return '(an unreadable proxy URL)';
  }
}

type ErrorLike = { name?: string; code?: unknown; message?: string; cause?: unknown };

function causes(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let e = err as ErrorLike | undefined; e && typeof e === 'object' && chain.length < 6; e = e.cause as ErrorLike)
    chain.push(e);
  return chain;
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

/**
 * What the proxy did, as a fetch-style error (`TypeError` whose `cause.code` gateway-errors reads),
 * or undefined when the failure was not the proxy's. A refused tunnel or proxy login gets
 * PROXY_REFUSED_CODE: the request never reached the gateway, so a create may be sent again.
 */
export function explainProxyFailure(err: unknown, url: URL, settings: ProxySettings): Error | undefined {
  if (!isProxied(url, settings)) return undefined;
  const isHttps = url.protocol === 'https:';
  const proxy = describeProxy((isHttps ? settings.httpsProxy : settings.httpProxy) ?? '');
  const from = (isHttps ? settings.sources.https : settings.sources.http) ?? 'the environment';
  const chain = causes(err);
  const tunnel = chain.find((e) => /Proxy response \((\d+)\) !== 200/.test(e.message ?? ''));
  if (tunnel) {
    const status = /\((\d+)\)/.exec(tunnel.message ?? '')?.[1];
    return fetchFailure(
      `The proxy ${proxy} set in ${from} refused to connect to ${url.host} (HTTP ${status})`,
      PROXY_REFUSED_CODE,
      tunnel,
    );
  }
  if (chain.some((e) => /Proxy Authentication Required/i.test(e.message ?? '')))
    return fetchFailure(
      `The proxy ${proxy} set in ${from} wants a user name and password (HTTP 407; give them as http://user:password@host:port)`,
      PROXY_REFUSED_CODE,
      chain[chain.length - 1]!,
    );
  const socket = chain.find((e) => typeof e.code === 'string' && CONNECT_FAILURES.has(e.code));
  if (socket) return fetchFailure(`Could not reach the proxy ${proxy} set in ${from}`, socket.code as string, socket);
  return undefined;
}

/** Shaped like undici's own failures: the sentence on top, the low-level error with its code below. */
function fetchFailure(sentence: string, code: string, original: ErrorLike): Error {
  const cause = Object.assign(new Error(original.message ?? code, { cause: original }), { code });
  return new TypeError(sentence, { cause });
}

/** fetch for the CLI and browser mode: through the environment's proxy when one is set. */
export function envProxyFetch(env: NodeJS.ProcessEnv = process.env): typeof fetch {
  const settings = proxySettingsFrom(env);
  if (!settings) return globalThis.fetch.bind(globalThis);
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: settings.httpProxy,
    httpsProxy: settings.httpsProxy,
    noProxy: settings.noProxy,
    // Plain-http URLs go to the proxy as absolute-form requests, as curl sends them; https is tunnelled.
    proxyTunnel: false,
  });
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    try {
      const response = await undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher });
      return response as unknown as Response;
    } catch (err) {
      throw explainProxyFailure(err, url, settings) ?? err;
    }
  };
}
