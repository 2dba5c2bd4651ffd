import { describe, expect, it } from 'vitest';
import { describeProblem, filterLabel, parseSearch, removeSpan, resolveModel } from '../../src/shared/search-syntax';

const filtersOf = (text: string) => parseSearch(text).filters.map((f) => f.filter);
const problemsOf = (text: string) => parseSearch(text).problems.map((p) => [p.key, p.reason]);

describe('search syntax', () => {
  it('splits free text from filters, in any order and mix', () => {
    const parsed = parseSearch('阳光 tag:夏天 seed:42 水彩');
    expect(parsed.text).toBe('阳光 水彩');
    expect(parsed.filters.map((f) => f.filter)).toEqual([
      { key: 'tag', name: '夏天' },
      { key: 'seed', seed: 42 },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('takes the full-width colon, full-width keys and digits an IME types', () => {
    expect(filtersOf('tag：夏天 seed：４２ ＳＥＥＤ:7 Tag:Summer')).toEqual([
      { key: 'tag', name: '夏天' },
      { key: 'seed', seed: 42 },
      { key: 'seed', seed: 7 },
      { key: 'tag', name: 'Summer' },
    ]);
  });

  it('knows the Chinese names of the keys', () => {
    expect(filtersOf('标签:夏天 种子：5 收藏: 组图:否 模型:pro 尺寸:16:9')).toEqual([
      { key: 'tag', name: '夏天' },
      { key: 'seed', seed: 5 },
      { key: 'fav', isFavorite: true },
      { key: 'set', isSet: false },
      { key: 'model', model: 'wan2.7-image-pro' },
      { key: 'size', label: '16:9', sizes: ['4096x2304', '2688x1536', '1696x960'] },
    ]);
  });

  it('reads quoted values with spaces, straight or curly, and an unclosed quote to the end', () => {
    const parsed = parseSearch('tag:"two words" 猫 tag:“两个 词” tag:「春 天」 tag:"open end');
    expect(parsed.text).toBe('猫');
    expect(parsed.filters.map((f) => f.filter)).toEqual([
      { key: 'tag', name: 'two words' },
      { key: 'tag', name: '两个 词' },
      { key: 'tag', name: '春 天' },
      { key: 'tag', name: 'open end' },
    ]);
  });

  it('leaves quotes elsewhere, URLs and unknown keys as free text', () => {
    const parsed = parseSearch('"a b" http://x.y ratio:16:9 c:d');
    expect(parsed.filters).toEqual([]);
    expect(parsed.text).toBe('"a b" http://x.y ratio:16:9 c:d');
  });

  it('reads sizes as WxH, W*H, W×H (full-width too), a ratio or a tier', () => {
    expect(filtersOf('size:2048x2048 size:2048*2048 size:2048×2048 size:２０４８＊２０４８ size:2048X2048')).toEqual(
      Array(5).fill({ key: 'size', label: '2048×2048', sizes: ['2048x2048'] }),
    );
    const [k4] = filtersOf('size:4k');
    expect(k4).toMatchObject({ key: 'size', label: '4K' });
    expect(k4?.key === 'size' && k4.sizes).toEqual(['4096x4096', '4096x2304', '2304x4096', '4096x3072', '3072x4096']);
  });

  it('matches a model by id, short name or a part only one id has', () => {
    expect(resolveModel('wan2.7-image-pro')).toBe('wan2.7-image-pro');
    expect(resolveModel('PRO')).toBe('wan2.7-image-pro');
    expect(resolveModel('image')).toBe('wan2.7-image');
    expect(resolveModel('image-pro')).toBe('wan2.7-image-pro');
    expect(resolveModel('2.7')).toBe('ambiguous');
    expect(resolveModel('flux')).toBeUndefined();
  });

  it('reads yes and no for set: and fav:, bare meaning yes', () => {
    expect(filtersOf('set: fav: set:no fav:否 fav:YES set:1')).toEqual([
      { key: 'set', isSet: true },
      { key: 'fav', isFavorite: true },
      { key: 'set', isSet: false },
      { key: 'fav', isFavorite: false },
      { key: 'fav', isFavorite: true },
      { key: 'set', isSet: true },
    ]);
  });

  it('reports malformed values as problems with a reason, never throwing', () => {
    expect(
      problemsOf('seed:abc seed:-1 seed:99999999999 seed: tag: model:2.7 model:flux size:big size:5:7 fav:maybe'),
    ).toEqual([
      ['seed', 'notSeed'],
      ['seed', 'notSeed'],
      ['seed', 'notSeed'],
      ['seed', 'empty'],
      ['tag', 'empty'],
      ['model', 'ambiguousModel'],
      ['model', 'unknownModel'],
      ['size', 'notSize'],
      ['size', 'notSize'],
      ['fav', 'notYesNo'],
    ]);
    expect(problemsOf(`tag:${'长'.repeat(61)}`)).toEqual([['tag', 'badTag']]);
    expect(parseSearch('seed:abc 猫').text).toBe('猫');
  });

  it('says what is wrong in both languages', () => {
    const [problem] = parseSearch('seed:abc').problems;
    expect(describeProblem(problem!, 'en')).toBe('seed "abc" is not a whole number from 0 to 2147483647');
    expect(describeProblem(problem!, 'zh-CN')).toBe('种子“abc”不是 0 到 2147483647 之间的整数');
  });

  it('gives each filter its place in the text, so a chip removes exactly it', () => {
    const text = '阳光  tag:"two words"  seed:42';
    const [tag, seed] = parseSearch(text).filters;
    expect(text.slice(tag!.start, tag!.end)).toBe('tag:"two words"');
    expect(removeSpan(text, tag!)).toBe('阳光 seed:42');
    expect(removeSpan(text, seed!)).toBe('阳光  tag:"two words"');
    expect(filterLabel(tag!)).toBe('tag: two words');
    expect(filterLabel(parseSearch('fav:no').filters[0]!)).toBe('fav: no');
  });

  it('is empty for empty text', () => {
    expect(parseSearch('   ')).toEqual({ text: '', filters: [], problems: [] });
  });
});
