import type { EditStyle, PaletteStyle } from '../../../shared/capabilities';
import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import { MODEL_IDS } from '../../../shared/models';
import { WanError } from '../wan-error';
import { errorFromTask } from './gateway-errors';
import {
  imagesResponseSchema,
  readTaskError,
  taskResponseSchema,
  type GatewayImageItem,
  type ImagesResponse,
} from './gateway-schemas';
import { editsJsonBody, editsMultipartForm, editsRefusedError, generationsBody, isEditsRefused } from './openai-bodies';
import { ProviderHttp, clampProgress, referencesFor, type ProviderHttpOptions } from './provider-http';
import type {
  ConnectionReport,
  CreateOptions,
  CreateResult,
  DownloadInfo,
  ImageProvider,
  ResultImage,
  TaskReading,
  Usage,
} from './provider-types';
import { normalizeTaskStatus } from './task-status';
import { readNativeUsage } from './dashscope-schemas';

// Kept here for the modules that imported them from the gateway before the seam existed.
export type { CreateResult, DownloadInfo, ResultImage, TaskReading, Usage } from './provider-types';
export type { Logger } from './provider-http';

export const DEFAULT_BASE_URL = 'https://open.dieyuyun.com/v1';

export type GatewayClientOptions = ProviderHttpOptions & {
  /** How reference images are sent: new-api's JSON edit (default), or the multipart form. */
  editStyle?: EditStyle;
  /** How the exact palette is sent: the documented string (default), or the native array. */
  paletteStyle?: PaletteStyle;
};

type CallOptions = { signal?: AbortSignal };

/** The OpenAI-Images-compatible gateway (kind `openai`), spoken exactly as wan-api.md describes. */
export class GatewayClient implements ImageProvider {
  readonly kind = 'openai' as const;
  readonly baseUrl: string;
  readonly editStyle: EditStyle;
  readonly paletteStyle: PaletteStyle;
  private readonly http: ProviderHttp;

  constructor(options: GatewayClientOptions) {
    this.http = new ProviderHttp(options, DEFAULT_BASE_URL);
    this.baseUrl = this.http.baseUrl;
    this.editStyle = options.editStyle ?? 'json';
    this.paletteStyle = options.paletteStyle ?? 'text';
  }

  withSeed(req: GenerationRequest): SeededGenerationRequest {
    return this.http.withSeed(req);
  }

  /** The JSON body sent to `POST /images/generations` (text to image). */
  static wireBody(req: SeededGenerationRequest, paletteStyle: PaletteStyle = 'text'): Record<string, unknown> {
    return generationsBody(req, paletteStyle);
  }

  /**
   * Sends one create: `/images/generations` for text to image, `/images/edits` with reference
   * images (JSON or multipart, as the profile says). Never resent unless surely unsent.
   */
  async create(req: SeededGenerationRequest, opts: CreateOptions = {}): Promise<CreateResult> {
    const references = referencesFor(req, opts);
    if (references.length === 0) {
      const timeoutMs = req.mode === 'sync' ? this.http.timeouts.createSyncMs : this.http.timeouts.createAsyncMs;
      const body = JSON.stringify(generationsBody(req, this.paletteStyle));
      return this.readCreate(await this.http.create(`${this.baseUrl}/images/generations`, body, timeoutMs, opts));
    }
    // Built (and refused, for what multipart cannot carry) before anything is sent.
    const body =
      this.editStyle === 'multipart'
        ? editsMultipartForm(req, references)
        : JSON.stringify(editsJsonBody(req, references, this.paletteStyle));
    try {
      // new-api answers an edit only when its own polling of upstream ends (up to ~205 s), even
      // when asked for a task: the sync timeout, whatever the mode.
      const json = await this.http.create(`${this.baseUrl}/images/edits`, body, this.http.timeouts.createSyncMs, opts);
      return this.readCreate(json);
    } catch (err) {
      if (err instanceof WanError && isEditsRefused(err)) throw editsRefusedError(err, this.editStyle);
      throw err;
    }
  }

