import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  dateFrom,
  hasFilters,
  modelFilterLabel,
  stillMatches,
  toQuery,
} from '../../../src/renderer/src/features/gallery/gallery-filters';
import { makeImage } from './gallery-fake-library';

const now = new Date(2025, 5, 15, 14, 30).getTime();

describe('date presets', () => {
  it('count whole local days back from midnight', () => {
    expect(dateFrom('all', now)).toBeUndefined();
    expect(dateFrom('today', now)).toBe(new Date(2025, 5, 15).getTime());
    expect(dateFrom('last7', now)).toBe(new Date(2025, 5, 9).getTime());
    expect(dateFrom('last30', now)).toBe(new Date(2025, 4, 17).getTime());
  });
});

describe('toQuery', () => {
  it('sends nothing for the default filters', () => {
    expect(toQuery(DEFAULT_FILTERS, now)).toEqual({ isStacked: true });
    expect(toQuery({ ...DEFAULT_FILTERS, isStacked: false }, now)).toEqual({});
    expect(hasFilters(DEFAULT_FILTERS)).toBe(false);
  });

  it('tells a ratio from an exact size and trims the search', () => {
    expect(toQuery({ ...DEFAULT_FILTERS, size: '16:9', search: '  花店 ' }, now)).toEqual({
      ratio: '16:9',
      search: '花店',
      isStacked: true,
    });
    expect(toQuery({ ...DEFAULT_FILTERS, size: '2048x2048' }, now)).toEqual({ size: '2048x2048', isStacked: true });
  });

  it('maps favourites, model, date and trash', () => {
    const filters = {
      ...DEFAULT_FILTERS,
      isFavoriteOnly: true,
      model: 'wan2.7-image-pro' as const,
      date: 'today' as const,
    };
    expect(toQuery(filters, now)).toEqual({
      isFavorite: true,
      model: 'wan2.7-image-pro',
      from: new Date(2025, 5, 15).getTime(),
      isStacked: true,
    });
    expect(toQuery({ ...DEFAULT_FILTERS, isTrash: true }, now)).toEqual({ isTrash: true });
    expect(hasFilters({ ...DEFAULT_FILTERS, isTrash: true })).toBe(false);
    expect(hasFilters(filters)).toBe(true);
  });
});

describe('stillMatches', () => {
  it('a trashed image leaves the gallery and joins the trash', () => {
    const trashed = makeImage(1, { deletedAt: 10 });
    expect(stillMatches(trashed, {})).toBe(false);
    expect(stillMatches(trashed, { isTrash: true })).toBe(true);
    expect(stillMatches(makeImage(1), { isTrash: true })).toBe(false);
  });

  it('an unfavourited image leaves the favourites view only', () => {
    expect(stillMatches(makeImage(1), { isFavorite: true })).toBe(false);
    expect(stillMatches(makeImage(1), {})).toBe(true);
    expect(stillMatches(makeImage(1, { isFavorite: true }), { isFavorite: true })).toBe(true);
  });
});

describe('model filter labels', () => {
  it('name the model without the size note, in either language', () => {
    expect(modelFilterLabel('wan2.7-image-pro', 'en')).toBe('Wan 2.7 Image Pro');
    expect(modelFilterLabel('wan2.7-image', 'en')).toBe('Wan 2.7 Image');
    expect(modelFilterLabel('wan2.7-image-pro', 'zh-CN')).toBe('万相 2.7 旗舰版');
    expect(modelFilterLabel('wan2.7-image', 'zh-CN')).toBe('万相 2.7 标准版');
  });
});

describe('stillMatches with filters typed in the search', () => {
  it('fav: and tag: decide like main does (tags ignore case and width)', () => {
    const item = makeImage(1, { isFavorite: true, tags: ['Summer', '夏天'] });
    expect(stillMatches(item, { search: '阳光 fav: tag:summer' })).toBe(true);
    expect(stillMatches(item, { search: 'tag:ＳＵＭＭＥＲ 标签：夏天' })).toBe(true);
    expect(stillMatches(item, { search: 'fav:no' })).toBe(false);
    expect(stillMatches({ ...item, tags: ['夏天'] }, { search: 'tag:summer' })).toBe(false);
    // A filter that cannot be read is not applied, here as in main.
    expect(stillMatches(item, { search: 'fav:maybe seed:abc' })).toBe(true);
  });
});
