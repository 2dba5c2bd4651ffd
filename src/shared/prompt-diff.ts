import { diffArrays } from 'diff';

// A word-level diff between the prompt that was sent and the one the model rewrote it into.
// Chinese has no spaces between words, so tokens come from Intl.Segmenter (locale zh, which also
// splits Latin text at word boundaries); spaces and punctuation are tokens of their own so the
// text joins back exactly.

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

let segmenter: Intl.Segmenter | null = null;
const MAX_EDITS = 600;

export function tokenize(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Runs of unchanged, removed and added text; joined, the same+removed parts give the prompt back. */
export function diffPrompts(prompt: string, revised: string): DiffPart[] {
  const before = tokenize(prompt);
  const after = tokenize(revised);
  // A rewrite into other words entirely (or another language) would cost the full quadratic
  // search for a useless result: past this many edits it reads as one removal and one addition.
  const changes = diffArrays(before, after, { maxEditLength: MAX_EDITS }) ?? [
    { value: before, added: false, removed: true, count: before.length },
    { value: after, added: true, removed: false, count: after.length },
  ];
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    if (text === '') continue;
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  }
  return parts;
}

/** Counts of words added and removed (spaces and punctuation not counted), for a one-line summary. */
export function diffCounts(parts: readonly DiffPart[]): { added: number; removed: number } {
  const words = (text: string): number => tokenize(text).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === 'added') added += words(part.text);
    if (part.kind === 'removed') removed += words(part.text);
  }
  return { added, removed };
}
