import { z } from 'zod';
import { presetBodySchema, presetSchema } from './preset';

// The prompt library's contract pieces (issue 12, part 3): the history of every prompt sent and
// style presets. Saved prompts and templates use `templates.*`. Main: prompt-handlers.ts.

export const promptHistoryItemSchema = z.object({
  prompt: z.string(),
  /** Generations made with exactly this text. */
  uses: z.number().int(),
  lastUsedAt: z.number(),
  /** The newest generation with this prompt: its settings can be loaded with the text. */
  lastGenerationId: z.string(),
  /** A few of its newest live images (thumbnail URL, or the image's own when it has none). */
  thumbnails: z.array(z.object({ imageId: z.string(), url: z.string() })),
});
export type PromptHistoryItem = z.infer<typeof promptHistoryItemSchema>;

const presetName = z.string().trim().min(1).max(80);

export const promptsInvokeContract = {
  /** Every prompt ever sent, newest use first; `search` matches folded text (full-width, case). */
  'prompts.history': {
    input: z.object({
      search: z.string().max(500).optional(),
      /** Opaque cursor from the previous page. */
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200),
    }),
    output: z.object({ items: z.array(promptHistoryItemSchema), nextCursor: z.string().nullable() }),
  },
  'presets.list': { input: z.void(), output: z.array(presetSchema) },
  /** Saves by name: the same name (any case) replaces what was there. */
  'presets.save': { input: presetBodySchema.extend({ name: presetName }), output: presetSchema },
  'presets.delete': { input: z.object({ name: presetName }), output: z.object({ isDeleted: z.boolean() }) },
} as const;
