import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderContactSheet, sheetLayout, type SheetInput } from '../../../src/main/services/batch/contact-sheet';

// Real sharp output: solid-colour images go in, the PNG's pixels are read back.

let dir: string;
const files: Record<string, string> = {};
const COLOURS = { red: [220, 30, 30], green: [30, 180, 60], blue: [30, 60, 220] } as const;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wan-sheet-'));
  for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
    files[name] = path.join(dir, `${name}.png`);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: { r, g, b } } }).toFile(files[name]);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const base = (): SheetInput => ({
  title: 'Harbour study',
  xAxis: 'style',
  yAxis: 'size',
  xValues: ['ink', 'oil'],
  yValues: ['1:1', '16:9'],
  pages: [
    {
      label: '',
      cells: [
        [[files.red!], [files.green!]],
        [[files.blue!], []],
      ],
    },
  ],
  cellSize: 128,
});

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number): number[] => {
    const i = (y * info.width + x) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  /** How many pixels in the box are darker than the white ground (drawn text). */
  const ink = (x0: number, y0: number, w: number, h: number): number => {
    let dark = 0;
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (at(x, y)[0]! < 128) dark++;
    return dark;
  };
  return { info, at, ink };
}

describe('contact sheet', () => {
  it('is a PNG of the laid-out size with each image in its cell', async () => {
    const input = base();
    const l = sheetLayout(input);
    const sheet = await renderContactSheet(input);
    expect(sheet.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { info, at } = await pixels(sheet.png);
    expect([info.width, info.height]).toEqual([sheet.width, sheet.height]);
    expect(sheet.width).toBe(l.left + 2 * (l.cell + l.gap));
    const centre = (x: number, y: number): number[] =>
      at(
        l.left + x * (l.cell + l.gap) + l.cell / 2,
        l.titleHeight + l.headerHeight + y * (l.cell + l.gap) + l.cell / 2,
      );
    expect(centre(0, 0)).toEqual([...COLOURS.red]);
    expect(centre(1, 0)).toEqual([...COLOURS.green]);
    expect(centre(0, 1)).toEqual([...COLOURS.blue]);
    // The empty cell is the light grey ground, not an image and not the white page.
    expect(centre(1, 1)).toEqual([0xe8, 0xea, 0xed]);
  });

  it('draws the axis headers as text where they belong, and none where there is no axis', async () => {
    const withAxes = await pixels((await renderContactSheet(base())).png);
    const l = sheetLayout(base());
    const headerBand = [l.left, l.titleHeight, 2 * (l.cell + l.gap), l.headerHeight] as const;
    const rowHeaders = [l.gap, l.titleHeight + l.headerHeight, l.left - 2 * l.gap, 2 * l.cell] as const;
    expect(withAxes.ink(...headerBand)).toBeGreaterThan(40);
    expect(withAxes.ink(...rowHeaders)).toBeGreaterThan(40);
    expect(withAxes.ink(l.gap, 0, 400, l.titleHeight)).toBeGreaterThan(100);

    const plain = { ...base(), xAxis: null, yAxis: null, xValues: [''], yValues: [''], title: '' };
    plain.pages = [{ label: '', cells: [[[files.red!]]] }];
    const p = sheetLayout(plain);
    expect([p.headerHeight, p.left]).toEqual([0, p.gap]);
    const noText = await pixels((await renderContactSheet(plain)).png);
    expect(noText.ink(0, 0, noText.info.width, p.titleHeight)).toBe(0);
  });

  it('labels each page of the other axes, and shares a cell between several images', async () => {
    const input = base();
    input.pages = [
      {
        label: 'seed = 1',
        cells: [
          [[files.red!, files.green!], []],
          [[], []],
        ],
      },
      {
        label: 'seed = 2',
        cells: [
          [[], []],
          [[], [files.blue!]],
        ],
      },
    ];
    const l = sheetLayout(input);
    expect(l.bandHeight).toBeGreaterThan(0);
    const sheet = await renderContactSheet(input);
    const { at, ink } = await pixels(sheet.png);
    expect(sheet.height).toBe(l.titleHeight + 2 * l.pageHeight);
    expect(ink(l.gap, l.titleHeight + l.pageHeight, 200, l.bandHeight)).toBeGreaterThan(40);
    // Two images in one cell: side by side, each half the cell.
    const top = l.titleHeight + l.bandHeight + l.headerHeight;
    expect(at(l.left + l.cell / 4, top + l.cell / 4)).toEqual([...COLOURS.red]);
    expect(at(l.left + (3 * l.cell) / 4, top + l.cell / 4)).toEqual([...COLOURS.green]);
  });
});
