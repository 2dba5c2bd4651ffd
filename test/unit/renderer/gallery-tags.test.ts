import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  hasFilters,
  stillMatches,
  toQuery,
} from '../../../src/renderer/src/features/gallery/gallery-filters';
import { retag } from '../../../src/renderer/src/features/gallery/gallery-mutations';
import { parseTags, suggestTags } from '../../../src/renderer/src/features/gallery/tag-store';
import { makeImage } from './gallery-fake-library';

// Tags as typed, suggested, filtered on and applied to cached images.

describe('typing tags', () => {
  it('splits on ASCII and Chinese commas, trims, and drops empties and repeats', () => {
    expect(parseTags(' 客户A，海报 , 海报,、 night  shots ')).toEqual(['客户A', '海报', 'night shots']);
    expect(parseTags(' , ')).toEqual([]);
  });

  it('suggests tags that contain what is typed, most used first, without those already there', () => {
    const all = [
      { name: '海报', count: 3 },
      { name: '海报-终稿', count: 9 },
      { name: '客户A', count: 20 },
    ];
    expect(suggestTags(all, '海报', [])).toEqual(['海报-终稿', '海报']);
    expect(suggestTags(all, '', ['客户A'])).toEqual(['海报-终稿', '海报']);
  });
});

describe('the tag filter', () => {
  it('becomes query.tags and counts as a filter', () => {
    expect(toQuery({ ...DEFAULT_FILTERS, tags: ['客户A', '海报'] }, 0)).toEqual({
      tags: ['客户A', '海报'],
      isStacked: true,
    });
    expect(hasFilters({ ...DEFAULT_FILTERS, tags: ['客户A'] })).toBe(true);
  });

  it('an image must carry every chosen tag to stay in the view', () => {
    const image = makeImage(1, { tags: ['客户A'] });
    expect(stillMatches(image, { tags: ['客户A'] })).toBe(true);
    expect(stillMatches(image, { tags: ['客户A', '海报'] })).toBe(false);
    expect(stillMatches(makeImage(2), {})).toBe(true);
  });

  it('retag adds and removes, sorted as main sorts', () => {
    expect(retag(['b', 'a'], ['c', 'a'], ['b'])).toEqual(['a', 'c']);
  });
});
