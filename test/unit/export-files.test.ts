import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideConflicts, numberedPath } from '../../src/main/services/export/export-plan';
import { isInside } from '../../src/main/services/library/library-files';
import { csvField, manifestCsv } from '../../src/main/services/export/manifest';
import { iTXtChunk, pngChunk, readPngText } from '../../src/main/services/export/png-chunks';
import { hasOwnTextChunks, splicePngMetadata } from '../../src/main/services/export/png-splice';
import { renderPng } from '../../src/main/services/simulator/png-render';
import { tempDir } from '../helpers/library';

const png = renderPng({ prompt: 'splice', seed: 1, width: 64, height: 48, index: 0, total: 1 });
const ours = Buffer.concat([iTXtChunk('parameters', '新的 prompt\nSeed: 2'), iTXtChunk('wan-studio', '{"new":true}')]);

const chunkTypes = (file: Buffer): string[] => {
  const types: string[] = [];
  for (let at = 8; at + 12 <= file.length; at += 12 + file.readUInt32BE(at))
    types.push(file.toString('latin1', at + 4, at + 8));
  return types;
};

describe('PNG splice', () => {
  it('puts our chunks right after IHDR and keeps every other byte', () => {
    const out = Buffer.concat(splicePngMetadata(png, ours));
    expect(out.length).toBe(png.length + ours.length);
    expect(chunkTypes(out)).toEqual(['IHDR', 'iTXt', 'iTXt', ...chunkTypes(png).slice(1)]);
    expect(Buffer.concat([out.subarray(0, 33), out.subarray(33 + ours.length)])).toEqual(png);
    expect(hasOwnTextChunks(png)).toBe(false);
    expect(hasOwnTextChunks(out)).toBe(true);
  });

  it('replaces an older copy of our chunks, wherever it sits, and keeps foreign text', async () => {
    const foreign = pngChunk('tEXt', Buffer.from('Author\0someone', 'latin1'));
    const old = iTXtChunk('parameters', 'old prompt');
    const iend = png.subarray(png.length - 12);
    const withOld = Buffer.concat([png.subarray(0, 33), old, foreign, png.subarray(33, png.length - 12), old, iend]);
    const out = Buffer.concat(splicePngMetadata(withOld, ours));
    expect(await readPngText(out)).toEqual({
      parameters: '新的 prompt\nSeed: 2',
      'wan-studio': '{"new":true}',
      Author: 'someone',
    });
    expect(out.includes(Buffer.from('old prompt'))).toBe(false);
  });

  it('refuses what is not a PNG, or one cut short', () => {
    expect(() => splicePngMetadata(Buffer.from('GIF89a, not a png at all, really not'), ours)).toThrow(/not a PNG/);
    expect(() => splicePngMetadata(png.subarray(0, png.length - 40), ours)).toThrow(/cut short/);
  });
});

describe('manifest CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField({ isSequential: true })).toBe('"{""isSequential"":true}"');
  });

  it('starts with a BOM and ends rows with CRLF', () => {
    expect(manifestCsv([])).toBe(
      '\uFEFFfile,prompt,revisedPrompt,seed,model,size,width,height,parameters,tags,isFavorite,imageId,generationId,index,createdAt,sha256,originalSha256,bytes\r\n',
    );
  });
});

describe('conflict decisions', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('wan-plan-');
    mkdirSync(path.join(dir.path, 'sub'));
    writeFileSync(path.join(dir.path, 'a.png'), 'x');
    writeFileSync(path.join(dir.path, 'a (2).png'), 'x');
    writeFileSync(path.join(dir.path, 'sub', 'b.png'), 'x');
  });
  afterEach(() => dir.remove());

  const planned = [
    { imageId: '1', plannedPath: 'a.png' },
    { imageId: '2', plannedPath: 'sub/b.png' },
    { imageId: '3', plannedPath: 'c.png' },
  ];

  it('skips, overwrites, or takes the next free number', () => {
    expect(decideConflicts(dir.path, planned, 'skip').map((p) => [p.status, p.finalPath])).toEqual([
      ['skipped', null],
      ['skipped', null],
      ['pending', 'c.png'],
    ]);
    expect(decideConflicts(dir.path, planned, 'overwrite').map((p) => [p.isOverwrite, p.finalPath])).toEqual([
      [true, 'a.png'],
      [true, 'sub/b.png'],
      [false, 'c.png'],
    ]);
    expect(decideConflicts(dir.path, planned, 'rename').map((p) => p.finalPath)).toEqual([
      'a (3).png',
      'sub/b (2).png',
      'c.png',
    ]);
  });

  it('numbers around names the export itself will use', () => {
    const clash = [
      { imageId: '1', plannedPath: 'a.png' },
      { imageId: '2', plannedPath: 'a (3).png' },
    ];
    expect(decideConflicts(dir.path, clash, 'rename').map((p) => p.finalPath)).toEqual(['a (4).png', 'a (3).png']);
    expect(numberedPath('x/y.tar.png', () => false)).toBe('x/y.tar (2).png');
  });

  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/bc', '/a/b')).toBe(false);
    expect(isInside('/a', '/a/b')).toBe(false);
  });
});
