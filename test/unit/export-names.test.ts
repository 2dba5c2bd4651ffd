import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  extensionFor,
  layoutFolders,
  pathKey,
  plannedPath,
  renderStem,
  sanitizeSegment,
  SEGMENT_MAX_BYTES,
  templateProblem,
  uniquePath,
  type NameSource,
} from '../../src/shared/export-names';
import { DEFAULT_TEMPLATE } from '../../src/shared/export-types';

// Built from local fields so the expectations hold in any time zone.
const CREATED = new Date(2026, 10, 24, 9, 5, 7).getTime();

const source: NameSource = {
  imageId: 'img_7f3a9c',
  generationId: 'gen_0123456789abcdef',
  index: 2,
  setSize: 4,
  createdAt: CREATED,
  model: 'wan2.7-image-pro',
  size: '2048*2048',
  seed: 123456,
  prompt: '  A red fox\n\tin   deep snow, at dawn  ',
  setNumber: 7,
};

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('name templates', () => {
  it('renders every token', () => {
    expect(renderStem('{date}', source)).toBe('2026-11-24');
    expect(renderStem('{time}', source)).toBe('090507');
    expect(renderStem('{model}', source)).toBe('wan2.7-image-pro');
    expect(renderStem('{size}', source)).toBe('2048x2048');
    expect(renderStem('{size}', { ...source, size: '1696x960' })).toBe('1696x960');
    expect(renderStem('{seed}', source)).toBe('123456');
    expect(renderStem('{index}', source)).toBe('03');
    expect(renderStem('{index}', { ...source, index: 11 })).toBe('12');
    expect(renderStem('{id}', source)).toBe('img_7f3a9c');
    expect(renderStem('{prompt}', source)).toBe('A red fox in deep snow, at dawn');
    expect(renderStem('{prompt:9}', source)).toBe('A red fox');
    expect(renderStem('{prompt}', { ...source, prompt: 'x'.repeat(40) })).toBe('x'.repeat(32));
  });

  it('renders the default template and keeps literal text', () => {
    expect(renderStem(DEFAULT_TEMPLATE, source)).toBe('2026-11-24_090507_A red fox in deep snow,_123456_03');
    expect(renderStem('wan-{seed} [{index}]', source)).toBe('wan-123456 [03]');
  });

  it('writes a doubled brace as a literal brace', () => {
    expect(checkTemplate('{{x}}_{seed}')).toEqual({ ok: true });
    expect(renderStem('{{x}}_{seed}', source)).toBe('{x}_123456');
    expect(renderStem('a}b_{seed}', source)).toBe('a}b_123456');
  });

  it('refuses unknown, malformed and token-less templates', () => {
    expect(checkTemplate(DEFAULT_TEMPLATE)).toEqual({ ok: true });
    expect(checkTemplate('{prompt:300}_{id}')).toEqual({ ok: true });
    expect(checkTemplate('{sed}')).toEqual({ ok: false, token: '{sed}', reason: 'unknown_token' });
    expect(checkTemplate('{Date}')).toEqual({ ok: false, token: '{Date}', reason: 'unknown_token' });
    expect(checkTemplate('{seed:4}')).toEqual({ ok: false, token: '{seed:4}', reason: 'unknown_token' });
    expect(checkTemplate('{}')).toEqual({ ok: false, token: '{}', reason: 'unknown_token' });
    expect(checkTemplate('{prompt:0}')).toEqual({ ok: false, token: '{prompt:0}', reason: 'bad_length' });
    expect(checkTemplate('{prompt:301}')).toEqual({ ok: false, token: '{prompt:301}', reason: 'bad_length' });
    expect(checkTemplate('{prompt:-1}')).toEqual({ ok: false, token: '{prompt:-1}', reason: 'bad_length' });
    expect(checkTemplate('{prompt:2.5}')).toEqual({ ok: false, token: '{prompt:2.5}', reason: 'bad_length' });
    expect(checkTemplate('{date')).toEqual({ ok: false, token: '{date', reason: 'unclosed' });
    expect(checkTemplate('{da{seed}')).toEqual({ ok: false, token: '{da', reason: 'unclosed' });
    expect(checkTemplate('photo')).toEqual({ ok: false, token: '', reason: 'no_token' });
    expect(checkTemplate('{{seed}}')).toEqual({ ok: false, token: '', reason: 'no_token' });
    expect(() => renderStem('{sed}', source)).toThrow(/not a known token/);
    expect(templateProblem(checkTemplate('photo'))).toMatch(/at least one/);
    expect(templateProblem(checkTemplate('{seed}'))).toBeNull();
  });

  it('cuts a long Chinese prompt on a character boundary within the byte limit, keeping the seed', () => {
    const prompt = Array.from({ length: 300 }, (_, i) => '山水画中的小桥流水人家'[i % 11]).join('');
    const stem = renderStem('{prompt:300}_{seed}', { ...source, prompt });
    expect(bytes(stem)).toBeLessThanOrEqual(SEGMENT_MAX_BYTES);
    expect(stem.endsWith('_123456')).toBe(true);
    const excerpt = stem.slice(0, -'_123456'.length);
    expect(prompt.startsWith(excerpt)).toBe(true);
    expect(excerpt.length).toBeGreaterThan(50);
    expect(Buffer.from(stem, 'utf8').toString('utf8')).toBe(stem);
    expect(bytes(stem + ' (999).webp')).toBeLessThanOrEqual(255);
  });

  it('keeps emoji clusters whole when cutting', () => {
    const family = '👨‍👩‍👧‍👦';
    const stem = renderStem('{prompt:300}', { ...source, prompt: family.repeat(20) });
    expect(bytes(stem)).toBeLessThanOrEqual(SEGMENT_MAX_BYTES);
    expect(stem.length % family.length).toBe(0);
    expect(stem).toBe(family.repeat(stem.length / family.length));
    expect(renderStem('{prompt:3}', { ...source, prompt: 'e\u0301e\u0301e\u0301e\u0301' })).toBe('ééé');
  });

  it('makes hostile prompts and ids into harmless names', () => {
    const hostile = ['../../etc/passwd', 'a/b\\c', 'C:\\x', 'CON', 'nul .txt', '....', '', 'x\u0000y\u001fz\u007f'];
    for (const prompt of hostile) {
      const path = plannedPath({ template: '{prompt}', layout: 'flat', format: 'png' }, { ...source, prompt });
      expect(path.split('/')).toHaveLength(1);
      // eslint-disable-next-line no-control-regex -- control characters are what must not get through
      expect(path).not.toMatch(/[\\/:<>"|?*\u0000-\u001f\u007f]|\.\./);
      expect(path.split('.')[0]?.trim()).not.toMatch(/^(con|prn|aux|nul)$/i);
    }
    expect(renderStem('{prompt}', { ...source, prompt: '' })).toBe('image');
    expect(renderStem('{id}', { ...source, imageId: '../../x' })).toBe('_._x');
  });
});

describe('sanitizeSegment', () => {
  it.each([
    ['../../etc/passwd', '_._etc_passwd'],
    ['a/b\\c', 'a_b_c'],
    ['C:\\x', 'C__x'],
    ['CON', '_CON'],
    ['con.png', '_con.png'],
    ['Lpt9.tar.gz', '_Lpt9.tar.gz'],
    ['COM¹', '_COM¹'],
    ['nul .txt', '_nul .txt'],
    ['CONSOLE', 'CONSOLE'],
    ['....', '_'],
    ['..', '_'],
    ['', '_'],
    ['  . trailing. . ', 'trailing'],
    ['a<b>c:d"e|f?g*h', 'a_b_c_d_e_f_g_h'],
    ['tab\there\nnew', 'tab_here_new'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
    ['\u2066iso\u2069late', 'isolate'],
    ['cafe\u0301', 'café'],
    ['🦊 fox', '🦊 fox'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeSegment(input)).toBe(expected);
  });

  it('normalises to NFC', () => {
    expect(sanitizeSegment('cafe\u0301')).toBe('caf\u00e9');
  });

  it('cuts to the byte limit on grapheme boundaries', () => {
    expect(sanitizeSegment('abcdef', 4)).toBe('abcd');
    expect(sanitizeSegment('中文字', 7)).toBe('中文');
    expect(sanitizeSegment('a🦊b', 4)).toBe('a');
    expect(sanitizeSegment('ae\u0301', 2)).toBe('a');
    const long = sanitizeSegment('字'.repeat(500));
    expect(bytes(long)).toBeLessThanOrEqual(SEGMENT_MAX_BYTES);
    expect(long).toBe('字'.repeat(66));
  });

  it('never leaves a trailing dot or space after cutting', () => {
    expect(sanitizeSegment('abc. def', 5)).toBe('abc');
  });

  it('replaces lone surrogates', () => {
    const out = sanitizeSegment('a\uD800b');
    expect(out).toBe('a\uFFFDb');
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });
});

describe('layouts', () => {
  it('puts files in the right folders', () => {
    expect(layoutFolders('flat', source)).toEqual([]);
    expect(layoutFolders('date', source)).toEqual(['2026-11-24']);
    expect(layoutFolders('generation', source)).toEqual(['2026-11-24_A red fox in deep snow,_gen_0123']);
    expect(layoutFolders('set', source)).toEqual(['007_A red fox in deep snow,']);
    expect(layoutFolders('set', { ...source, setSize: 1 })).toEqual([]);
    expect(layoutFolders('set', { ...source, setNumber: undefined })).toEqual(['gen_0123_A red fox in deep snow,']);
  });

  it('keeps hostile prompts inside one folder segment', () => {
    const folders = layoutFolders('generation', { ...source, prompt: '../../etc/passwd', generationId: '../..' });
    expect(folders).toHaveLength(1);
    expect(folders[0]).toBe('2026-11-24_._._etc_passwd_._');
  });

  it('keeps the id in generation folders even with a long prompt', () => {
    const [folder] = layoutFolders('generation', { ...source, prompt: '👨‍👩‍👧‍👦'.repeat(30) });
    expect(folder?.endsWith('_gen_0123')).toBe(true);
    expect(bytes(folder ?? '')).toBeLessThanOrEqual(SEGMENT_MAX_BYTES);
  });

  it('plans whole relative paths with the right extension', () => {
    expect(extensionFor('png', 'image/png')).toBe('.png');
    expect(extensionFor('jpeg', 'image/png')).toBe('.jpg');
    expect(extensionFor('webp', 'image/jpeg')).toBe('.webp');
    const opts = { template: '{seed}_{index}', layout: 'date', format: 'jpeg' } as const;
    expect(plannedPath(opts, source, 'image/png')).toBe('2026-11-24/123456_03.jpg');
    expect(plannedPath({ ...opts, layout: 'set', format: 'webp' }, source, 'image/png')).toBe(
      '007_A red fox in deep snow,/123456_03.webp',
    );
  });
});

describe('collisions', () => {
  it('treats names that differ only by case or normalisation as the same file', () => {
    expect(pathKey('Fox/A.PNG')).toBe(pathKey('fox/a.png'));
    expect(pathKey('cafe\u0301.png')).toBe(pathKey('CAF\u00c9.png'));
  });

  it('adds a counter before the extension until the name is free', () => {
    const taken = new Set(['day/fox.png', 'day/fox (2).png'].map(pathKey));
    expect(uniquePath('Day/FOX.png', (k) => taken.has(k))).toBe('Day/FOX (3).png');
    expect(uniquePath('day/other.png', (k) => taken.has(k))).toBe('day/other.png');
    expect(uniquePath('noext', (k) => k === 'noext')).toBe('noext (2)');
    expect(uniquePath('a.b/c', (k) => k === 'a.b/c')).toBe('a.b/c (2)');
  });

  it('fails instead of looping forever when nothing is free', () => {
    expect(() => uniquePath('x.png', () => true)).toThrow(/No free name/);
  });
});
