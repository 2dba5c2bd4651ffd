import { z } from 'zod';

// Every gateway reply is parsed here, loosely where the docs are unsure (wan-api.md marks those
// *unverified*) and strictly where our code depends on a field.

// Gateways of the new-api family send every field of an item, empty or not
// (`{"url": "https://…", "b64_json": "", "revised_prompt": ""}`: no omitempty), and add fields of
// their own (`metadata`). An empty string or a null reads as absent; unknown fields are ignored.
const absentIfEmpty = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
const optionalText = z.preprocess(absentIfEmpty, z.string().min(1).optional());

const imageItemSchema = z
  .object({
    url: optionalText,
    b64_json: optionalText,
    revised_prompt: optionalText,
  })
  .refine((item) => item.url !== undefined || item.b64_json !== undefined, {
    message: 'an image item has neither url nor b64_json',
  });
export type GatewayImageItem = z.infer<typeof imageItemSchema>;

const usageSchema = z
  .object({
    generated_images: z.number().optional(),
    total_tokens: z.number().optional(),
  })
  .passthrough()
  .nullish();

export const imagesResponseSchema = z.object({
  created: z.number().optional(),
  data: z.array(imageItemSchema).min(1),
  usage: usageSchema,
});
export type ImagesResponse = z.infer<typeof imagesResponseSchema>;

const errorDetailSchema = z
  .object({
    message: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
  })
  .passthrough();

/** A task as any of the documented gateways spell it; `data[]` alone means finished. */
export const taskResponseSchema = z
  .object({
    id: optionalText,
    task_id: optionalText,
    status: z.preprocess(absentIfEmpty, z.string().optional()),
    progress: z.preprocess(
      (value) => (typeof value === 'string' ? Number.parseFloat(value) : value),
      z.number().nullish().catch(undefined),
    ),
    created: z.number().optional().catch(undefined),
    data: z.preprocess(absentIfEmpty, z.array(imageItemSchema).optional()),
    usage: usageSchema,
    error: z.union([errorDetailSchema, z.string()]).nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    message: z.string().nullish(),
    output: errorDetailSchema.nullish(),
  })
  .passthrough();
export type TaskResponse = z.infer<typeof taskResponseSchema>;

/** OpenAI-shaped errors, or the top-level `{code, message}` some gateways send. */
export const errorBodySchema = z.union([
  z.object({ error: errorDetailSchema }).passthrough(),
  z.object({ code: z.union([z.string(), z.number()]), message: z.string().optional() }).passthrough(),
  z.object({ error: z.string(), message: z.string().optional() }).passthrough(),
]);
export type ErrorBody = z.infer<typeof errorBodySchema>;

export type UpstreamErrorInfo = { message?: string; code?: string; type?: string; param?: string };

export function readErrorInfo(body: unknown): UpstreamErrorInfo {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const b = parsed.data as Record<string, unknown>;
  const fromDetail = (d: z.infer<typeof errorDetailSchema>): UpstreamErrorInfo => ({
    message: d.message ?? undefined,
    code: d.code === null || d.code === undefined ? undefined : String(d.code),
    type: d.type ?? undefined,
    param: d.param ?? undefined,
  });
  if (typeof b.error === 'object' && b.error !== null) return fromDetail(b.error as z.infer<typeof errorDetailSchema>);
  if (typeof b.error === 'string')
    return { code: b.error, message: typeof b.message === 'string' ? b.message : undefined };
  return {
    code: b.code === undefined ? undefined : String(b.code),
    message: typeof b.message === 'string' ? b.message : undefined,
  };
}

/** The error object of a failed task, from whichever of the three documented places holds it. */
export function readTaskError(task: TaskResponse): UpstreamErrorInfo {
  if (task.error && typeof task.error === 'object') return readErrorInfo({ error: task.error });
  if (typeof task.error === 'string') return { message: task.error };
  if (task.output && (task.output.code || task.output.message)) return readErrorInfo({ error: task.output });
  if (task.code !== undefined && task.code !== null)
    return { code: String(task.code), message: task.message ?? undefined };
  return { message: task.message ?? undefined };
}
