import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import type { ProviderKind } from '../../../shared/capabilities';
import type { WanError } from '../wan-error';

// The provider seam (issue 10): everything the job engine, registry, studio and CLI may know of an
// image API. The OpenAI-compatible gateway and Alibaba's native DashScope API each implement it
// over shared HTTP, retry and error-mapping plumbing.

export type ResultImage = { index: number; url?: string; b64Json?: string; revisedPrompt?: string };
export type Usage = {
  generatedImages?: number;
  totalTokens?: number;
  /** DashScope's `usage.size` ("2985*1405"): the real output size, which a preset only approximates. */
  size?: string;
  /** DashScope's `usage.image_count`: the images billed. */
  imageCount?: number;
};

export type CreateResult =
  | { kind: 'task'; taskId: string; progress: number }
  | { kind: 'images'; images: ResultImage[]; usage?: Usage; taskId?: string };

export type TaskReading =
  | { state: 'running'; progress: number; rawStatus: string }
  | { state: 'done'; images: ResultImage[]; usage?: Usage }
  | { state: 'failed'; error: WanError }
  | { state: 'unknown'; rawStatus: string };

export type DownloadInfo = { expectedBytes: number | undefined; contentType: string };

/** A reference image ready to send: the stored input's bytes (already checked and re-encoded). */
export type PreparedReference = {
  sha256: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/bmp';
  width: number;
  height: number;
  bytes: Uint8Array;
};

export type CreateOptions = {
  signal?: AbortSignal;
  /** Called the moment before the request leaves (the job records it may now be billed). */
  onSending?: () => void;
  /** The request's references, in its order, with their bytes. */
  references?: readonly PreparedReference[];
};

/** What "Test connection" found: reachable with this key, and what the gateway accepts. */
export type ConnectionReport = { models: string[]; notes: string[] };

export type ImageProvider = {
  readonly kind: ProviderKind;
  /** The API root requests go to (`…/v1` for openai, `…/api/v1` for dashscope). */
  readonly baseUrl: string;
  withSeed(req: GenerationRequest): SeededGenerationRequest;
  create(req: SeededGenerationRequest, opts?: CreateOptions): Promise<CreateResult>;
  getTask(taskId: string, opts?: { signal?: AbortSignal }): Promise<TaskReading>;
  downloadTo<T>(
    url: string,
    sink: (body: ReadableStream<Uint8Array>, info: DownloadInfo) => Promise<T>,
    opts?: { signal?: AbortSignal },
  ): Promise<T>;
  testConnection(opts?: { signal?: AbortSignal }): Promise<ConnectionReport>;
};
