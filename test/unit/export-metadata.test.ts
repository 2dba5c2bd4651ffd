import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExif, readExif } from '../../src/main/services/export/exif';
import { spliceJpegExif, spliceWebpExif } from '../../src/main/services/export/image-containers';
import {
  a1111Parameters,
  encodeWithMetadata,
  parseA1111Parameters,
  pngMetadataChunks,
  readEmbeddedMetadata,
  readPngText,
  wanMetadataFor,
  wanMetadataSchema,
  type WanMetadata,
} from '../../src/main/services/export/metadata';
import { pngChunk } from '../../src/main/services/export/png-chunks';
import { splicePngMetadata } from '../../src/main/services/export/png-splice';
import { renderPng } from '../../src/main/services/simulator/png-render';
import type { GenerationRecord, ImageRecord } from '../../src/shared/library-types';

const PROMPT = '一只红狐狸站在雪地里,清晨的阳光, "film" look, 35mm: f/1.4\n第二行 😀';

const generation: GenerationRecord = {
  id: 'gen_01HZX9',
  createdAt: Date.UTC(2026, 10, 24, 1, 2, 3),
  updatedAt: Date.UTC(2026, 10, 24, 1, 3, 0),
  status: 'done',
  model: 'wan2.7-image-pro',
  prompt: PROMPT,
  size: '1024x1024',
  n: 2,
  seed: 4242,
  parameters: {
    isSequential: false,
    thinkingMode: true,
    colorPalette: '暖色调',
    watermark: false,
    responseFormat: 'url',
  },
  mode: 'async',
  providerProfile: 'secret-profile',
  baseUrl: 'https://secret.example/api',
  taskId: 'task-secret',
  progress: 1,
  revisedPrompts: ['修订后的提示词, with "quotes"', 'second revision'],
  usage: null,
  error: null,
  submittedAt: null,
  finishedAt: null,
  rerunOf: null,
};

const image: ImageRecord = {
  id: 'img_01HZXA',
  generationId: generation.id,
  index: 1,
  path: 'images/x.png',
  mime: 'image/png',
  width: 320,
  height: 200,
  bytes: 1,
  sha256: 'a'.repeat(64),
  thumbPath: null,
  isFavorite: false,
  createdAt: generation.createdAt,
  deletedAt: null,
};

const meta: WanMetadata = wanMetadataFor(generation, image);

let dir = '';
let plainPng = ''; // one IDAT, from the simulator
let sharpPng = ''; // many 8 KiB IDAT chunks and an ICC profile, from libvips

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wan-export-meta-'));
  plainPng = join(dir, 'plain.png');
  await writeFile(plainPng, renderPng({ prompt: PROMPT, seed: 1, width: 320, height: 200, index: 0, total: 1 }));
  sharpPng = join(dir, 'noisy.png');
  const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000', noise } })
    .withIccProfile('p3')
    .png()
    .toFile(sharpPng);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Chunk = { type: string; data: Buffer };

function chunksOf(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let pos = 8; pos < png.length;) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    expect(png.readUInt32BE(pos + 8 + length)).toBe(crc32(png.subarray(pos + 4, pos + 8 + length)) >>> 0);
    out.push({ type, data });
    pos += 12 + length;
  }
  return out;
}

function inject(input: Buffer, chunks = pngMetadataChunks(meta)): Buffer {
  return Buffer.concat(splicePngMetadata(input, chunks));
}

function textChunk(type: 'tEXt' | 'zTXt', keyword: string, text: string): Buffer {
  const body = type === 'tEXt' ? Buffer.from(text, 'latin1') : Buffer.concat([Buffer.alloc(1), deflateSync(text)]);
  return pngChunk(type, Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), body]));
}

/** A PNG with foreign text chunks before and after its image data. */
function withText(png: Buffer, before: Buffer[], after: Buffer[]): Buffer {
  const iendAt = png.length - 12;
  return Buffer.concat([png.subarray(0, 33), ...before, png.subarray(33, iendAt), ...after, png.subarray(iendAt)]);
}

describe('Wan metadata record', () => {
  it('carries what a rerun needs and nothing secret', () => {
    expect(wanMetadataSchema.parse(meta)).toEqual(meta);
    expect(meta).toMatchObject({ index: 1, setSize: 2, n: 2, revisedPrompt: 'second revision', width: 320 });
    expect(meta.createdAt).toBe('2026-11-24T01:02:03.000Z');
    const text = JSON.stringify(meta);
    for (const secret of ['secret-profile', 'secret.example', 'task-secret']) expect(text).not.toContain(secret);
    const onlyOne = wanMetadataFor({ ...generation, revisedPrompts: ['only'] }, image);
    expect(onlyOne.revisedPrompt).toBe('only');
    expect(wanMetadataFor({ ...generation, revisedPrompts: [] }, image).revisedPrompt).toBeNull();
  });
});

