import { randomBytes } from 'node:crypto';
import type { GenerationRequest } from '../../../shared/generation-request';
import type { ModelId } from '../../../shared/models';
import type { GenerationRecord } from '../../../shared/library-types';

/** Time-ordered ids (base-36 milliseconds, then randomness): they sort as they were made. */
export function newGenerationId(now: number): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
}

/** The request that made a record, seed included: what rerun and resume send again. */
export function requestFromRecord(record: GenerationRecord): GenerationRequest {
  return {
    model: record.model as ModelId,
    prompt: record.prompt,
    size: record.size,
    n: record.n,
    seed: record.seed,
    isSequential: record.parameters.isSequential,
    thinkingMode: record.parameters.thinkingMode,
    colorPalette: record.parameters.colorPalette,
    watermark: record.parameters.watermark,
    responseFormat: record.parameters.responseFormat,
    mode: record.mode,
  };
}
