import { z } from 'zod';
import type { ResultImage, Usage } from './provider-types';

// The native DashScope replies (wan-api-native-and-edits.md A.5), parsed loosely where the docs
// are unsure (how n > 1 is laid out, the exact fields per task state) and strictly where our code
// depends on a field.

const contentItemSchema = z
  .object({ image: z.string().nullish(), text: z.string().nullish(), type: z.string().nullish() })
  .passthrough();
const choiceSchema = z
  .object({
    finish_reason: z.string().nullish(),
    message: z.object({ role: z.string().nullish(), content: z.array(contentItemSchema).nullish() }).passthrough(),
  })
  .passthrough();

const usageSchema = z
  .object({
    image_count: z.number().nullish(),
    size: z.string().nullish(),
    total_tokens: z.number().nullish(),
  })
  .passthrough()
  .nullish();

const outputSchema = z
  .object({
    task_id: z.string().nullish(),
    task_status: z.string().nullish(),
    choices: z.array(choiceSchema).nullish(),
    finished: z.boolean().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    message: z.string().nullish(),
  })
  .passthrough();

/** Every native reply: a sync result, an async create, a task poll. */
export const nativeReplySchema = z
  .object({
    request_id: z.string().nullish(),
    output: outputSchema.nullish(),
    usage: usageSchema,
    code: z.union([z.string(), z.number()]).nullish(),
    message: z.string().nullish(),
  })
  .passthrough();
export type NativeReply = z.infer<typeof nativeReplySchema>;

/** Every image of every choice, in order: upstream may send several choices or one with several images. */
export function nativeImages(reply: NativeReply): ResultImage[] {
  const images: ResultImage[] = [];
  for (const choice of reply.output?.choices ?? []) {
    const content = choice.message.content ?? [];
    const revisedPrompt = content.find((c) => typeof c.text === 'string' && c.text !== '')?.text ?? undefined;
    for (const item of content) {
      if (typeof item.image !== 'string' || item.image === '') continue;
      const image: ResultImage = { index: images.length };
      if (item.image.startsWith('data:')) image.b64Json = item.image.replace(/^data:[^,]*,/, '');
      else image.url = item.image;
      if (revisedPrompt) image.revisedPrompt = revisedPrompt;
      images.push(image);
    }
  }
  return images;
}

/** `usage.size` (the real output size) and `usage.image_count` (billed), as our Usage. */
export function readNativeUsage(usage: unknown): Usage | undefined {
  const parsed = usageSchema.safeParse(usage);
  if (!parsed.success || !parsed.data) return undefined;
  const { image_count, size, total_tokens } = parsed.data;
  const out: Usage = {};
  if (typeof image_count === 'number') {
    out.imageCount = image_count;
    // The job engine records billed images from generatedImages.
    out.generatedImages = image_count;
  }
  if (typeof size === 'string' && size !== '') out.size = size;
  if (typeof total_tokens === 'number') out.totalTokens = total_tokens;
  return Object.keys(out).length ? out : undefined;
}

/** A failure's code and message: the top-level error body, or a failed task's `output`. */
export function nativeError(reply: NativeReply): { code?: string; message?: string } | undefined {
  const fromOutput = reply.output?.code ?? undefined;
  const code = reply.code ?? fromOutput;
  if (code === undefined || code === null || code === '') return undefined;
  return { code: String(code), message: reply.message ?? reply.output?.message ?? undefined };
}
