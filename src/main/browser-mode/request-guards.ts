import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// Browser mode serves a local app on loopback. Anything on the machine, and any web page the
// person visits, can reach 127.0.0.1, so every request has to prove three things: it was sent to
// us by name (DNS rebinding), it did not come from another site (CSRF), and it carries this run's
// token (other local users and processes).

/** The cookie name carries the port: cookies ignore ports, and two runs must not clobber each other. */
export function tokenCookieName(port: number): string {
  return `wan_studio_token_${port}`;
}

/** Host headers a browser sends when it loaded the app from the printed URL. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * A request's Origin, when present, must be this server: browsers add it to every POST and to
 * cross-origin GETs, so a foreign page is refused even before the token is checked. Clients that
 * send none (curl, tests) still need the token.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Fetch metadata, where the browser sends it: only same-origin requests and direct navigation. */
export function isAllowedFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function isSameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token from the `x-wan-token` header or this run's cookie. */
export function hasValidToken(headers: IncomingHttpHeaders, token: string, port: number): boolean {
  const header = headers['x-wan-token'];
  if (typeof header === 'string') return isSameToken(header, token);
  return isSameToken(readCookie(headers.cookie, tokenCookieName(port)), token);
}

export function sessionCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
