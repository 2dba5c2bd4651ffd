import { describe, expect, it } from 'vitest';
import { mergeHandlers } from '../../src/main/services/app/merge-handlers';

describe('mergeHandlers', () => {
  it('puts handler groups together', () => {
    const merged = mergeHandlers({ 'library.count': () => ({ total: 3 }) }, { 'library.prompts': () => ['a cat'] });
    expect(Object.keys(merged).sort()).toEqual(['library.count', 'library.prompts']);
    expect(merged['library.count']()).toEqual({ total: 3 });
  });

  it('refuses two groups that answer the same method', () => {
    expect(() =>
      mergeHandlers(
        { 'library.count': () => ({ total: 1 }) },
        { 'library.prompts': () => [] },
        { 'library.count': () => ({ total: 2 }) },
      ),
    ).toThrow('two handler groups define "library.count"');
  });
});
