import { randomBytes } from 'node:crypto';
import type { GenerationRequest } from '../../../shared/generation-request';
import type { ModelId } from '../../../shared/models';
type Box = [number, number, number, number];
import type { GenerationRecord } from '../../../shared/library-types';
import type { LibraryRepository } from '../library/library-repository';
import type { ReferenceRow } from '../inputs/input-repository';

/** Time-ordered ids (base-36 milliseconds, then randomness): they sort as they were made. */
export function newGenerationId(now: number): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
}

/**
 * The request that made a record, seed included: what rerun, vary, retry and resume send again,
 * with its references (in order, with their boxes; kept in generation_inputs) and exact palette.
 */
export function requestFromRecord(
  record: GenerationRecord,
  references: readonly ReferenceRow[] = [],
): GenerationRequest {
  const { palette } = record.parameters;
  return {
    model: record.model as ModelId,
    prompt: record.prompt,
    size: record.size,
    n: record.n,
    seed: record.seed,
    isSequential: record.parameters.isSequential,
    thinkingMode: record.parameters.thinkingMode,
    colorPalette: record.parameters.colorPalette,
    ...(references.length > 0
      ? { references: references.map((r) => ({ sha256: r.sha256, boxes: r.boxes.map((b) => [...b] as Box) })) }
      : {}),
    ...(palette ? { palette: palette.map((e) => ({ ...e })) } : {}),
    watermark: record.parameters.watermark,
    responseFormat: record.parameters.responseFormat,
    mode: record.mode,
  };
}

/** A task and its result URLs stay queryable upstream for 24 hours. */
export const TASK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Failures a later try can get past without a new create: the network, the service, a reply we
 * could not read, a full or read-only disk. A job that failed this way and kept its task or its
 * results is picked up again by `resume` (at app start, and `wan-studio resume`).
 */
export const RESUMABLE_FAILURES = [
  'network',
  'server',
  'rate_limited',
  'malformed_response',
  'expired',
  'disk',
  'disk_full',
  'read_only',
  'write_failed',
  'internal',
] as const;

export type RetryAction = 'download' | 'poll' | 'restore' | 'create';
export type RetryPlan = { action: RetryAction; costsNewImage: boolean };

/**
 * How a retry continues a job that stopped: fetch the saved results again, re-poll the task (its
 * results may have expired), take canceled-but-billed images back out of the trash, or — only
 * when there is no task to continue — send a new, billed create. Undefined: nothing to retry.
 */
export function retryPlan(
  record: Pick<GenerationRecord, 'status' | 'taskId' | 'submittedAt' | 'createdAt' | 'isFollowingUpstream' | 'error'>,
  state: { hasResultItems: boolean; trashedImages: number },
  now: number,
): RetryPlan | undefined {
  if (!['failed', 'interrupted', 'canceled'].includes(record.status) || record.isFollowingUpstream) return undefined;
  if (record.status === 'canceled' && state.trashedImages > 0) return { action: 'restore', costsNewImage: false };
  const isTaskAlive = now - (record.submittedAt ?? record.createdAt) < TASK_LIFETIME_MS;
  if (state.hasResultItems && isTaskAlive) return { action: 'download', costsNewImage: false };
  // A task upstream said failed is over; one we stopped following (the connection, the deadline,
  // a full disk) may have finished meanwhile.
  const code = record.error?.code;
  const isTaskUnfinishedHere =
    record.status === 'failed' && code !== undefined && (isResumableFailure(code) || code === 'timeout');
  if (record.taskId && isTaskAlive && isTaskUnfinishedHere) return { action: 'poll', costsNewImage: false };
  return { action: 'create', costsNewImage: true };
}

export function isResumableFailure(code: string): boolean {
  return (RESUMABLE_FAILURES as readonly string[]).includes(code);
}

/** The retry plan of a stored job, reading what it kept (saved results, images in the trash). */
export function retryPlanOf(
  repo: Pick<LibraryRepository, 'imagesOf' | 'getResultItems'>,
  record: GenerationRecord,
  now: number,
): RetryPlan | undefined {
  if (!['failed', 'interrupted', 'canceled'].includes(record.status)) return undefined;
  const trashedImages = repo.imagesOf(record.id, true).filter((i) => i.deletedAt !== null).length;
  const hasResultItems = (repo.getResultItems(record.id)?.length ?? 0) > 0;
  return retryPlan(record, { hasResultItems, trashedImages }, now);
}
