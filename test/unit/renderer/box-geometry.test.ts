import { describe, expect, it } from 'vitest';
import {
  MIN_BOX_SIDE,
  boxAfterKey,
  boxFromDrag,
  centredBox,
  clampBox,
  keyStep,
  moveBox,
  resizeBox,
  scaleOf,
  toDisplayRect,
  toImagePoint,
  type EditBox,
} from '../../../src/renderer/src/features/studio/box-geometry';

// A 2000 × 1000 reference shown 500 px wide: one displayed pixel is four image pixels.
const image = { width: 2000, height: 1000 };
const scale = scaleOf(image, 500);

describe('box geometry: scaling', () => {
  it('converts displayed points to the image’s own pixels and back', () => {
    expect(scale).toBe(0.25);
    expect(toImagePoint({ x: 100, y: 50 }, scale, image)).toEqual({ x: 400, y: 200 });
    expect(toDisplayRect([400, 200, 1200, 600], scale)).toEqual({ left: 100, top: 50, width: 200, height: 100 });
  });

  it('clamps points dragged past the image to its edges', () => {
    expect(toImagePoint({ x: -30, y: 900 }, scale, image)).toEqual({ x: 0, y: 1000 });
  });

  it('draws a box from any corner to the opposite one, in whole image pixels', () => {
    const a = toImagePoint({ x: 150.3, y: 90.1 }, scale, image);
    const b = toImagePoint({ x: 20.2, y: 10.7 }, scale, image);
    expect(boxFromDrag(a, b, image)).toEqual([81, 43, 601, 360]);
  });
});

describe('box geometry: clamping', () => {
  it('keeps a box inside the image and at least MIN_BOX_SIDE wide and tall', () => {
    expect(clampBox([-50, -10, 2500, 1200], image)).toEqual([0, 0, 2000, 1000]);
    expect(clampBox([100, 100, 102, 101], image)).toEqual([100, 100, 100 + MIN_BOX_SIDE, 100 + MIN_BOX_SIDE]);
    expect(clampBox([1999, 999, 2000, 1000], image)).toEqual([2000 - MIN_BOX_SIDE, 1000 - MIN_BOX_SIDE, 2000, 1000]);
  });

  it('moves a box without changing its size and stops at the edges', () => {
    const box: EditBox = [100, 100, 300, 200];
    expect(moveBox(box, 50, -20, image)).toEqual([150, 80, 350, 180]);
    expect(moveBox(box, -500, 5000, image)).toEqual([0, 900, 200, 1000]);
  });

  it('resizes only the edges a handle names, never turning the box inside out', () => {
    const box: EditBox = [100, 100, 300, 200];
    expect(resizeBox(box, 'se', 40, 10, image)).toEqual([100, 100, 340, 210]);
    expect(resizeBox(box, 'nw', -20, -30, image)).toEqual([80, 70, 300, 200]);
    expect(resizeBox(box, 'e', -1000, 0, image)).toEqual([100, 100, 100 + MIN_BOX_SIDE, 200]);
    expect(resizeBox(box, 'n', 0, -1000, image)).toEqual([100, 0, 300, 200]);
  });

  it('adds a centred box half the image’s size', () => {
    expect(centredBox(image)).toEqual([500, 250, 1500, 750]);
    expect(centredBox({ width: 241, height: 240 })).toEqual([60, 60, 181, 180]);
  });
});

describe('box geometry: keyboard', () => {
  const box: EditBox = [100, 100, 300, 200];

  it('moves by 1 % of the longer side per arrow, by one pixel with Alt', () => {
    expect(keyStep(image)).toBe(20);
    expect(boxAfterKey(box, { key: 'ArrowRight', shiftKey: false }, image)).toEqual([120, 100, 320, 200]);
    expect(boxAfterKey(box, { key: 'ArrowUp', shiftKey: false }, image)).toEqual([100, 80, 300, 180]);
    expect(boxAfterKey(box, { key: 'ArrowLeft', shiftKey: false, altKey: true }, image)).toEqual([99, 100, 299, 200]);
  });

  it('resizes from the bottom-right corner with Shift + arrows', () => {
    expect(boxAfterKey(box, { key: 'ArrowRight', shiftKey: true }, image)).toEqual([100, 100, 320, 200]);
    expect(boxAfterKey(box, { key: 'ArrowUp', shiftKey: true }, image)).toEqual([100, 100, 300, 180]);
    expect(boxAfterKey([100, 100, 110, 110], { key: 'ArrowLeft', shiftKey: true }, image)).toEqual([
      100,
      100,
      100 + MIN_BOX_SIDE,
      110,
    ]);
  });

  it('stops at the image edge and ignores other keys', () => {
    expect(boxAfterKey([1900, 0, 2000, 50], { key: 'ArrowRight', shiftKey: false }, image)).toEqual([
      1900, 0, 2000, 50,
    ]);
    expect(boxAfterKey(box, { key: 'a', shiftKey: false }, image)).toBeNull();
  });
});
