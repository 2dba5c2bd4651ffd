import sharp, { type OverlayOptions } from 'sharp';

// A batch's X/Y grid as one PNG (issue 12): thumbnails in their cells, the axes' values as column
// and row headers, one band per page. Text is drawn by librsvg from an SVG overlay, so no font
// file ships with the app; the families name what Linux, macOS and Windows carry for Latin and CJK.

export type SheetPage = {
  /** The other axes' values on this page ('' when only X and Y vary). */
  label: string;
  /** `cells[y][x]`: the image files in that cell (none: drawn as an empty cell). */
  cells: string[][][];
};

export type SheetInput = {
  title: string;
  xAxis: string | null;
  yAxis: string | null;
  xValues: string[];
  yValues: string[];
  pages: SheetPage[];
  /** The side of one cell in pixels. */
  cellSize?: number;
};

export type SheetLayout = {
  cell: number;
  gap: number;
  /** Left of the first column (the row headers' width). */
  left: number;
  titleHeight: number;
  headerHeight: number;
  bandHeight: number;
  pageHeight: number;
  width: number;
  height: number;
};

export const SHEET_COLORS = { background: '#ffffff', text: '#1b1f24', empty: '#e8eaed', header: '#f1f3f5' } as const;
const FONT = "DejaVu Sans, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif";
/** Past this the PNG would be hundreds of megabytes to decode: cells shrink instead. */
const MAX_SIDE = 16_000;

export function sheetLayout(input: SheetInput): SheetLayout {
  const cols = input.xValues.length;
  const lines = input.yValues.length;
  const gap = 8;
  const left = input.yAxis ? 220 : gap;
  const wanted = Math.max(64, Math.min(1024, Math.round(input.cellSize ?? 256)));
  const pages = Math.max(1, input.pages.length);
  const fitWidth = Math.floor((MAX_SIDE - left) / cols) - gap;
  const fitHeight = Math.floor(MAX_SIDE / pages / (lines + 1)) - gap;
  const cell = Math.max(32, Math.min(wanted, fitWidth, fitHeight));
  const titleHeight = 56;
  const headerHeight = input.xAxis ? 44 : 0;
  const bandHeight = input.pages.some((p) => p.label !== '') ? 40 : 0;
  const pageHeight = bandHeight + headerHeight + lines * (cell + gap) + gap;
  return {
    cell,
    gap,
    left,
    titleHeight,
    headerHeight,
    bandHeight,
    pageHeight,
    width: left + cols * (cell + gap),
    height: titleHeight + pages * pageHeight,
  };
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Cut to about the width given (a CJK character is about twice a Latin one), with an ellipsis. */
export function fitText(text: string, width: number, fontSize: number): string {
  let used = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    used += (chars[i]!.codePointAt(0)! > 0x2e80 ? 1 : 0.6) * fontSize;
    if (used > width) return `${chars.slice(0, Math.max(0, i - 1)).join('')}…`;
  }
  return text;
}

function textSvg(input: SheetInput, l: SheetLayout): Buffer {
  const parts: string[] = [];
  const text = (x: number, y: number, size: number, value: string, width: number, anchor = 'start', weight = 400) =>
    parts.push(
      `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}">${escapeXml(fitText(value, width, size))}</text>`,
    );
  text(l.gap * 2, 36, 24, input.title, l.width - l.gap * 4, 'start', 700);
  input.pages.forEach((page, p) => {
    const top = l.titleHeight + p * l.pageHeight;
    if (l.bandHeight > 0) text(l.gap * 2, top + 28, 18, page.label, l.width - l.gap * 4, 'start', 700);
    const gridTop = top + l.bandHeight + l.headerHeight;
    if (input.xAxis)
      input.xValues.forEach((value, x) => {
        const centre = l.left + x * (l.cell + l.gap) + l.cell / 2;
        text(centre, gridTop - 14, 16, `${input.xAxis} = ${value}`, l.cell - 4, 'middle');
      });
    if (input.yAxis)
      input.yValues.forEach((value, y) => {
        const middle = gridTop + y * (l.cell + l.gap) + l.cell / 2;
        text(l.gap * 2, middle - 4, 14, input.yAxis!, l.left - l.gap * 3);
        text(l.gap * 2, middle + 16, 16, value, l.left - l.gap * 3, 'start', 700);
      });
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}">` +
    `<g font-family="${escapeXml(FONT)}" fill="${SHEET_COLORS.text}">${parts.join('')}</g></svg>`;
  return Buffer.from(svg);
}

/** The image files of one cell as tiles: several images share the cell in a small square grid. */
async function cellTiles(files: string[], x: number, y: number, cell: number): Promise<OverlayOptions[]> {
  if (files.length === 0) {
    const empty = await sharp({
      create: { width: cell, height: cell, channels: 3, background: SHEET_COLORS.empty },
    })
      .png()
      .toBuffer();
    return [{ input: empty, left: x, top: y }];
  }
  const per = Math.ceil(Math.sqrt(files.length));
  const side = Math.floor(cell / per);
  return Promise.all(
    files.map(async (file, i) => {
      const thumb = await sharp(file)
        .resize(side, side, { fit: 'contain', background: SHEET_COLORS.background })
        .flatten({ background: SHEET_COLORS.background })
        .png()
        .toBuffer()
        .catch(() =>
          // An unreadable file is an empty square, not a failed sheet.
          sharp({ create: { width: side, height: side, channels: 3, background: SHEET_COLORS.empty } })
            .png()
            .toBuffer(),
        );
      return { input: thumb, left: x + (i % per) * side, top: y + Math.floor(i / per) * side };
    }),
  );
}

/** Composes the sheet; resolves to the PNG and its size. */
export async function renderContactSheet(input: SheetInput): Promise<{ png: Buffer; width: number; height: number }> {
  const l = sheetLayout(input);
  const overlays: OverlayOptions[] = [];
  for (const [p, page] of input.pages.entries()) {
    const gridTop = l.titleHeight + p * l.pageHeight + l.bandHeight + l.headerHeight;
    for (const [y, line] of page.cells.entries())
      for (const [x, files] of line.entries())
        overlays.push(
          ...(await cellTiles(files, l.left + x * (l.cell + l.gap), gridTop + y * (l.cell + l.gap), l.cell)),
        );
  }
  overlays.push({ input: textSvg(input, l), left: 0, top: 0 });
  const png = await sharp({
    create: { width: l.width, height: l.height, channels: 3, background: SHEET_COLORS.background },
  })
    .composite(overlays)
    .png()
    .toBuffer();
  return { png, width: l.width, height: l.height };
}
