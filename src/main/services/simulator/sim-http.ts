import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The simulator's replies in both API styles: OpenAI-shaped errors for the gateway routes,
// `{request_id, code, message}` for the native DashScope ones.

export type ErrorSender = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
) => void;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const sendError: ErrorSender = (res, status, code, message, extra = {}, headers = {}) =>
  sendJson(
    res,
    status,
    { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code, ...extra } },
    headers,
  );

/** DashScope's error body; `param` and the like are not part of it. */
export const sendNativeError: ErrorSender = (res, status, code, message, _extra = {}, headers = {}) =>
  sendJson(res, status, { request_id: randomUUID(), code, message }, headers);

export async function readBodyBytes(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/** Data URIs shortened to their type, sha256 and size, so a recorded body stays small and comparable. */
export function summarizeDataUris(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^data:([^;,]+);base64,(.*)$/s.exec(value);
    if (!m) return value;
    const bytes = Buffer.from(m[2]!, 'base64');
    return `data:${m[1]};sha256=${createHash('sha256').update(bytes).digest('hex')};bytes=${bytes.length}`;
  }
  if (Array.isArray(value)) return value.map(summarizeDataUris);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarizeDataUris(v)]));
  return value;
}
