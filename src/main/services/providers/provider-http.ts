import type { z } from 'zod';
import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import { SEED_MAX } from '../../../shared/models';
import type { ServiceLogger } from '../logging/logger';
import { WanError, isAbortError, scrubSecrets } from '../wan-error';
import { errorFromHttp, errorFromTransport, isPermanentForIdempotent } from './gateway-errors';
import { RateLimiter, systemClock, type Clock } from './limits';
import type { CreateOptions, DownloadInfo } from './provider-types';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';

// The HTTP plumbing every provider shares (issue 9's rules, stated once): timeouts, JSON requests,
// retrying idempotent calls on every transient failure with Retry-After, creates resent only when
// surely unsent, downloads with the expired/renew rules, error mapping and key scrubbing.

// Upstream allows 5 creates per second, counted as requests arrive. Requests sent a window apart
// can arrive closer than that when one is held up on its way (a busy event loop, a slow link): at
// 1.1 s, a CI run under load still met a 429, so the window keeps a fifth of a second in hand.
const CREATE_WINDOW_MS = 1200;

/** Any logger with at least `warn`; the full AppLogger fits. */
export type Logger = ServiceLogger;

export type Timeouts = { createSyncMs: number; createAsyncMs: number; pollMs: number; downloadMs: number };
const DEFAULT_TIMEOUTS: Timeouts = {
  // A sync 4K or 12-image set can take minutes; async creates and polls answer quickly.
  createSyncMs: 300_000,
  createAsyncMs: 60_000,
  pollMs: 30_000,
  downloadMs: 120_000,
};

/** What every provider takes; each kind adds its own few options. */
export type ProviderHttpOptions = {
  baseUrl?: string;
  apiKey: string;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  limits?: { createsPerSecond?: number };
  timeouts?: Partial<Timeouts>;
};

type CallOptions = { signal?: AbortSignal };
export type RequestBody = string | FormData | undefined;
type Sent = { response: Response; text: () => Promise<string> };

export class ProviderHttp {
  readonly baseUrl: string;
  readonly timeouts: Timeouts;
  readonly logger?: Logger;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly retryPolicy: RetryPolicy;
  private readonly createLimiter: RateLimiter;

  constructor(options: ProviderHttpOptions, defaultBaseUrl: string) {
    this.baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.createLimiter = new RateLimiter(options.limits?.createsPerSecond ?? 5, this.clock, CREATE_WINDOW_MS);
  }

  /** Texts that must never leave in an error or a log line. */
  get secrets(): readonly string[] {
    return [this.apiKey];
  }

  /** Every request carries a seed, drawn here when the user gave none, so every record can be rerun. */
  withSeed(req: GenerationRequest): SeededGenerationRequest {
    const seed = req.seed ?? Math.floor(this.random() * (SEED_MAX + 1));
    return { ...req, seed };
  }

  /**
   * Sends one create. Resent here only when it surely never reached the server (connection
   * refused): a create that timed out or met a 5xx may have been accepted and billed. A throttling
   * 429 (or a 503 with Retry-After) is thrown to the job engine, which puts the job back in line.
   */
  async create(
    url: string,
    body: RequestBody,
    timeoutMs: number,
    opts: CreateOptions,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    let isSurelyUnsent = false;
    return this.retrying(
      async () => {
        await this.createLimiter.take(opts.signal).catch((err: unknown) => this.rethrowAbort(err));
        // The last moment before the request leaves: the caller records that it may be billed.
        opts.onSending?.();
        return this.requestJson('POST', url, body, timeoutMs, opts.signal, headers, (unsent) => {
          isSurelyUnsent = unsent;
        });
      },
      opts.signal,
      (err) => err.code === 'network' && isSurelyUnsent,
    );
  }

  /** A GET that can be repeated freely: every transient failure is retried with backoff. */
  async getJson<T>(url: string, read: (json: unknown) => T, opts: CallOptions = {}): Promise<T> {
    return this.retrying(
      async () => read(await this.requestJson('GET', url, undefined, this.timeouts.pollMs, opts.signal)),
      opts.signal,
      (err) => !isPermanentForIdempotent(err),
    );
  }

  /**
   * Streams a result URL into `sink` (the image store), retrying the whole transfer on network
   * errors, 429 and 5xx. Result URLs are signed by another host: they get no Authorization header.
   * 403/404/410 mean the link expired; a short body is a network error and is retried.
   */
  async downloadTo<T>(
    url: string,
    sink: (body: ReadableStream<Uint8Array>, info: DownloadInfo) => Promise<T>,
    opts: CallOptions = {},
  ): Promise<T> {
    assertHttpUrl(url);
    return this.retrying(
      async () => {
        const res = await this.send(url, { method: 'GET' }, this.timeouts.downloadMs, opts.signal);
        const { status, headers, body } = res.response;
        if (status === 403 || status === 404 || status === 410) {
          await body?.cancel().catch(() => undefined);
          throw new WanError('expired', { httpStatus: status, isRetryable: false });
        }
        if (!res.response.ok) throw errorFromHttp(status, headers, await res.text(), this.secrets);
        if (!body) throw new WanError('network', { detail: 'empty download' });
        const length = Number(headers.get('content-length') ?? NaN);
        try {
          return await sink(body, {
            expectedBytes: Number.isFinite(length) ? length : undefined,
            contentType: headers.get('content-type') ?? '',
          });
        } catch (err) {
          if (err instanceof WanError) throw err;
          throw errorFromTransport(err, opts.signal).error;
        }
      },
      opts.signal,
      (err) => err.code !== 'expired' && !isPermanentForIdempotent(err) && !isDiskError(err),
    );
  }

