import { REFERENCE_LIMITS } from '../../../../shared/capabilities';
import type { InputView } from '../../../../shared/inputs-contract';
import type { StudioReference } from './studio-form';

// The reference strip's list rules, pure: appended in order, never more than the limit, the same
// stored file not twice (content-addressed, so the same bytes are the same sha256), reordered by
// moving one item.

export type AddOutcome = {
  references: StudioReference[];
  /** Files already in the strip. */
  duplicates: InputView[];
  /** Files past the limit of REFERENCE_LIMITS.maxImages. */
  overflow: InputView[];
};

export function appendReferences(current: readonly StudioReference[], inputs: readonly InputView[]): AddOutcome {
  const references = [...current];
  const duplicates: InputView[] = [];
  const overflow: InputView[] = [];
  for (const input of inputs) {
    if (references.some((r) => r.input.sha256 === input.sha256)) duplicates.push(input);
    else if (references.length >= REFERENCE_LIMITS.maxImages) overflow.push(input);
    else references.push({ input, boxes: [] });
  }
  return { references, duplicates, overflow };
}

/** Moves one item to `to` (clamped), keeping the others' order. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const target = Math.min(Math.max(to, 0), out.length - 1);
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item!);
  return out;
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function roomLeft(current: readonly StudioReference[]): number {
  return Math.max(0, REFERENCE_LIMITS.maxImages - current.length);
}
