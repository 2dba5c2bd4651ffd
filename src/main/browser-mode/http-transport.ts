import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ErrorValue } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../platform/session-security';
import { createEventHub } from './event-stream';
import {
  hasValidToken,
  isAllowedFetchSite,
  isAllowedHost,
  isAllowedOrigin,
  isSameToken,
  sessionCookie,
} from './request-guards';
import { resolveRealFile } from '../services/library/library-files';
import { resolveTileFile, type MakeTileThumbnail } from '../services/thumbnails/tile-files';
import { contentTypeOf, decodeUrlPath, IMMUTABLE, mediaContentType, sendFile } from './static-files';

// Browser mode's transport: the renderer's `window.wan` over HTTP + server-sent events on
// loopback, standing in for Electron IPC. It only moves contract calls; the invoker validates them.

export type HttpTransportOptions = {
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The library folder; only its images/, thumbs/ and inputs/ are served. */
  /** The library folder, asked for on every request (it changes after `library.move`). */
  mediaRoot: () => string;
  /** Makes a missing thumbnail a tile asks for (see tile-files.ts). */
  makeThumbnail?: MakeTileThumbnail;
  invoke: (method: unknown, input: unknown) => Promise<unknown>;
  /** Served at /favicon.ico when the renderer has none (browsers ask for it on every page). */
  faviconFile?: string;
  log?: (line: string) => void;
};

export type HttpTransport = {
  port: number;
  origin: string;
  /** Sends an event to every open page. */
  publish: (name: string, payload: unknown) => void;
  close: () => Promise<void>;
};

/**
 * `inputs.add` carries a reference file as base64 (the contract allows up to 56 MB of it); every
 * other method's body is tiny. Only a signed-in page on loopback can send one this large.
 */
const BODY_LIMIT = 60 * 1024 * 1024;

/** Sent with every response, whatever it is: the Electron session's policy and friends. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function failure(message: string, extra: Partial<ErrorValue> = {}): { ok: false; error: ErrorValue } {
  return { ok: false, error: { code: 'internal', message, isRetryable: false, ...extra } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const NOT_SIGNED_IN =
  'This browser is not signed in to Wan Studio browser mode — open the link `npm run browser` printed (it carries the token).';

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const hub = createEventHub();
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;

  async function handleInvoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      // A cross-site form or a no-cors fetch cannot send this type without a preflight.
      return sendJson(res, 415, failure('POST /api/invoke takes application/json.', { httpStatus: 415 }));
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return sendJson(res, 413, failure('The request is too large.', { httpStatus: 413 }));
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_request', message: 'The request body is not valid JSON.', isRetryable: false },
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_request', message: 'Expected {"method": …, "input": …}.', isRetryable: false },
      });
    }
    const { method, input } = body as { method?: unknown; input?: unknown };
    sendJson(res, 200, await options.invoke(method, input));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (pathname === '/api/invoke') {
      if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed.');
      return handleInvoke(req, res);
    }
    if (pathname === '/api/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
      return hub.attach(req, res, {});
    }
    sendJson(res, 404, failure(`No API route ${pathname}.`, { httpStatus: 404 }));
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, rawRel: string): Promise<void> {
    const rel = decodeUrlPath(rawRel);
    const abs = rel === undefined ? undefined : await resolveTileFile(options.mediaRoot(), rel, options.makeThumbnail);
    if (!abs) return sendText(res, 404, 'Not found.');
    await sendFile(req, res, abs, { contentType: mediaContentType(abs), cacheControl: IMMUTABLE });
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!isSameToken(given, options.token)) return sendText(res, 401, NOT_SIGNED_IN);
      // Trade the token for a cookie, then drop it from the address bar and the history.
      res.writeHead(303, {
        location: '/',
        'set-cookie': sessionCookie(options.token, port),
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (!hasValidToken(req.headers, options.token, port)) return sendText(res, 401, NOT_SIGNED_IN);
    const index = path.join(rendererDir, 'index.html');
    try {
      await sendFile(req, res, index, { contentType: 'text/html; charset=utf-8', cacheControl: 'no-store' });
    } catch {
      sendText(res, 503, 'The renderer is not built — run `npm run browser` (it builds first) or `npm run build`.');
    }
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const rel = decodeUrlPath(rawPath.slice(1));
    const abs = rel === undefined ? undefined : await resolveRealFile(rendererDir, rel);
    const type = abs && contentTypeOf(abs);
    if (!abs || !type) return sendText(res, 404, 'Not found.');
    // Vite names built assets by their content hash.
    const cacheControl = rel?.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    await sendFile(req, res, abs, { contentType: type, cacheControl });
  }

  async function handleFavicon(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
    const type = contentTypeOf(file);
    try {
      await sendFile(req, res, file, { contentType: type ?? 'image/x-icon', cacheControl: 'public, max-age=86400' });
    } catch {
      res.writeHead(204);
      res.end();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Unknown host.');
    const rawUrl = req.url ?? '/';
    // The raw path, not URL's normalised one: `..` must reach the guards, not vanish before them.
    const rawPath = rawUrl.split('?')[0] ?? '/';
    const isApi = rawPath.startsWith('/api/');
    const isMedia = rawPath.startsWith('/media/');
    if (isApi || isMedia) {
      const site = req.headers['sec-fetch-site'];
      if (
        !isAllowedOrigin(req.headers.origin, port) ||
        !isAllowedFetchSite(typeof site === 'string' ? site : undefined)
      ) {
        return sendText(res, 403, 'Cross-origin requests are refused.');
      }
      if (!hasValidToken(req.headers, options.token, port)) {
        return isApi
          ? sendJson(res, 401, failure(NOT_SIGNED_IN, { httpStatus: 401 }))
          : sendText(res, 401, NOT_SIGNED_IN);
      }
      if (isApi) return handleApi(req, res, rawPath);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
      return handleMedia(req, res, rawPath.slice('/media/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    if (rawPath === '/' || rawPath === '/index.html')
      return handlePage(req, res, new URL(rawUrl, `http://127.0.0.1:${port}`));
    if (rawPath === '/favicon.ico' && options.faviconFile) return handleFavicon(req, res, options.faviconFile);
    return handleStatic(req, res, rawPath);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      options.log?.(`browser mode: ${req.method} ${req.url?.split('?')[0]} failed: ${String(err)}`);
      if (!res.headersSent)
        sendJson(res, 500, failure('Browser mode could not answer this request.', { httpStatus: 500 }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    publish: hub.publish,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
