// Zoom and pan for the detail view. Offsets are in screen pixels from the viewport's centre to
// the image's centre, so "fit" is simply { x: 0, y: 0 } at the fitting scale.

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
export type Zoom = { scale: number; x: number; y: number; isFit: boolean };

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 8;
export const ZOOM_STEP = 1.25;

/** Whole image visible; never blown up past 100 %, which would only show blur. */
export function fitScale(image: Size, viewport: Size): number {
  if (image.width <= 0 || image.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return 1;
  return Math.min(1, viewport.width / image.width, viewport.height / image.height);
}

export function fitZoom(image: Size, viewport: Size): Zoom {
  return { scale: fitScale(image, viewport), x: 0, y: 0, isFit: true };
}

/** Keeps the image from being dragged further than its own overhang; a smaller image stays centred. */
export function clampPan(zoom: Zoom, image: Size, viewport: Size): Zoom {
  const maxX = Math.max(0, (image.width * zoom.scale - viewport.width) / 2);
  const maxY = Math.max(0, (image.height * zoom.scale - viewport.height) / 2);
  const x = Math.min(maxX, Math.max(-maxX, zoom.x));
  const y = Math.min(maxY, Math.max(-maxY, zoom.y));
  return { ...zoom, x: x === 0 ? 0 : x, y: y === 0 ? 0 : y };
}

/** Zooms by `factor` keeping the image point under `at` (relative to the viewport centre) in place. */
export function zoomAt(zoom: Zoom, factor: number, at: Point, image: Size, viewport: Size): Zoom {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, zoom.scale * factor));
  const ratio = scale / zoom.scale;
  const next = { scale, x: at.x - (at.x - zoom.x) * ratio, y: at.y - (at.y - zoom.y) * ratio, isFit: false };
  return clampPan(next, image, viewport);
}

export function zoomTo(zoom: Zoom, scale: number, image: Size, viewport: Size): Zoom {
  return zoomAt(zoom, scale / zoom.scale, { x: 0, y: 0 }, image, viewport);
}

export function panBy(zoom: Zoom, dx: number, dy: number, image: Size, viewport: Size): Zoom {
  return clampPan({ ...zoom, x: zoom.x + dx, y: zoom.y + dy }, image, viewport);
}

export function canPan(zoom: Zoom, image: Size, viewport: Size): boolean {
  return image.width * zoom.scale > viewport.width + 0.5 || image.height * zoom.scale > viewport.height + 0.5;
}

/** A wheel notch (about 100 px of deltaY) zooms by roughly one step; trackpads give finer control. */
export function wheelFactor(deltaY: number): number {
  return Math.exp((-deltaY / 100) * Math.log(ZOOM_STEP));
}
