import { describe, expect, it } from 'vitest';
import {
  canPan,
  clampPan,
  fitZoom,
  MAX_SCALE,
  panBy,
  wheelFactor,
  zoomAt,
  zoomTo,
  ZOOM_STEP,
} from '../../../src/renderer/src/features/gallery/zoom-math';

const image = { width: 2048, height: 1024 };
const viewport = { width: 1000, height: 800 };

describe('zoom and pan', () => {
  it('fit shows the whole image centred and never enlarges a small one', () => {
    expect(fitZoom(image, viewport)).toEqual({ scale: 1000 / 2048, x: 0, y: 0, isFit: true });
    expect(fitZoom({ width: 400, height: 300 }, viewport).scale).toBe(1);
    expect(canPan(fitZoom(image, viewport), image, viewport)).toBe(false);
  });

  it('100 % of a large image can be panned, but only as far as its edges', () => {
    const actual = zoomTo(fitZoom(image, viewport), 1, image, viewport);
    expect(actual.scale).toBe(1);
    expect(actual.isFit).toBe(false);
    expect(canPan(actual, image, viewport)).toBe(true);
    // Overhang: (2048 − 1000) / 2 = 524 across, (1024 − 800) / 2 = 112 down.
    expect(panBy(actual, 5000, -5000, image, viewport)).toMatchObject({ x: 524, y: -112 });
  });

  it('zooming at a point keeps that point under the cursor', () => {
    const start = { scale: 1, x: 0, y: 0, isFit: false };
    const at = { x: 200, y: 100 };
    const zoomed = zoomAt(start, 2, at, image, viewport);
    // The image point under the cursor was (200, 100) from the image centre; at 2× it must
    // still sit at the cursor: offset + point × scale = cursor.
    expect(zoomed.x + 200 * 2).toBeCloseTo(200);
    expect(zoomed.y + 100 * 2).toBeCloseTo(100);
  });

  it('zoom stops at the maximum and a smaller-than-viewport image recentres', () => {
    expect(zoomAt({ scale: 7, x: 0, y: 0, isFit: false }, 4, { x: 0, y: 0 }, image, viewport).scale).toBe(MAX_SCALE);
    expect(clampPan({ scale: 0.2, x: 300, y: -40, isFit: false }, image, viewport)).toMatchObject({ x: 0, y: 0 });
  });

  it('a wheel notch is one zoom step, in the direction people expect', () => {
    expect(wheelFactor(-100)).toBeCloseTo(ZOOM_STEP);
    expect(wheelFactor(100)).toBeCloseTo(1 / ZOOM_STEP);
  });
});
