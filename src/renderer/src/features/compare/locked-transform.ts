// One zoom and pan for every pane of a comparison (issue 12). Each pane first fits its own image
// (so a 1K and a 2K twin line up over the same picture), then the shared `scale` multiplies that
// fit and `x`/`y` shift it, in screen pixels from the pane's centre. Zooming or dragging in any
// pane changes this one value, so all panes always show the same part of their images.

import { MAX_SCALE, fitScale, wheelFactor, type Point, type Size } from '../gallery/zoom-math';

export type LockedTransform = { scale: number; x: number; y: number };

export const IDENTITY: LockedTransform = { scale: 1, x: 0, y: 0 };
/** The shared scale never goes below fitting (nothing to see there) nor past 8× the pixels. */
export const MIN_LOCKED_SCALE = 1;
export const LOCKED_STEP = 1.25;

export type Pane = { image: Size; viewport: Size };

/** The size an image is drawn at in its pane under the transform. */
export function drawnSize(transform: LockedTransform, pane: Pane): Size {
  const scale = fitScale(pane.image, pane.viewport) * transform.scale;
  return { width: pane.image.width * scale, height: pane.image.height * scale };
}

/** The largest shared scale: the pane whose image is furthest from its pixels sets it. */
export function maxLockedScale(panes: readonly Pane[]): number {
  const limits = panes.map((p) => MAX_SCALE / fitScale(p.image, p.viewport));
  return limits.length > 0 ? Math.max(MIN_LOCKED_SCALE, Math.min(...limits)) : MAX_SCALE;
}

/** Keeps the pan within the largest overhang of any pane; fully fitted is centred. */
export function clampLocked(transform: LockedTransform, panes: readonly Pane[]): LockedTransform {
  let maxX = 0;
  let maxY = 0;
  for (const pane of panes) {
    const drawn = drawnSize(transform, pane);
    maxX = Math.max(maxX, (drawn.width - pane.viewport.width) / 2);
    maxY = Math.max(maxY, (drawn.height - pane.viewport.height) / 2);
  }
  const clamp = (v: number, max: number): number => {
    const c = Math.min(max, Math.max(-max, v));
    return c === 0 ? 0 : c;
  };
  return { scale: transform.scale, x: clamp(transform.x, maxX), y: clamp(transform.y, maxY) };
}

/** Zooms by `factor` keeping the point under `at` (from a pane's centre) in place in every pane. */
export function zoomLocked(
  transform: LockedTransform,
  factor: number,
  at: Point,
  panes: readonly Pane[],
): LockedTransform {
  const scale = Math.min(maxLockedScale(panes), Math.max(MIN_LOCKED_SCALE, transform.scale * factor));
  const ratio = scale / transform.scale;
  const next = { scale, x: at.x - (at.x - transform.x) * ratio, y: at.y - (at.y - transform.y) * ratio };
  return clampLocked(next, panes);
}

export function panLocked(transform: LockedTransform, dx: number, dy: number, panes: readonly Pane[]): LockedTransform {
  return clampLocked({ ...transform, x: transform.x + dx, y: transform.y + dy }, panes);
}

/** What a key does to the transform (+, =, -, 0), or undefined when the key is not a zoom key. */
export function keyZoom(key: string, transform: LockedTransform, panes: readonly Pane[]): LockedTransform | undefined {
  const centre = { x: 0, y: 0 };
  if (key === '+' || key === '=') return zoomLocked(transform, LOCKED_STEP, centre, panes);
  if (key === '-') return zoomLocked(transform, 1 / LOCKED_STEP, centre, panes);
  if (key === '0') return IDENTITY;
  return undefined;
}

export function wheelLocked(
  transform: LockedTransform,
  deltaY: number,
  at: Point,
  panes: readonly Pane[],
): LockedTransform {
  return zoomLocked(transform, wheelFactor(deltaY), at, panes);
}

/** The split slider's position (percent of the width) after a key, or undefined for other keys. */
export function splitKey(key: string, value: number, isLargeStep = false): number | undefined {
  const step = isLargeStep ? 10 : 2;
  const moves: Record<string, number> = {
    ArrowLeft: value - step,
    ArrowDown: value - step,
    ArrowRight: value + step,
    ArrowUp: value + step,
    PageDown: value - 10,
    PageUp: value + 10,
    Home: 0,
    End: 100,
  };
  const next = moves[key];
  return next === undefined ? undefined : Math.min(100, Math.max(0, next));
}
