import type { z } from 'zod';
import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import { SEED_MAX } from '../../../shared/models';
import type { ServiceLogger } from '../logging/logger';
import { WanError, isAbortError, scrubSecrets } from '../wan-error';
import { errorFromHttp, errorFromTask, errorFromTransport, isPermanentForIdempotent } from './gateway-errors';
import {
  imagesResponseSchema,
  readTaskError,
  taskResponseSchema,
  type GatewayImageItem,
  type ImagesResponse,
} from './gateway-schemas';
import { RateLimiter, systemClock, type Clock } from './limits';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { normalizeTaskStatus } from './task-status';

export const DEFAULT_BASE_URL = 'https://open.dieyuyun.com/v1';
// Upstream allows 5 creates per second, counted as requests arrive. Requests sent a window apart
// can arrive closer than that when one is held up on its way (a busy event loop, a slow link): at
// 1.1 s, a CI run under load still met a 429, so the window keeps a fifth of a second in hand.
const CREATE_WINDOW_MS = 1200;

/** Any logger with at least `warn`; the full AppLogger fits. */
export type Logger = ServiceLogger;

export type GatewayClientOptions = {
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

type Timeouts = { createSyncMs: number; createAsyncMs: number; pollMs: number; downloadMs: number };
const DEFAULT_TIMEOUTS: Timeouts = {
  // A sync 4K or 12-image set can take minutes; async creates and polls answer quickly.
  createSyncMs: 300_000,
  createAsyncMs: 60_000,
  pollMs: 30_000,
  downloadMs: 120_000,
};

export type ResultImage = { index: number; url?: string; b64Json?: string; revisedPrompt?: string };
export type Usage = { generatedImages?: number; totalTokens?: number };

export type CreateResult =
  | { kind: 'task'; taskId: string; progress: number }
  | { kind: 'images'; images: ResultImage[]; usage?: Usage; taskId?: string };

export type TaskReading =
  | { state: 'running'; progress: number; rawStatus: string }
  | { state: 'done'; images: ResultImage[]; usage?: Usage }
  | { state: 'failed'; error: WanError }
  | { state: 'unknown'; rawStatus: string };

type CallOptions = { signal?: AbortSignal };
export type DownloadInfo = { expectedBytes: number | undefined; contentType: string };

/** The OpenAI-Images-compatible gateway, spoken exactly as wan-api.md describes. */
export class GatewayClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger?: Logger;
  private readonly retryPolicy: RetryPolicy;
  private readonly timeouts: Timeouts;
  private readonly createLimiter: RateLimiter;

  constructor(options: GatewayClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    // The window is a little over a second: requests sent exactly 1000 ms apart can arrive closer
    // together, and upstream counts arrivals.
    this.createLimiter = new RateLimiter(options.limits?.createsPerSecond ?? 5, this.clock, CREATE_WINDOW_MS);
  }

  /** Every request carries a seed, drawn here when the user gave none, so every record can be rerun. */
  withSeed(req: GenerationRequest): SeededGenerationRequest {
    const seed = req.seed ?? Math.floor(this.random() * (SEED_MAX + 1));
    return { ...req, seed };
  }

  /** The JSON body sent to `POST /images/generations`. */
  static wireBody(req: SeededGenerationRequest): Record<string, unknown> {
    const parameters: Record<string, unknown> = { seed: req.seed, watermark: req.watermark };
    if (req.isSequential) parameters.enable_sequential = true;
    else {
      // Upstream applies these to single images only.
      parameters.thinking_mode = req.thinkingMode;
      if (req.colorPalette) parameters.color_palette = req.colorPalette;
    }
    const body: Record<string, unknown> = {
      model: req.model,
      prompt: req.prompt,
      size: req.size,
      n: req.n,
      response_format: req.responseFormat,
      parameters,
    };
    if (req.mode === 'async') body.async = true;
    return body;
  }

  /**
   * Sends one create. Resent here only when it surely never reached the server (connection
   * refused): a create that timed out or met a 5xx may have been accepted and billed. A throttling
   * 429 (or a 503 with Retry-After) is thrown to the job engine, which puts the job back in line.
   */
  async create(
    req: SeededGenerationRequest,
    opts: CallOptions & { onSending?: () => void } = {},
  ): Promise<CreateResult> {
    const body = JSON.stringify(GatewayClient.wireBody(req));
    const timeoutMs = req.mode === 'sync' ? this.timeouts.createSyncMs : this.timeouts.createAsyncMs;
    let isSurelyUnsent = false;
    const json = await this.retrying(
      async () => {
        await this.createLimiter.take(opts.signal).catch((err: unknown) => this.rethrowAbort(err));
        // The last moment before the request leaves: the caller records that it may be billed.
        opts.onSending?.();
        return this.requestJson(
          'POST',
          `${this.baseUrl}/images/generations`,
          body,
          timeoutMs,
          opts.signal,
          (unsent) => {
            isSurelyUnsent = unsent;
          },
        );
      },
      opts.signal,
      (err) => err.code === 'network' && isSurelyUnsent,
    );
    return this.readCreate(json);
  }

  /**
   * One poll of `GET /tasks/{id}`. A poll can be repeated freely, so every transient failure —
   * reset, timeout, 5xx, 429, a cut-off or malformed body — is retried here with backoff and
   * Retry-After; the task waiter keeps polling past that until the task's own deadline.
   */
  async getTask(taskId: string, opts: CallOptions = {}): Promise<TaskReading> {
    const url = `${this.baseUrl}/tasks/${encodeURIComponent(taskId)}`;
    const task = await this.retrying(
      async () =>
        this.parse(
          taskResponseSchema,
          await this.requestJson('GET', url, undefined, this.timeouts.pollMs, opts.signal),
          'task',
        ),
      opts.signal,
      (err) => !isPermanentForIdempotent(err),
    );
    const reading = normalizeTaskStatus(task.status, (task.data?.length ?? 0) > 0);
    if (reading.isUnrecognized)
      this.logger?.warn('Unrecognised task status; treating it as running', { status: task.status, taskId });
    switch (reading.state) {
      case 'done': {
        if (!task.data?.length) throw new WanError('malformed_response', { detail: 'a finished task had no images' });
        return { state: 'done', images: toImages(task.data), usage: toUsage(task.usage) };
      }
      case 'failed':
        return { state: 'failed', error: errorFromTask(readTaskError(task), [this.apiKey]) };
      case 'unknown':
        return { state: 'unknown', rawStatus: task.status ?? '' };
      default:
        return { state: 'running', progress: clampProgress(task.progress), rawStatus: task.status ?? '' };
    }
  }

  /** `GET /models`: what "Test connection" uses — it checks the base URL and the key, and costs nothing. */
  async listModels(opts: CallOptions = {}): Promise<string[]> {
    return this.retrying(
      async () => {
        const json = await this.requestJson(
          'GET',
          `${this.baseUrl}/models`,
          undefined,
          this.timeouts.pollMs,
          opts.signal,
        );
        const data = (json as { data?: unknown } | null)?.data;
        if (!Array.isArray(data)) throw new WanError('malformed_response', { detail: 'models: no data[]' });
        return data.flatMap((m) => (typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
      },
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
        if (!res.response.ok) throw errorFromHttp(status, headers, await res.text(), [this.apiKey]);
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

  private readCreate(json: unknown): CreateResult {
    // Some gateways answer an async create with the finished images straight away.
    const asImages = imagesResponseSchema.safeParse(json);
    if (asImages.success)
      return { kind: 'images', images: toImages(asImages.data.data), usage: toUsage(asImages.data.usage) };
    const task = this.parse(taskResponseSchema, json, 'create');
    const taskId = task.id ?? task.task_id;
    const reading = normalizeTaskStatus(task.status, false);
    if (reading.state === 'failed') throw errorFromTask(readTaskError(task), [this.apiKey]);
    if (!taskId) throw new WanError('malformed_response', { detail: 'the reply had neither images nor a task id' });
    return { kind: 'task', taskId, progress: clampProgress(task.progress) };
  }

  private parse<S extends z.ZodType>(schema: S, json: unknown, what: string): z.infer<S> {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const detail = `${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
      throw new WanError('malformed_response', { detail: scrubSecrets(detail, [this.apiKey]) });
    }
    return parsed.data;
  }

  private async requestJson(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    onSendOutcome?: (isSurelyUnsent: boolean) => void,
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.send(url, { method, headers, body }, timeoutMs, signal, onSendOutcome);
    const text = await res.text();
    if (!res.response.ok) throw errorFromHttp(res.response.status, res.response.headers, text, [this.apiKey]);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WanError('malformed_response', {
        httpStatus: res.response.status,
        detail: scrubSecrets(`not JSON: ${text.slice(0, 120)}`, [this.apiKey]),
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
  ): Promise<{ response: Response; text: () => Promise<string>; arrayBuffer: () => Promise<ArrayBuffer> }> {
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
    return {
      response,
      text: () => response.text().catch(fail),
      arrayBuffer: () => response.arrayBuffer().catch(fail),
    };
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

function toImages(items: readonly GatewayImageItem[]): ResultImage[] {
  return items.map((item, index) => {
    const image: ResultImage = { index };
    if (item.url) image.url = item.url;
    if (item.b64_json) image.b64Json = item.b64_json;
    if (item.revised_prompt) image.revisedPrompt = item.revised_prompt;
    return image;
  });
}

function toUsage(usage: ImagesResponse['usage']): Usage | undefined {
  if (!usage) return undefined;
  return { generatedImages: usage.generated_images, totalTokens: usage.total_tokens };
}

function isDiskError(err: WanError): boolean {
  return err.code === 'disk' || err.code === 'disk_full' || err.code === 'read_only' || err.code === 'write_failed';
}

function clampProgress(progress: number | null | undefined): number {
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