describe('A1111 parameters', () => {
  it('writes the prompt, then one line of quoted key-value pairs, and reads it back', () => {
    const text = a1111Parameters(meta);
    expect(text.startsWith(`${PROMPT}\nSeed: 4242, Size: 1024x1024, Model: wan2.7-image-pro,`)).toBe(true);
    expect(text).toContain('Revised prompt: second revision, Wan Studio id: img_01HZXA');
    expect(text).toContain('Color palette: 暖色调');
    const parsed = parseA1111Parameters(text);
    expect(parsed).toMatchObject({ prompt: PROMPT, negativePrompt: null, seed: 4242, size: '1024x1024' });
    expect(parsed.fields['Wan Studio id']).toBe('img_01HZXA');
    const tricky = a1111Parameters({ ...meta, revisedPrompt: 'a, "b": c' });
    expect(tricky).toContain('Revised prompt: "a, \\"b\\": c"');
    expect(parseA1111Parameters(tricky).fields['Revised prompt']).toBe('a, "b": c');
  });

  it('parses a real-world A1111 string with a negative prompt and quoted values', () => {
    const text = [
      'masterpiece, best quality, 1girl, (smile:1.2),',
      'cherry blossoms <lora:add_detail:0.6>',
      'Negative prompt: lowres, bad anatomy, (worst quality:1.4)',
      'Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567890, Size: 512x768, Model hash: 7f96a1a9ca, ' +
        'Model: anything-v5, Lora hashes: "add_detail: 7c6bad76eb54, more: 3b8aa1d351ef", Version: v1.6.0',
    ].join('\r\n');
    const parsed = parseA1111Parameters(text);
    expect(parsed.prompt).toBe('masterpiece, best quality, 1girl, (smile:1.2),\ncherry blossoms <lora:add_detail:0.6>');
    expect(parsed.negativePrompt).toBe('lowres, bad anatomy, (worst quality:1.4)');
    expect(parsed).toMatchObject({ seed: 1234567890, size: '512x768', model: 'anything-v5' });
    expect(parsed.fields['Lora hashes']).toBe('add_detail: 7c6bad76eb54, more: 3b8aa1d351ef');
    expect(parsed.fields['Sampler']).toBe('DPM++ 2M Karras');
  });

  it('treats text without a parameters line as prompt, and hostile keys as plain fields', () => {
    expect(parseA1111Parameters('just a caption\nsecond line')).toEqual({
      prompt: 'just a caption\nsecond line',
      negativePrompt: null,
      fields: {},
    });
    const hostile = parseA1111Parameters('p\n__proto__: x, Seed: nope, Size: big, Model: m');
    expect(Object.getPrototypeOf(hostile.fields)).toBe(Object.prototype);
    expect(hostile.seed).toBeUndefined();
    expect(hostile.size).toBeUndefined();
  });
});

