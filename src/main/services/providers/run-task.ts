import type { SeededGenerationRequest } from '../../../shared/generation-request';
import type { CreateOptions, ImageProvider, ResultImage, Usage } from './provider-types';
import { waitForTask, type WaitOptions } from './task-waiter';

export type RunTaskHooks = {
  signal?: AbortSignal;
  /** The request's references, prepared (in its order). */
  references?: CreateOptions['references'];
  /** The gateway accepted an async task: the moment to save its id. */
  onSubmitted?: (taskId: string) => void;
  onProgress?: WaitOptions['onProgress'];
  timing?: WaitOptions['timing'];
  clock?: WaitOptions['clock'];
};

export type TaskOutcome = { taskId?: string; images: ResultImage[]; usage?: Usage };

/**
 * One generation from create to finished result, with no bookkeeping: for benchmarks and tests
 * of the client. The app goes through the job engine, which adds the slot ledger, claims and
 * backpressure around the same two calls.
 */
export async function runTask(
  client: ImageProvider,
  request: SeededGenerationRequest,
  hooks: RunTaskHooks = {},
): Promise<TaskOutcome> {
  const created = await client.create(request, { signal: hooks.signal, references: hooks.references });
  if (created.kind === 'images') return { taskId: created.taskId, images: created.images, usage: created.usage };
  hooks.onSubmitted?.(created.taskId);
  const done = await waitForTask(client, created.taskId, {
    signal: hooks.signal,
    timing: hooks.timing,
    clock: hooks.clock,
    onProgress: hooks.onProgress,
  });
  return { taskId: created.taskId, ...done };
}
