import { describe, expect, it } from 'vitest';
import { EMPTY_RECALL, remember, stepRecall } from '../../../src/renderer/src/features/studio/prompt-history';

describe('prompt recall', () => {
  it('does nothing without history', () => {
    expect(stepRecall(EMPTY_RECALL, 'x', 'older')).toBeNull();
    expect(stepRecall(EMPTY_RECALL, 'x', 'newer')).toBeNull();
  });

  it('skips an entry equal to the text already shown', () => {
    const step = stepRecall({ history: ['same', 'other'], index: -1, draft: '' }, 'same', 'older');
    expect(step?.prompt).toBe('other');
    expect(step?.recall.index).toBe(1);
  });

  it('keeps the draft while walking and gives it back at the end', () => {
    const first = stepRecall({ history: ['a', 'b'], index: -1, draft: '' }, 'typing…', 'older')!;
    const second = stepRecall(first.recall, first.prompt, 'older')!;
    expect(second.recall.draft).toBe('typing…');
    const back = stepRecall(stepRecall(second.recall, second.prompt, 'newer')!.recall, 'a', 'newer')!;
    expect(back.prompt).toBe('typing…');
    expect(back.recall.index).toBe(-1);
  });

  it('remember de-duplicates, trims and caps', () => {
    expect(remember(['a', 'b', 'c'], ' c ', 3)).toEqual(['c', 'a', 'b']);
    expect(remember(['a'], '   ')).toEqual(['a']);
    expect(remember(['a', 'b'], 'z', 2)).toEqual(['z', 'a']);
  });
});
