import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { drawText, textWidth } from './bitmap-font';

// Deterministic test pictures: the same prompt, seed, size and index always give the same bytes,
// and the seed is written on the picture so a person can see which run made it.
// The picture is painted on a coarse grid of cells and scaled up; repeated rows are PNG "Up"
// filtered to zeros and runs within a row "Sub" filtered to zeros, so even 4096x4096 encodes in a
// few hundred milliseconds.

export type RenderSpec = {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  /** 0-based position in its set, and the set's size. */
  index: number;
  total: number;
  /** What the request brought, drawn so a test or a person can see it arrived. */
  inputs?: RenderInputs;
};

type Rgb = [number, number, number];

export type RenderInputs = {
  /** The first reference at cell resolution, inset in the top-left corner. */
  thumb?: { cols: number; rows: number; rgb: Uint8Array };
  /** Boxes as fractions of their reference's sides (so of the output's too), outlined by reference. */
  boxes: Array<{ ref: number; x1: number; y1: number; x2: number; y2: number }>;
  /** Stripes along the bottom edge, as wide as each ratio. */
  palette?: Array<{ rgb: Rgb; ratio: number }>;
};

/** Outline colours by reference: 1 red, 2 yellow, 3 cyan, then round again. */
export const BOX_COLORS: readonly Rgb[] = [
  [255, 40, 40],
  [255, 220, 0],
  [0, 210, 255],
  [40, 255, 90],
];
/** Cells the palette band is tall. */
const PALETTE_ROWS = 4;