  /**
   * One poll of `GET /tasks/{id}`. A poll can be repeated freely, so every transient failure —
   * reset, timeout, 5xx, 429, a cut-off or malformed body — is retried here with backoff and
   * Retry-After; the task waiter keeps polling past that until the task's own deadline.
   */
  async getTask(taskId: string, opts: CallOptions = {}): Promise<TaskReading> {
    const url = `${this.baseUrl}/tasks/${encodeURIComponent(taskId)}`;
    const task = await this.http.getJson(url, (json) => this.http.parse(taskResponseSchema, json, 'task'), opts);
    const reading = normalizeTaskStatus(task.status, (task.data?.length ?? 0) > 0);
    if (reading.isUnrecognized)
      this.http.logger?.warn('Unrecognised task status; treating it as running', { status: task.status, taskId });
    switch (reading.state) {
      case 'done': {
        if (!task.data?.length) throw new WanError('malformed_response', { detail: 'a finished task had no images' });
        return { state: 'done', images: toImages(task.data), usage: toUsage(task.usage) };
      }
      case 'failed':
        return { state: 'failed', error: errorFromTask(readTaskError(task), this.http.secrets) };
      case 'unknown':
        return { state: 'unknown', rawStatus: task.status ?? '' };
      default:
        return { state: 'running', progress: clampProgress(task.progress), rawStatus: task.status ?? '' };
    }
  }

  /** `GET /models`: what "Test connection" uses — it checks the base URL and the key, and costs nothing. */
  async listModels(opts: CallOptions = {}): Promise<string[]> {
    return this.http.getJson(
      `${this.baseUrl}/models`,
      (json) => {
        const data = (json as { data?: unknown } | null)?.data;
        if (!Array.isArray(data)) throw new WanError('malformed_response', { detail: 'models: no data[]' });
        return data.flatMap((m) => (typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
      },
      opts,
    );
  }

  async testConnection(opts: CallOptions = {}): Promise<ConnectionReport> {
    const models = await this.listModels(opts);
    const wan = MODEL_IDS.filter((id) => models.includes(id));
    const notes = [
      wan.length === MODEL_IDS.length
        ? `The gateway lists ${wan.join(' and ')}.`
        : wan.length > 0
          ? `The gateway lists ${wan.join(', ')} but not ${MODEL_IDS.filter((id) => !wan.includes(id)).join(', ')}.`
          : `The gateway lists ${models.length} model(s), none of them Wan 2.7: generating may fail with "model not found".`,
      `Reference images go to /images/edits as ${this.editStyle === 'json' ? 'JSON (input + parameters)' : 'a multipart form (no size, seed, boxes, palette or sets)'}; ` +
        `the exact palette as ${this.paletteStyle === 'structured' ? 'the native array' : 'text'}. ` +
        'Listing models does not show whether the gateway takes edits: the first edit will say.',
    ];
    return { models, notes };
  }

  downloadTo<T>(
    url: string,
    sink: (body: ReadableStream<Uint8Array>, info: DownloadInfo) => Promise<T>,
    opts: CallOptions = {},
  ): Promise<T> {
    return this.http.downloadTo(url, sink, opts);
  }

  /** A whole result in memory (small files, tests); the job engine streams with `downloadTo`. */
  download(url: string, opts: CallOptions = {}): Promise<{ bytes: Buffer; contentType: string }> {
    return this.http.download(url, opts);
  }

  private readCreate(json: unknown): CreateResult {
    // Some gateways answer an async create with the finished images straight away.
    const asImages = imagesResponseSchema.safeParse(json);
    if (asImages.success)
      return {
        kind: 'images',
        images: toImages(asImages.data.data),
        usage: toUsage(asImages.data.usage, (json as { metadata?: unknown }).metadata),
      };
    const task = this.http.parse(taskResponseSchema, json, 'create');
    const taskId = task.id ?? task.task_id;
    const reading = normalizeTaskStatus(task.status, false);
    if (reading.state === 'failed') throw errorFromTask(readTaskError(task), this.http.secrets);
    if (!taskId) throw new WanError('malformed_response', { detail: 'the reply had neither images nor a task id' });
    return { kind: 'task', taskId, progress: clampProgress(task.progress) };
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

/** The gateway's usage; new-api adds upstream's raw reply as `metadata`, whose usage is the billed count. */
function toUsage(usage: ImagesResponse['usage'], metadata?: unknown): Usage | undefined {
  const native = readNativeUsage((metadata as { usage?: unknown } | null | undefined)?.usage);
  if (!usage && !native) return undefined;
  const out: Usage = { ...native };
  if (usage?.generated_images !== undefined) out.generatedImages = usage.generated_images;
  if (usage?.total_tokens !== undefined) out.totalTokens = usage.total_tokens;
  return out;
}
