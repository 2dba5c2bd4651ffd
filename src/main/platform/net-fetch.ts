import type { Session } from 'electron';

// Gateway traffic in the desktop app goes through Chromium's network stack (Electron's
// session.fetch): the system proxy settings and PAC scripts, and the OS certificate store, as the
// person's browser uses them. Only type imports from electron, so this can be tested in plain Node.
//
// Adapted to what GatewayClient expects of fetch: http(s) only (net.fetch also opens file: and
// custom protocols), no cookies or HTTP cache, Chromium's `net::ERR_*` failures mapped onto the
// error codes gateway-errors.ts classifies, and a body that stops when the request's signal aborts.

export type SessionFetch = (url: string, init: RequestInit) => Promise<Response>;

/** The partition gateway requests use: in memory, apart from the window's session and its hooks. */
export const GATEWAY_PARTITION = 'wan-gateway';

/** A proxy that refused the tunnel or a login (gateway-errors.ts treats it as never sent). */
const PROXY_REFUSED = 'WAN_PROXY_REFUSED';

type Mapped = { code: string; sentence?: string };

// What each Chromium failure means for "was the request sent?" (gateway-errors.ts NEVER_SENT).
const CHROMIUM_ERRORS: Record<string, Mapped> = {
  ERR_CONNECTION_REFUSED: { code: 'ECONNREFUSED' },
  ERR_NAME_NOT_RESOLVED: { code: 'ENOTFOUND' },
  ERR_NAME_RESOLUTION_FAILED: { code: 'EAI_AGAIN' },
  ERR_INTERNET_DISCONNECTED: { code: 'ENETUNREACH' },
  ERR_ADDRESS_UNREACHABLE: { code: 'EHOSTUNREACH' },
  ERR_CONNECTION_TIMED_OUT: { code: 'UND_ERR_CONNECT_TIMEOUT' },
  ERR_CONNECTION_RESET: { code: 'ECONNRESET' },
  ERR_CONNECTION_CLOSED: { code: 'ECONNRESET' },
  ERR_PROXY_CONNECTION_FAILED: {
    code: 'ECONNREFUSED',
    sentence: 'Could not reach the proxy from the system settings',
  },
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: {
    code: 'ECONNREFUSED',
    sentence: 'The system proxy configuration (PAC script) could not be used',
  },
  ERR_TUNNEL_CONNECTION_FAILED: {
    code: PROXY_REFUSED,
    sentence: 'The proxy from the system settings refused to connect to the gateway',
  },
  ERR_PROXY_AUTH_UNSUPPORTED: {
    code: PROXY_REFUSED,
    sentence: 'The system proxy wants a login Wan Studio cannot give',
  },
  ERR_PROXY_AUTH_REQUESTED: { code: PROXY_REFUSED, sentence: 'The system proxy wants a user name and password' },
};

/** Chromium's failure as undici's look: `TypeError` with a `cause` carrying the code. */
export function translateNetError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : '';
  const chromium = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (!chromium) return err;
  const mapped = CHROMIUM_ERRORS[chromium] ?? { code: chromium };
  const cause = Object.assign(new Error(message, { cause: err }), { code: mapped.code });
  return new TypeError(mapped.sentence ?? 'fetch failed', { cause });
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A body that errors with the signal's reason when it aborts (net.fetch only stops the request). */
function abortableBody(body: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let onAbort: (() => void) | undefined;
  const release = (): void => {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(signal.reason);
        void reader.cancel(signal.reason).catch(() => undefined);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        release();
        controller.error(signal.aborted ? signal.reason : translateNetError(err));
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
}

/** `fetch` for GatewayClient over a session's net.fetch. */
export function createNetFetch(sessionFetch: SessionFetch): typeof fetch {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    // net.fetch would read file: and the app's own protocols; a gateway is only ever http(s).
    if (!isHttpUrl(url)) throw new TypeError(`fetch failed: ${url.split(':')[0]}: URLs are not gateway addresses`);
    let response: Response;
    try {
      response = await sessionFetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      throw init.signal?.aborted ? err : translateNetError(err);
    }
    if (!init.signal || !response.body) return response;
    return new Response(abortableBody(response.body, init.signal), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** The fetch the desktop app gives its services: a private in-memory session's net.fetch. */
export function gatewayFetch(session: Session): typeof fetch {
  return createNetFetch((url, init) => session.fetch(url, init));
}