  /** A whole result in memory (small files, tests); the job engine streams with `downloadTo`. */
  async download(url: string, opts: CallOptions = {}): Promise<{ bytes: Buffer; contentType: string }> {
    return this.downloadTo(
      url,
      async (body, { expectedBytes, contentType }) => {
        const bytes = Buffer.from(await new Response(body).arrayBuffer());
        if (expectedBytes !== undefined && bytes.length !== expectedBytes)
          throw new WanError('network', { detail: `download ended after ${bytes.length} of ${expectedBytes} bytes` });
        if (bytes.length === 0) throw new WanError('network', { detail: 'empty download' });
        return { bytes, contentType };
      },
      opts,
    );
  }

  parse<S extends z.ZodType>(schema: S, json: unknown, what: string): z.infer<S> {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const detail = `${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
      throw new WanError('malformed_response', { detail: scrubSecrets(detail, this.secrets) });
    }
    return parsed.data;
  }

  private async requestJson(
    method: 'GET' | 'POST',
    url: string,
    body: RequestBody,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    extraHeaders: Record<string, string> = {},
    onSendOutcome?: (isSurelyUnsent: boolean) => void,
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: 'application/json',
      ...extraHeaders,
    };
    // A FormData body sets its own multipart content type (with the boundary).
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    const res = await this.send(url, { method, headers, body }, timeoutMs, signal, onSendOutcome);
    const text = await res.text();
    if (!res.response.ok) throw errorFromHttp(res.response.status, res.response.headers, text, this.secrets);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WanError('malformed_response', {
        httpStatus: res.response.status,
        detail: scrubSecrets(`not JSON: ${text.slice(0, 120)}`, this.secrets),
      });
    }
  }

  /** fetch with a timeout; transport failures (also while reading the body) become WanErrors. */
  private async send(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
    onSendOutcome?: (isSurelyUnsent: boolean) => void,
  ): Promise<Sent> {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (userSignal) signals.push(userSignal);
    const signal = AbortSignal.any(signals);
    const fail = (err: unknown): never => {
      const failure = errorFromTransport(err, userSignal);
      onSendOutcome?.(failure.isSurelyUnsent);
      throw failure.error;
    };
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, signal, redirect: 'follow' });
    } catch (err) {
      return fail(err);
    }
    onSendOutcome?.(false);
    return { response, text: () => response.text().catch(fail) };
  }

  private retrying<T>(
    op: () => Promise<T>,
    signal: AbortSignal | undefined,
    shouldRetry: (err: WanError) => boolean,
  ): Promise<T> {
    return withRetry(op, {
      policy: this.retryPolicy,
      clock: this.clock,
      random: this.random,
      signal,
      shouldRetry,
      onRetry: (err, attempt, delayMs) =>
        this.logger?.warn('Retrying gateway request', { code: err.code, httpStatus: err.httpStatus, attempt, delayMs }),
    }).catch((err: unknown) => this.rethrowAbort(err));
  }

  private rethrowAbort(err: unknown): never {
    if (isAbortError(err)) throw new WanError('canceled', { cause: err });
    throw err;
  }
}

function isDiskError(err: WanError): boolean {
  return err.code === 'disk' || err.code === 'disk_full' || err.code === 'read_only' || err.code === 'write_failed';
}

export function clampProgress(progress: number | null | undefined): number {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, Math.round(progress)));
}

function assertHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WanError('malformed_response', { detail: 'a result URL is not a URL' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new WanError('malformed_response', { detail: `a result URL uses ${parsed.protocol}` });
}

/** `"2048x2048"` → `"2048*2048"`: the native API's (and new-api's `parameters`) spelling of a size. */
export function starSize(size: string): string {
  return size.replace(/x/i, '*');
}

/** The references a request names, checked against what the caller prepared (same images, same order). */
export function referencesFor(
  req: SeededGenerationRequest,
  opts: CreateOptions,
): NonNullable<CreateOptions['references']> {
  const wanted = req.references ?? [];
  const given = opts.references ?? [];
  const isSame = wanted.length === given.length && wanted.every((ref, i) => ref.sha256 === given[i]!.sha256);
  if (!isSame)
    throw new WanError('internal', {
      detail: `the request names ${wanted.length} reference image(s) but ${given.length} were prepared in that order`,
      isRetryable: false,
    });
  return given;
}

export function dataUri(ref: { mime: string; bytes: Uint8Array }): string {
  return `data:${ref.mime};base64,${Buffer.from(ref.bytes).toString('base64')}`;
}