export function hexRgb(hex: string): Rgb {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const GRID_COLUMNS = 192;

export function renderPng(spec: RenderSpec): Buffer {
  const cols = GRID_COLUMNS;
  const rows = Math.max(24, Math.round((GRID_COLUMNS * spec.height) / spec.width));
  const cells = paintCells(spec, cols, rows);
  return encodePng(spec.width, spec.height, cols, rows, cells);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

export function promptDigest(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex');
}

function paintCells(spec: RenderSpec, cols: number, rows: number): Uint8Array {
  const digest = promptDigest(`${spec.prompt}\u0000${spec.seed}\u0000${spec.width}x${spec.height}\u0000${spec.index}`);
  const rand = mulberry32(parseInt(digest.slice(0, 8), 16));
  const hueA = rand() * 360;
  const hueB = (hueA + 60 + rand() * 180) % 360;
  const from = hsl(hueA, 0.65, 0.55);
  const to = hsl(hueB, 0.7, 0.35);
  const cells = new Uint8Array(cols * rows * 3);
  const set = (c: number, r: number, rgb: Rgb): void => {
    if (c < 0 || r < 0 || c >= cols || r >= rows) return;
    const i = (r * cols + c) * 3;
    cells[i] = rgb[0];
    cells[i + 1] = rgb[1];
    cells[i + 2] = rgb[2];
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = (c / cols + r / rows) / 2;
      set(c, r, [
        Math.round(from[0] + (to[0] - from[0]) * t),
        Math.round(from[1] + (to[1] - from[1]) * t),
        Math.round(from[2] + (to[2] - from[2]) * t),
      ]);
    }
  }
  // A few discs, so different seeds look different at a glance.
  const discs = 3 + Math.floor(rand() * 4);
  for (let d = 0; d < discs; d++) {
    const cx = rand() * cols;
    const cy = rand() * rows;
    const radius = (0.08 + rand() * 0.2) * Math.min(cols, rows);
    const color = hsl((hueA + 120 + rand() * 120) % 360, 0.6, 0.5 + rand() * 0.25);
    for (let r = Math.floor(cy - radius); r <= cy + radius; r++)
      for (let c = Math.floor(cx - radius); c <= cx + radius; c++)
        if ((c - cx) ** 2 + (r - cy) ** 2 <= radius ** 2) set(c, r, color);
  }
  if (spec.inputs) paintInputs(spec.inputs, cols, rows, set);
  // A dark panel with the seed, the set position, the size and a prompt fingerprint.
  const lines = [
    { text: `SEED ${spec.seed}`, scale: 2 },
    { text: `#${spec.index + 1}/${spec.total}  ${spec.width}X${spec.height}`, scale: 1 },
    { text: `P ${promptDigest(spec.prompt).slice(0, 10).toUpperCase()}`, scale: 1 },
  ];
  const pad = 3;
  const panelWidth = Math.min(cols, Math.max(...lines.map((l) => textWidth(l.text, l.scale))) + pad * 2);
  const panelHeight = lines.reduce((h, l) => h + 7 * l.scale + 3, 0) + pad * 2 - 3;
  const left = Math.max(0, Math.floor((cols - panelWidth) / 2));
  const top = Math.max(0, Math.floor((rows - panelHeight) / 2));
  for (let r = top; r < top + panelHeight; r++) for (let c = left; c < left + panelWidth; c++) set(c, r, [24, 24, 32]);
  let y = top + pad;
  for (const line of lines) {
    const x = left + Math.floor((panelWidth - textWidth(line.text, line.scale)) / 2);
    drawText(line.text, x, y, line.scale, (c, r) => set(c, r, [250, 250, 250]));
    y += 7 * line.scale + 3;
  }
  return cells;
}

function paintInputs(
  inputs: RenderInputs,
  cols: number,
  rows: number,
  set: (c: number, r: number, rgb: Rgb) => void,
): void {
  const { thumb, boxes, palette } = inputs;
  if (thumb) {
    // A dark frame one cell wide, then the reference, clipped to half the picture's height.
    const shown = Math.min(thumb.rows, Math.floor(rows / 2) - 2);
    for (let r = 0; r < shown + 2; r++) for (let c = 0; c < thumb.cols + 2; c++) set(c, r, [12, 12, 16]);
    for (let r = 0; r < shown; r++)
      for (let c = 0; c < thumb.cols; c++) {
        const i = (r * thumb.cols + c) * 3;
        set(c + 1, r + 1, [thumb.rgb[i]!, thumb.rgb[i + 1]!, thumb.rgb[i + 2]!]);
      }
  }
  for (const box of boxes) {
    const color = BOX_COLORS[box.ref % BOX_COLORS.length]!;
    const c1 = Math.floor(box.x1 * cols);
    const c2 = Math.min(cols - 1, Math.ceil(box.x2 * cols) - 1);
    const r1 = Math.floor(box.y1 * rows);
    const r2 = Math.min(rows - 1, Math.ceil(box.y2 * rows) - 1);
    for (let c = c1; c <= c2; c++) {
      set(c, r1, color);
      set(c, r2, color);
    }
    for (let r = r1; r <= r2; r++) {
      set(c1, r, color);
      set(c2, r, color);
    }
  }
  if (palette?.length) {
    let start = 0;
    let sum = 0;
    for (const entry of palette) {
      sum += entry.ratio;
      const end = Math.round((sum / 100) * cols);
      for (let c = start; c < end; c++) for (let r = rows - PALETTE_ROWS; r < rows; r++) set(c, r, entry.rgb);
      start = end;
    }
  }
}

function encodePng(width: number, height: number, cols: number, rows: number, cells: Uint8Array): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  const colOf = new Uint32Array(width);
  for (let x = 0; x < width; x++) colOf[x] = Math.min(cols - 1, Math.floor((x * cols) / width));
  let previousRow = -1;
  for (let y = 0; y < height; y++) {
    const cellRow = Math.min(rows - 1, Math.floor((y * rows) / height));
    const at = y * stride;
    if (cellRow === previousRow) {
      raw[at] = 2; // Up: identical to the row above, so every byte stays zero.
      continue;
    }
    previousRow = cellRow;
    raw[at] = 1; // Sub: each byte minus the one a pixel to the left.
    let pr = 0;
    let pg = 0;
    let pb = 0;
    const base = cellRow * cols * 3;
    for (let x = 0; x < width; x++) {
      const i = base + colOf[x]! * 3;
      const r = cells[i]!;
      const g = cells[i + 1]!;
      const b = cells[i + 2]!;
      const o = at + 1 + x * 3;
      raw[o] = (r - pr) & 0xff;
      raw[o + 1] = (g - pg) & 0xff;
      raw[o + 2] = (b - pb) & 0xff;
      pr = r;
      pg = g;
      pb = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
