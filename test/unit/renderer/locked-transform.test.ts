import { describe, expect, it } from 'vitest';
import {
  IDENTITY,
  clampLocked,
  drawnSize,
  keyZoom,
  maxLockedScale,
  panLocked,
  splitKey,
  zoomLocked,
  type Pane,
} from '../../../src/renderer/src/features/compare/locked-transform';

// A 1K and a 2K twin in panes of the same size: both fit, so both are drawn the same size.
const panes: Pane[] = [
  { image: { width: 1024, height: 1024 }, viewport: { width: 400, height: 400 } },
  { image: { width: 2048, height: 2048 }, viewport: { width: 400, height: 400 } },
];

describe('the locked transform', () => {
  it('draws every image fitted, then scaled by the one shared scale', () => {
    expect(drawnSize(IDENTITY, panes[0]!)).toEqual({ width: 400, height: 400 });
    expect(drawnSize(IDENTITY, panes[1]!)).toEqual({ width: 400, height: 400 });
    const zoomed = { scale: 2, x: 0, y: 0 };
    expect(drawnSize(zoomed, panes[0]!)).toEqual(drawnSize(zoomed, panes[1]!));
  });

  it('zooms about the pointer, keeping the point under it in place', () => {
    const at = { x: 100, y: -50 };
    const next = zoomLocked(IDENTITY, 2, at, panes);
    expect(next.scale).toBe(2);
    // The image point under `at` was (at - offset) / scale; it must still be under `at`.
    expect((at.x - next.x) / next.scale).toBeCloseTo((at.x - IDENTITY.x) / IDENTITY.scale);
    expect((at.y - next.y) / next.scale).toBeCloseTo((at.y - IDENTITY.y) / IDENTITY.scale);
  });

  it('never goes below fit, nor past 8× the pixels of the least magnified image', () => {
    expect(zoomLocked(IDENTITY, 0.5, { x: 0, y: 0 }, panes).scale).toBe(1);
    // The 1K image reaches 8 px per pixel at 8 / (400 / 1024) = 20.48.
    expect(maxLockedScale(panes)).toBeCloseTo(20.48);
    expect(zoomLocked(IDENTITY, 100, { x: 0, y: 0 }, panes).scale).toBeCloseTo(20.48);
  });

  it('pans only as far as the largest overhang, and not at all when fitted', () => {
    expect(panLocked(IDENTITY, 50, 50, panes)).toEqual(IDENTITY);
    const zoomed = { scale: 2, x: 0, y: 0 };
    // Drawn 800 in a 400 pane: 200 of overhang each side.
    expect(panLocked(zoomed, 500, -30, panes)).toEqual({ scale: 2, x: 200, y: -30 });
    expect(clampLocked({ scale: 2, x: -999, y: 999 }, panes)).toEqual({ scale: 2, x: -200, y: 200 });
  });

  it('answers +, =, - and 0, and nothing else', () => {
    const zoomed = keyZoom('+', IDENTITY, panes)!;
    expect(zoomed.scale).toBeCloseTo(1.25);
    expect(keyZoom('=', IDENTITY, panes)!.scale).toBeCloseTo(1.25);
    expect(keyZoom('-', zoomed, panes)!.scale).toBeCloseTo(1);
    expect(keyZoom('0', { scale: 3, x: 10, y: 10 }, panes)).toEqual(IDENTITY);
    expect(keyZoom('a', IDENTITY, panes)).toBeUndefined();
  });
});

describe('the split slider', () => {
  it('moves by small and large steps and stays within 0–100', () => {
    expect(splitKey('ArrowRight', 50)).toBe(52);
    expect(splitKey('ArrowLeft', 50, true)).toBe(40);
    expect(splitKey('PageUp', 95)).toBe(100);
    expect(splitKey('ArrowLeft', 1)).toBe(0);
    expect(splitKey('Home', 50)).toBe(0);
    expect(splitKey('End', 50)).toBe(100);
    expect(splitKey('Enter', 50)).toBeUndefined();
  });
});
