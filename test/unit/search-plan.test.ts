import { describe, expect, it } from 'vitest';
import { planSearch, spacedChars } from '../../src/main/services/library/search-plan';

describe('search plan', () => {
  it('sends terms of three or more characters to the trigram index', () => {
    expect(planSearch('  江南水乡  watercolour ')).toEqual({
      fts: { table: 'generations_fts', match: '"江南水乡" AND "watercolour"' },
      likeTerms: [],
    });
  });

  it('sends every term to the per-character index when one is short, and rechecks them all with LIKE', () => {
    expect(planSearch('花店 水彩风格')).toEqual({
      fts: { table: 'generations_chars', match: '"花 店" AND "水 彩 风 格"' },
      likeTerms: ['花店', '水彩风格'],
    });
  });

  it('leaves terms with no letter or digit to LIKE alone, and quotes what FTS would read as syntax', () => {
    expect(planSearch('🌸')).toEqual({ likeTerms: ['🌸'] });
    // Terms are folded (NFKC, lower case) like the index, so "OR" is a plain word here.
    expect(planSearch('a"b OR')).toEqual({
      fts: { table: 'generations_chars', match: '"a "" b" AND "o r"' },
      likeTerms: ['a"b', 'or'],
    });
    expect(planSearch('   ')).toBeUndefined();
  });

  it('spaces characters by code point', () => {
    expect(spacedChars('花🌸a')).toBe('花 🌸 a');
  });

  it('folds full-width forms and case before planning', () => {
    expect(planSearch('阳光，水彩')).toEqual({
      fts: { table: 'generations_fts', match: '"阳光,水彩"' },
      likeTerms: [],
    });
    expect(planSearch('ＡＢ')).toEqual({ fts: { table: 'generations_chars', match: '"a b"' }, likeTerms: ['ab'] });
  });
});
