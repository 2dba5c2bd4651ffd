import { BOX_LIMITS } from '../../../../shared/capabilities';

// Edit boxes live in the reference image's own pixels ([x1, y1, x2, y2], whole numbers, x2 > x1):
// that is what bbox_list carries. The editor shows the image scaled, so every pointer position is
// converted here, and every change is clamped so a box never leaves its image or turns inside out.

export type EditBox = [x1: number, y1: number, x2: number, y2: number];
export type Point = { x: number; y: number };
export type ImageSize = { width: number; height: number };
export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Smallest box side in image pixels: a box a person can still see and grab. */
export const MIN_BOX_SIDE = 8;

export function maxBoxes(): number {
  return BOX_LIMITS.maxPerImage;
}

/** Displayed pixels per image pixel (the editor scales the image to fit, never distorting it). */
export function scaleOf(image: ImageSize, displayedWidth: number): number {
  return image.width > 0 && displayedWidth > 0 ? displayedWidth / image.width : 1;
}

/** A point on the displayed image → the image's own pixels, clamped to the image. */
export function toImagePoint(point: Point, scale: number, image: ImageSize): Point {
  return {
    x: clamp(Math.round(point.x / scale), 0, image.width),
    y: clamp(Math.round(point.y / scale), 0, image.height),
  };
}

/** A box in image pixels → its rectangle on the displayed image. */
export function toDisplayRect(
  box: EditBox,
  scale: number,
): { left: number; top: number; width: number; height: number } {
  const [x1, y1, x2, y2] = box;
  return { left: x1 * scale, top: y1 * scale, width: (x2 - x1) * scale, height: (y2 - y1) * scale };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Whole pixels, inside the image, at least MIN_BOX_SIDE on each side (smaller images: the image). */
export function clampBox(box: readonly number[], image: ImageSize): EditBox {
  const minW = Math.min(MIN_BOX_SIDE, image.width);
  const minH = Math.min(MIN_BOX_SIDE, image.height);
  let [x1, y1, x2, y2] = box.map((v) => Math.round(v)) as EditBox;
  if (x2 < x1) [x1, x2] = [x2, x1];
  if (y2 < y1) [y1, y2] = [y2, y1];
  x1 = clamp(x1, 0, image.width - minW);
  y1 = clamp(y1, 0, image.height - minH);
  x2 = clamp(x2, x1 + minW, image.width);
  y2 = clamp(y2, y1 + minH, image.height);
  return [x1, y1, x2, y2];
}

/** A box drawn from one corner to the other, in image pixels. */
export function boxFromDrag(start: Point, end: Point, image: ImageSize): EditBox {
  return clampBox([start.x, start.y, end.x, end.y], image);
}

/** Moved by (dx, dy) image pixels, keeping its size; stops at the image's edges. */
export function moveBox(box: EditBox, dx: number, dy: number, image: ImageSize): EditBox {
  const [x1, y1, x2, y2] = box;
  const w = x2 - x1;
  const h = y2 - y1;
  const nx = clamp(Math.round(x1 + dx), 0, image.width - w);
  const ny = clamp(Math.round(y1 + dy), 0, image.height - h);
  return [nx, ny, nx + w, ny + h];
}

/** One handle dragged by (dx, dy): only the edges it names move; the opposite edges stay put. */
export function resizeBox(box: EditBox, handle: Handle, dx: number, dy: number, image: ImageSize): EditBox {
  let [x1, y1, x2, y2] = box;
  const minW = Math.min(MIN_BOX_SIDE, image.width);
  const minH = Math.min(MIN_BOX_SIDE, image.height);
  if (handle.includes('w')) x1 = clamp(Math.round(x1 + dx), 0, x2 - minW);
  if (handle.includes('e')) x2 = clamp(Math.round(x2 + dx), x1 + minW, image.width);
  if (handle.includes('n')) y1 = clamp(Math.round(y1 + dy), 0, y2 - minH);
  if (handle.includes('s')) y2 = clamp(Math.round(y2 + dy), y1 + minH, image.height);
  return [x1, y1, x2, y2];
}

/** "Add box": a box half the image's size in its centre. */
export function centredBox(image: ImageSize): EditBox {
  const w = Math.max(Math.round(image.width / 2), Math.min(MIN_BOX_SIDE, image.width));
  const h = Math.max(Math.round(image.height / 2), Math.min(MIN_BOX_SIDE, image.height));
  const x1 = Math.floor((image.width - w) / 2);
  const y1 = Math.floor((image.height - h) / 2);
  return [x1, y1, x1 + w, y1 + h];
}

/** One arrow press: 1 % of the longer side, so a 4000 px image does not take 4000 presses. */
export function keyStep(image: ImageSize): number {
  return Math.max(1, Math.round(Math.max(image.width, image.height) / 100));
}

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

/**
 * Arrows move the box; Shift + arrows resize it from its bottom-right corner (right/down grow,
 * left/up shrink). Returns null for any other key, so the caller lets it through.
 */
export function boxAfterKey(
  box: EditBox,
  key: { key: string; shiftKey: boolean; altKey?: boolean },
  image: ImageSize,
): EditBox | null {
  const arrow = ARROWS[key.key];
  if (!arrow) return null;
  // Alt: one pixel at a time, for the last bit of precision.
  const step = key.altKey ? 1 : keyStep(image);
  if (key.shiftKey) return resizeBox(box, 'se', arrow.x * step, arrow.y * step, image);
  return moveBox(box, arrow.x * step, arrow.y * step, image);
}
