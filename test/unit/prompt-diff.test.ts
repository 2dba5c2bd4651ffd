import { describe, expect, it } from 'vitest';
import { diffCounts, diffPrompts, tokenize } from '../../src/shared/prompt-diff';

const join = (parts: { text: string }[]): string => parts.map((p) => p.text).join('');

describe('prompt diff', () => {
  it('splits Chinese into words, not characters or one run', () => {
    const tokens = tokenize('一只橘猫坐在窗台上');
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.length).toBeLessThan(9);
    expect(tokens.join('')).toBe('一只橘猫坐在窗台上');
    expect(tokens).toContain('坐在');
  });

  it('marks a Chinese insertion as added words and keeps the rest the same', () => {
    const parts = diffPrompts('一只猫坐在窗台上', '一只可爱的橘猫坐在阳光下的窗台上');
    const added = parts.filter((p) => p.kind === 'added').map((p) => p.text);
    expect(added.join('')).toContain('可爱');
    expect(added.join('')).toContain('阳光');
    expect(parts.some((p) => p.kind === 'same' && p.text.includes('窗台'))).toBe(true);
    // Punctuation is not a word: ",细节丰富" adds two words, not three.
    expect(diffCounts(diffPrompts('一只猫', '一只猫,细节丰富')).added).toBe(2);
    // Unchanged + added give the revised text back; unchanged + removed give the prompt.
    expect(join(parts.filter((p) => p.kind !== 'removed'))).toBe('一只可爱的橘猫坐在阳光下的窗台上');
    expect(join(parts.filter((p) => p.kind !== 'added'))).toBe('一只猫坐在窗台上');
  });

  it('marks an English deletion and insertion by whole words', () => {
    const parts = diffPrompts('a red fox in the snow', 'a small red fox running in snow');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toContain('the');
    const added = parts.filter((p) => p.kind === 'added').map((p) => p.text.trim());
    expect(added).toContain('small');
    expect(added).toContain('running');
    expect(diffCounts(parts)).toEqual({ added: 2, removed: 1 });
    expect(join(parts.filter((p) => p.kind !== 'removed'))).toBe('a small red fox running in snow');
  });

  it('gives one unchanged part for equal text and merges adjacent runs', () => {
    expect(diffPrompts('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
    const parts = diffPrompts('x', 'one two three');
    expect(parts.filter((p) => p.kind === 'added')).toHaveLength(1);
  });

  it('gives up on a rewrite into other words entirely: one removal, one addition', () => {
    const prompt = Array.from({ length: 800 }, (_, i) => `a${i}`).join(' ');
    const revised = Array.from({ length: 800 }, (_, i) => `b${i}`).join(' ');
    expect(diffPrompts(prompt, revised)).toEqual([
      { kind: 'removed', text: prompt },
      { kind: 'added', text: revised },
    ]);
  });
});
