import { z } from 'zod';
import { errorValueSchema } from './errors';
import { generationRequestSchema } from './generation-request';
import { LOCALES } from './i18n-messages';
import { GENERATION_STATUSES } from './library-types';

// The one contract between the renderer and main (and browser mode, and the CLI's types).
// Invoke methods are `domain.verb`; events are past tense. Nothing else crosses the boundary.
// Later issues fill it in; every transport derives its types from these schemas.

const generationId = z.string().min(1).max(64);

export const invokeContract = {
  'app.info': {
    input: z.void(),
    output: z.object({
      name: z.string(),
      version: z.string(),
      locale: z.enum(LOCALES),
      isOffline: z.boolean(),
      profileName: z.string(),
    }),
  },
  'generation.start': {
    input: z.object({ request: generationRequestSchema }),
    output: z.object({ generationId }),
  },
  'generation.cancel': {
    input: z.object({ generationId }),
    output: z.object({ isCanceled: z.boolean() }),
  },
} as const;

const jobStatus = z.enum(GENERATION_STATUSES);
export type JobStatus = z.infer<typeof jobStatus>;

export const eventContract = {
  'generation.queued': z.object({ generationId }),
  'generation.submitted': z.object({ generationId, taskId: z.string().nullable() }),
  'generation.progressed': z.object({ generationId, status: jobStatus, progress: z.number().min(0).max(100) }),
  'generation.downloading': z.object({ generationId, received: z.number().int(), total: z.number().int() }),
  'generation.finished': z.object({ generationId, imageIds: z.array(z.string()) }),
  'generation.failed': z.object({ generationId, error: errorValueSchema }),
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeMethod = keyof InvokeContract;
export type InvokeInput<M extends InvokeMethod> = z.input<InvokeContract[M]['input']>;
export type InvokeOutput<M extends InvokeMethod> = z.output<InvokeContract[M]['output']>;

export type EventContract = typeof eventContract;
export type EventName = keyof EventContract;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;

/** Every invoke answers with a value, never a thrown error: a thrown error loses all but its message over IPC. */
export type InvokeResult<M extends InvokeMethod> =
  { ok: true; value: InvokeOutput<M> } | { ok: false; error: z.output<typeof errorValueSchema> };

export const INVOKE_METHODS = Object.keys(invokeContract) as InvokeMethod[];
export const EVENT_NAMES = Object.keys(eventContract) as EventName[];

export function isInvokeMethod(name: unknown): name is InvokeMethod {
  return typeof name === 'string' && Object.hasOwn(invokeContract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventContract, name);
}

/** The API the renderer sees as `window.wan`, whichever transport fills it. */
export type WanApi = {
  invoke<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
