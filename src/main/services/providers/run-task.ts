import type { SeededGenerationRequest } from '../../../shared/generation-request';
import type { GatewayClient, ResultImage, Usage } from './gateway-client';
import { waitForTask, type WaitOptions } from './task-waiter';

export type RunTaskHooks = {
  signal?: AbortSignal;
  /** The create was sent (after the limits let it through). */
  onCreating?: () => void;
  /** The gateway accepted an async task: the moment to save its id. */
  onSubmitted?: (taskId: string) => void;
  onProgress?: WaitOptions['onProgress'];
  timing?: WaitOptions['timing'];
  clock?: WaitOptions['clock'];
};

export type TaskOutcome = { taskId?: string; images: ResultImage[]; usage?: Usage };

/**
 * One generation from create to finished result, holding one of the client's in-flight slots
 * the whole time, so at most `maxTasksInFlight` tasks run against the account at once.
 */
export async function runTask(
  client: GatewayClient,
  request: SeededGenerationRequest,
  hooks: RunTaskHooks = {},
): Promise<TaskOutcome> {
  const release = await client.taskSlots.acquire(hooks.signal);
  try {
    hooks.onCreating?.();
    const created = await client.create(request, { signal: hooks.signal });
    if (created.kind === 'images') return { taskId: created.taskId, images: created.images, usage: created.usage };
    hooks.onSubmitted?.(created.taskId);
    const done = await waitForTask(client, created.taskId, {
      signal: hooks.signal,
      timing: hooks.timing,
      clock: hooks.clock,
      onProgress: hooks.onProgress,
    });
    return { taskId: created.taskId, ...done };
  } finally {
    release();
  }
}

/** Resumes waiting on a task created earlier (a saved id), under the same in-flight limit. */
export async function resumeTask(
  client: GatewayClient,
  taskId: string,
  hooks: RunTaskHooks & { elapsedMs?: number } = {},
): Promise<TaskOutcome> {
  const release = await client.taskSlots.acquire(hooks.signal);
  try {
    const done = await waitForTask(client, taskId, {
      signal: hooks.signal,
      timing: hooks.timing,
      clock: hooks.clock,
      onProgress: hooks.onProgress,
      elapsedMs: hooks.elapsedMs,
    });
    return { taskId, ...done };
  } finally {
    release();
  }
}