describe('PNG metadata splice', () => {
  it('adds two valid iTXt chunks right after IHDR and leaves the image data alone', async () => {
    const input = await readFile(sharpPng);
    const output = inject(input);
    const before = chunksOf(input);
    const after = chunksOf(output);
    expect(after.map((c) => c.type)).toEqual([before[0]?.type, 'iTXt', 'iTXt', ...before.slice(1).map((c) => c.type)]);
    expect(before.filter((c) => c.type === 'IDAT').length).toBeGreaterThan(3);
    expect(
      Buffer.concat(after.slice(3).map((c) => c.data)).equals(Buffer.concat(before.slice(1).map((c) => c.data))),
    ).toBe(true);
    const [a, b] = await Promise.all([sharp(input).raw().toBuffer(), sharp(output).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
    expect((await sharp(output).metadata()).icc).toBeDefined();
    const text = await readPngText(output);
    expect(text.parameters).toBe(a1111Parameters(meta));
    expect(JSON.parse(text['wan-studio'] ?? '')).toEqual(meta);
  });

  it('replaces earlier parameters and wan-studio chunks instead of duplicating them', async () => {
    const input = withText(
      renderPng({ prompt: 'x', seed: 2, width: 64, height: 64, index: 0, total: 1 }),
      [
        textChunk('tEXt', 'parameters', 'old prompt\nSteps: 1, Seed: 1, Size: 1x1'),
        textChunk('tEXt', 'Comment', 'keep me'),
        textChunk('tEXt', 'parametersX', 'keep too'),
      ],
      [textChunk('zTXt', 'wan-studio', '{"old":true}'), textChunk('tEXt', 'parameters', 'late duplicate')],
    );
    {
      const output = inject(input);
      const types = chunksOf(output).map((c) => c.type);
      expect(types.filter((t) => t === 'tEXt' || t === 'zTXt' || t === 'iTXt')).toEqual([
        'iTXt',
        'iTXt',
        'tEXt',
        'tEXt',
      ]);
      const text = await readPngText(output);
      expect(text.parameters).toBe(a1111Parameters(meta));
      expect(text).toMatchObject({ Comment: 'keep me', parametersX: 'keep too' });
      expect(JSON.parse(text['wan-studio'] ?? '')).toEqual(meta);
    }
  });

  it('refuses input that is not a whole PNG, with a clear message', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .jpeg()
      .toBuffer();
    expect(() => inject(jpeg)).toThrow(/not a PNG file/);
    expect(() => inject(Buffer.from('short'))).toThrow(/not a PNG file/);
    const png = await readFile(plainPng);
    expect(() => inject(png.subarray(0, png.length - 20))).toThrow(/cut short/);
  });
});

describe('PNG text reading', () => {
  it('reads tEXt as Latin-1, zTXt, and plain and compressed iTXt', async () => {
    const compressed = Buffer.concat([Buffer.from('Title\0\x01\x00zh\0标题\0', 'utf8'), deflateSync('压缩的文字')]);
    const png = withText(
      await readFile(plainPng),
      [textChunk('tEXt', 'Author', 'Zoë'), textChunk('zTXt', 'Comment', 'squeezed'), pngChunk('iTXt', compressed)],
      [textChunk('tEXt', 'Late', 'after the image data')],
    );
    const file = join(dir, 'texts.png');
    await writeFile(file, png);
    for (const input of [png, file]) {
      expect(await readPngText(input)).toEqual({ Author: 'Zoë', Comment: 'squeezed', Title: '压缩的文字' });
    }
    await expect(readPngText(Buffer.from('GIF89a'))).rejects.toThrow(/Not a PNG/);
  });
});

describe('embedded metadata round trip', () => {
  it('PNG: the import reads back the exact record', async () => {
    const out = join(dir, 'round.png');
    await writeFile(out, inject(await readFile(plainPng)));
    const found = await readEmbeddedMetadata(out);
    expect(found.wan).toEqual(meta);
    expect(found.parameters).toBe(a1111Parameters(meta));
    expect(await sharp(out).metadata()).toMatchObject({ width: 320, height: 200 });
  });

  it.each(['jpeg', 'webp'] as const)(
    '%s: XMP and EXIF carry the record and the image still decodes',
    async (format) => {
      const data = await encodeWithMetadata(sharpPng, format, 85, meta);
      const out = join(dir, `round.${format}`);
      await writeFile(out, data);
      const info = await sharp(data).metadata();
      expect(info).toMatchObject({ format, width: 300, height: 200 });
      expect(info.exif).toBeDefined();
      expect(info.xmp).toBeDefined();
      expect(info.icc).toBeDefined();
      expect((await sharp(data).raw().toBuffer()).length).toBe(300 * 200 * 3);
      const found = await readEmbeddedMetadata(out);
      expect(found.wan).toEqual(meta);
      expect(found.parameters).toBe(a1111Parameters(meta));
      expect(found.description).toBe(a1111Parameters(meta));
      const exif = readExif(info.exif ?? Buffer.alloc(0));
      expect(exif.imageDescription).toBe(a1111Parameters(meta));
    },
  );

  it('writes no metadata when asked not to', async () => {
    for (const format of ['jpeg', 'webp'] as const) {
      const out = join(dir, `bare.${format}`);
      await writeFile(out, await encodeWithMetadata(plainPng, format, 80, null));
      expect(await readEmbeddedMetadata(out)).toEqual({ wan: null, parameters: null, description: null });
    }
  });

  it('keeps the record in a JPEG even with a maximal Chinese prompt', async () => {
    const long = { ...meta, prompt: '山'.repeat(5000), revisedPrompt: '水'.repeat(6000) };
    const out = join(dir, 'long.jpg');
    await writeFile(out, await encodeWithMetadata(plainPng, 'jpeg', 80, long));
    expect((await readEmbeddedMetadata(out)).wan).toEqual(long);
    expect(await sharp(out).metadata()).toMatchObject({ width: 320, height: 200 });
  });

  it('reads hostile or foreign files as nulls, and throws only for unreadable files', async () => {
    const badJson = { ...meta, sha256: 'not-a-hash' };
    const forged = join(dir, 'forged.png');
    await writeFile(forged, inject(await readFile(plainPng), pngMetadataChunks(badJson as WanMetadata)));
    expect((await readEmbeddedMetadata(forged)).wan).toBeNull();
    const broken = join(dir, 'broken.jpg');
    await writeFile(broken, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), Buffer.alloc(50, 7)]));
    expect(await readEmbeddedMetadata(broken)).toEqual({ wan: null, parameters: null, description: null });
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    expect(await readEmbeddedMetadata(text)).toEqual({ wan: null, parameters: null, description: null });
    await expect(readEmbeddedMetadata(join(dir, 'missing.png'))).rejects.toThrow(/ENOENT/);
  });
});

