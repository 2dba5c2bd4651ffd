import type { GenerationRecord } from './library-types';
import { isModelId } from './models';

// Whether a stored record still holds a request that can be sent again. Main refuses a rerun by
// this rule and the detail view offers Rerun and Vary by it, so the two never disagree.

/** The profile name imported records carry: library items, never jobs of this library's queue. */
export const IMPORT_PROFILE = 'import';

/**
 * Why a record cannot be rerun: `no_model` — not made by a Wan model this app knows (a plain
 * imported image says `unknown`, or another tool's model); `no_prompt` — nothing to ask for.
 */
export type RerunBlock = 'no_model' | 'no_prompt';

export function rerunBlockOf(record: Pick<GenerationRecord, 'model' | 'prompt'>): RerunBlock | null {
  if (!isModelId(record.model)) return 'no_model';
  if (record.prompt.trim() === '') return 'no_prompt';
  return null;
}

export function isImported(record: Pick<GenerationRecord, 'providerProfile'>): boolean {
  return record.providerProfile === IMPORT_PROFILE;
}
