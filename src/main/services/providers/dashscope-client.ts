import { DASHSCOPE_REGIONS, MODE_RULES, modeOf, type DashScopeRegion } from '../../../shared/capabilities';
import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import { MODEL_IDS } from '../../../shared/models';
import { WanError } from '../wan-error';
import { errorFromTask } from './gateway-errors';
import { nativeError, nativeImages, nativeReplySchema, readNativeUsage, type NativeReply } from './dashscope-schemas';
import { editParameters, structuredPalette } from './openai-bodies';
import { ProviderHttp, dataUri, referencesFor, type ProviderHttpOptions } from './provider-http';
import type {
  ConnectionReport,
  CreateOptions,
  CreateResult,
  DownloadInfo,
  ImageProvider,
  PreparedReference,
  TaskReading,
} from './provider-types';

// Alibaba Model Studio's native API (kind `dashscope`), as wan-api-native-and-edits.md part A
// describes it: sync and async creates, task polls, `{request_id, code, message}` errors.

export const DEFAULT_DASHSCOPE_REGION: DashScopeRegion = 'beijing';
/** A task id no one has: polling it checks the root and the key without making anything. */
const PROBE_TASK_ID = '00000000-0000-4000-8000-000000000000';

export type DashScopeClientOptions = ProviderHttpOptions & { region?: DashScopeRegion };

type CallOptions = { signal?: AbortSignal };

/**
 * The native request body. Every option is stated (n, size, seed, watermark, enable_sequential,
 * thinking_mode): upstream's own defaults (n 4 or 12, thinking on) differ from ours. A free-text
 * colour theme has no native field, so it rides at the end of the text as "配色:…".
 */
export function nativeBody(
  req: SeededGenerationRequest,
  references: readonly PreparedReference[],
): Record<string, unknown> {
  const allowsPalette = MODE_RULES[modeOf(req)].allowsPalette;
  const text = req.colorPalette && allowsPalette ? `${req.prompt}\n配色:${req.colorPalette}` : req.prompt;
  return {
    model: req.model,
    input: {
      messages: [{ role: 'user', content: [{ text }, ...references.map((ref) => ({ image: dataUri(ref) }))] }],
    },
    parameters: editParameters(req, structuredPalette(req)),
  };
}

export class DashScopeClient implements ImageProvider {
  readonly kind = 'dashscope' as const;
  readonly baseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: DashScopeClientOptions) {
    this.http = new ProviderHttp(options, DASHSCOPE_REGIONS[options.region ?? DEFAULT_DASHSCOPE_REGION]);
    this.baseUrl = this.http.baseUrl;
  }

  withSeed(req: GenerationRequest): SeededGenerationRequest {
    return this.http.withSeed(req);
  }

  /** Sync: one call answers with the images. Async: `X-DashScope-Async: enable` answers with a task. */
  async create(req: SeededGenerationRequest, opts: CreateOptions = {}): Promise<CreateResult> {
    const body = JSON.stringify(nativeBody(req, referencesFor(req, opts)));
    const isSync = req.mode === 'sync';
    const json = isSync
      ? await this.http.create(
          `${this.baseUrl}/services/aigc/multimodal-generation/generation`,
          body,
          this.http.timeouts.createSyncMs,
          opts,
        )
      : await this.http.create(
          `${this.baseUrl}/services/aigc/image-generation/generation`,
          body,
          this.http.timeouts.createAsyncMs,
          opts,
          { 'x-dashscope-async': 'enable' },
        );
    const reply = this.http.parse(nativeReplySchema, json, 'create');
    const failure = nativeError(reply);
    const status = reply.output?.task_status?.toUpperCase();
    if (failure || status === 'FAILED') throw errorFromTask(failure ?? {}, this.http.secrets);
    const images = nativeImages(reply);
    if (images.length > 0)
      return {
        kind: 'images',
        images,
        usage: readNativeUsage(reply.usage),
        taskId: reply.output?.task_id ?? undefined,
      };
    const taskId = reply.output?.task_id;
    if (!taskId) throw new WanError('malformed_response', { detail: 'the reply had neither images nor a task id' });
    return { kind: 'task', taskId, progress: 0 };
  }

  /** One poll of `GET {root}/tasks/{id}`, retried on every transient failure. */
  async getTask(taskId: string, opts: CallOptions = {}): Promise<TaskReading> {
    const reply = await this.poll(taskId, opts);
    return this.reading(taskId, reply);
  }

  downloadTo<T>(
    url: string,
    sink: (body: ReadableStream<Uint8Array>, info: DownloadInfo) => Promise<T>,
    opts: CallOptions = {},
  ): Promise<T> {
    return this.http.downloadTo(url, sink, opts);
  }

  download(url: string, opts: CallOptions = {}): Promise<{ bytes: Buffer; contentType: string }> {
    return this.http.download(url, opts);
  }

  /**
   * DashScope lists no models. Polling a task id that does not exist is free and authenticated:
   * an answer (UNKNOWN) means the root is right and the key accepted; a 401 means a bad key (or
   * a key of the other region).
   */
  async testConnection(opts: CallOptions = {}): Promise<ConnectionReport> {
    const reply = await this.poll(PROBE_TASK_ID, opts);
    const status = reply.output?.task_status ?? '(none)';
    return {
      models: [...MODEL_IDS],
      notes: [
        `The key was accepted: a query for a task that does not exist answered ${status}.`,
        'DashScope has no model list: the models shown are Wan 2.7’s, which Model Studio serves in both regions.',
        'Reference images, boxes and exact palettes are sent natively (data URIs, bbox_list, color_palette).',
      ],
    };
  }

  private poll(taskId: string, opts: CallOptions): Promise<NativeReply> {
    const url = `${this.baseUrl}/tasks/${encodeURIComponent(taskId)}`;
    return this.http.getJson(url, (json) => this.http.parse(nativeReplySchema, json, 'task'), opts);
  }

  private reading(taskId: string, reply: NativeReply): TaskReading {
    const status = (reply.output?.task_status ?? '').toUpperCase();
    switch (status) {
      case 'SUCCEEDED': {
        const images = nativeImages(reply);
        if (images.length === 0) throw new WanError('malformed_response', { detail: 'a finished task had no images' });
        return { state: 'done', images, usage: readNativeUsage(reply.usage) };
      }
      case 'FAILED':
        return { state: 'failed', error: errorFromTask(nativeError(reply) ?? {}, this.http.secrets) };
      case 'CANCELED':
        return {
          state: 'failed',
          error: new WanError('task_failed', { detail: `task ${taskId} was canceled upstream`, isRetryable: false }),
        };
      case 'UNKNOWN':
        // An id upstream does not know (or past its 24 h): the waiter allows a grace period.
        return { state: 'unknown', rawStatus: 'UNKNOWN' };
      case 'PENDING':
      case 'RUNNING':
        return { state: 'running', progress: 0, rawStatus: status };
      default:
        this.http.logger?.warn('Unrecognised task status; treating it as running', { status, taskId });
        return { state: 'running', progress: 0, rawStatus: status };
    }
  }
}