describe('EXIF splicing', () => {
  const tiff = buildExif({ userComment: 'new comment' });

  it('replaces an existing EXIF segment of a JPEG rather than adding a second one', async () => {
    const withOld = await sharp(plainPng)
      .withExif({ IFD0: { ImageDescription: 'old' } })
      .jpeg()
      .toBuffer();
    const out = spliceJpegExif(withOld, tiff);
    const exifSegments = out.toString('latin1').split('Exif\0\0').length - 1;
    expect(exifSegments).toBe(1);
    expect(readExif((await sharp(out).metadata()).exif ?? Buffer.alloc(0))).toEqual({
      imageDescription: null,
      userComment: 'new comment',
    });
  });

  it.each([
    ['lossy', 3, { quality: 80 }],
    ['lossless with alpha', 4, { lossless: true }],
  ] as const)('turns a simple %s WebP into an extended one', async (_name, channels, options) => {
    const create = { width: 40, height: 30, channels, background: { r: 1, g: 2, b: 3, alpha: 0.5 } };
    const simple = await sharp({ create }).webp(options).toBuffer();
    expect(simple.toString('latin1', 12, 16)).not.toBe('VP8X');
    const out = spliceWebpExif(simple, tiff, 40, 30);
    const info = await sharp(out).metadata();
    expect(info).toMatchObject({ width: 40, height: 30 });
    expect(readExif(info.exif ?? Buffer.alloc(0)).userComment).toBe('new comment');
    expect(info.hasAlpha).toBe(channels === 4);
    expect((await sharp(out).raw().toBuffer()).equals(await sharp(simple).raw().toBuffer())).toBe(true);
  });
});

describe('EXIF text', () => {
  it('round-trips Unicode in ImageDescription and UserComment', () => {
    const tiff = buildExif({ imageDescription: '描述 ✓', userComment: PROMPT, dateTime: new Date() });
    expect(readExif(tiff)).toEqual({ imageDescription: '描述 ✓', userComment: PROMPT });
    expect(readExif(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])).userComment).toBe(PROMPT);
  });

  it('reads a little-endian block with a UTF-16LE or ASCII comment, and survives garbage', () => {
    const le = (comment: Buffer): Buffer => {
      const b = Buffer.alloc(26 + 18 + comment.length);
      b.write('II*\0', 0, 'latin1');
      b.writeUInt32LE(8, 4);
      b.writeUInt16LE(1, 8);
      b.writeUInt16LE(0x8769, 10);
      b.writeUInt16LE(4, 12);
      b.writeUInt32LE(1, 14);
      b.writeUInt32LE(26, 18);
      b.writeUInt16LE(1, 26);
      b.writeUInt16LE(0x9286, 28);
      b.writeUInt16LE(7, 30);
      b.writeUInt32LE(comment.length, 32);
      b.writeUInt32LE(44, 36);
      comment.copy(b, 44);
      return b;
    };
    const utf16 = Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from('Seed: 1 种子', 'utf16le')]);
    expect(readExif(le(utf16)).userComment).toBe('Seed: 1 种子');
    const ascii = Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from('plain text')]);
    expect(readExif(le(ascii)).userComment).toBe('plain text');
    expect(readExif(Buffer.from('MM\0*\xff\xff\xff\xff', 'latin1'))).toEqual({
      imageDescription: null,
      userComment: null,
    });
  });
});
