import type { ErrorCode } from '../../../shared/errors';
import { WanError, scrubSecrets } from '../wan-error';
import { readErrorInfo, type UpstreamErrorInfo } from './gateway-schemas';

export const RETRY_AFTER_CAP_MS = 60_000;

/** `retry-after-ms` (OpenAI) wins over `retry-after` (seconds or an HTTP date); capped at 60 s. */
export function readRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0)
    return Math.min(Number(ms), RETRY_AFTER_CAP_MS);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, RETRY_AFTER_CAP_MS);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), RETRY_AFTER_CAP_MS);
  return undefined;
}

const has = (text: string | undefined, ...needles: string[]): boolean => {
  const hay = (text ?? '').toLowerCase();
  return needles.some((n) => hay.includes(n.toLowerCase()));
};

/** Upstream codes first (they are more precise), then the HTTP status. */
export function classifyUpstream(status: number | undefined, info: UpstreamErrorInfo): ErrorCode {
  const code = `${info.code ?? ''} ${info.type ?? ''}`;
  if (has(code, 'DataInspection', 'data_inspection', 'IPInfringement', 'content_policy', 'moderation', 'sensitive'))
    return 'moderation';
  if (has(code, 'Arrearage', 'insufficient_quota', 'AllocationQuota', 'billing', 'quota_exceeded')) return 'quota';
  if (has(code, 'InvalidApiKey', 'invalid_api_key', 'authentication', 'unauthorized')) return 'auth';
  if (has(code, 'AccessDenied', 'permission', 'forbidden')) return 'permission';
  if (has(code, 'ModelNotFound', 'model_not_found', 'NotFound')) return 'not_found';
  if (has(code, 'Throttling', 'rate_limit')) return 'rate_limited';
  if (has(code, 'InvalidParameter', 'invalid_request', 'invalid_parameter', 'BadRequest')) return 'invalid_request';
  if (has(code, 'ModelServingError', 'ModelUnavailable', 'InternalError', 'server_error')) return 'server';
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid_request';
    case 401:
      return 'auth';
    case 402:
      return 'quota';
    case 403:
      return 'permission';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 429:
      return 'rate_limited';
  }
  if (status !== undefined && status >= 500) return 'server';
  if (status !== undefined && status >= 400) return 'invalid_request';
  return 'task_failed';
}

/** The field a 400 names, from `param` or the text of the message. */
function fieldOf(info: UpstreamErrorInfo): string | undefined {
  if (info.param) return info.param.replace(/^(parameters|input)\./, '');
  const m =
    /\b(size|n|prompt|model|seed|color_palette|response_format|enable_sequential|thinking_mode|watermark)\b/i.exec(
      info.message ?? '',
    );
  return m?.[1];
}

export function errorFromHttp(
  status: number,
  headers: Headers,
  bodyText: string,
  secrets: readonly string[],
): WanError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const info = readErrorInfo(body);
  const code = classifyUpstream(status, info);
  const detailSource = info.message ?? (body === undefined ? bodyText.slice(0, 300) : undefined);
  return new WanError(code, {
    httpStatus: status,
    upstreamCode: info.code,
    detail: detailSource ? scrubSecrets(detailSource, secrets) : undefined,
    field: code === 'invalid_request' ? fieldOf(info) : undefined,
    // 429 and 503 both carry Retry-After in the wild (RFC 9110 names 503 for it).
    retryAfterMs: code === 'rate_limited' || code === 'server' ? readRetryAfterMs(headers) : undefined,
  });
}

/**
 * Was a create refused before it was processed, so that sending it again cannot bill twice?
 * A throttling 429 (rate or concurrency, not quota), or a 503 that says when to come back.
 * A 500, a timeout or a reset stays ambiguous: the task may exist.
 */
export function isCreateRefusedUnprocessed(err: WanError): boolean {
  if (err.code === 'rate_limited') return err.httpStatus === 429 || err.httpStatus === undefined;
  return err.code === 'server' && err.httpStatus === 503 && err.retryAfterMs !== undefined;
}

/** Answers that will not change however often a poll, download or listing is repeated. */
export function isPermanentForIdempotent(err: WanError): boolean {
  return ['auth', 'permission', 'quota', 'not_found', 'invalid_request', 'moderation', 'canceled'].includes(err.code);
}

export function errorFromTask(info: UpstreamErrorInfo, secrets: readonly string[]): WanError {
  const upstream = info.code || info.type ? classifyUpstream(undefined, info) : 'task_failed';
  // A task that failed upstream is over, whatever the cause (InternalError.Algo, throttling
  // inside the service): only the person's own problems (moderation, quota, a refused field) keep
  // their code; the rest is "the task failed", which no re-poll can mend.
  const isPersonal = ['moderation', 'quota', 'invalid_request', 'auth', 'permission', 'not_found'].includes(upstream);
  const code = isPersonal ? upstream : 'task_failed';
  return new WanError(code, {
    upstreamCode: info.code,
    detail: info.message ? scrubSecrets(info.message, secrets) : undefined,
    field: code === 'invalid_request' ? fieldOf(info) : undefined,
    // A failed task is final: retrying means a new (billed) create, which is the user's call.
    isRetryable: false,
  });
}

// Failures before a connection to the gateway existed. UND_ERR_CONNECT_TIMEOUT is undici's
// (Node's fetch and the CLI's proxy fetch) for a TCP connect that never completed; WAN_PROXY_REFUSED
// is a proxy that refused the tunnel or wanted a login (proxy-fetch.ts, net-fetch.ts).
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'WAN_PROXY_REFUSED',
]);

export type TransportFailure = { error: WanError; isSurelyUnsent: boolean };

/** Classifies what fetch threw. `isSurelyUnsent` is what allows a create to be sent again. */
export function errorFromTransport(err: unknown, userSignal: AbortSignal | undefined): TransportFailure {
  if (userSignal?.aborted) return { error: new WanError('canceled', { cause: err }), isSurelyUnsent: false };
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return { error: new WanError('timeout', { cause: err }), isSurelyUnsent: false };
  const code = e?.cause?.code ?? e?.code;
  const detail = [e?.message, e?.cause?.message, code].filter(Boolean).join(': ');
  return {
    error: new WanError('network', { cause: err, detail }),
    isSurelyUnsent: code !== undefined && NEVER_SENT.has(code),
  };
}
