import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PNG_SIGNATURE, renderPng, type RenderSpec } from '../../src/main/services/simulator/png-render';

const spec: RenderSpec = { prompt: '花店', seed: 7, width: 1248, height: 832, index: 0, total: 1 };

function readHeader(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('simulator pictures', () => {
  it('are valid PNGs of exactly the requested size', () => {
    const png = renderPng(spec);
    expect(readHeader(png)).toEqual({ width: 1248, height: 832 });
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(832 * (1248 * 3 + 1));
  });

  it('are the same bytes for the same inputs and differ by seed, index and prompt', () => {
    const a = renderPng(spec);
    expect(renderPng(spec).equals(a)).toBe(true);
    expect(renderPng({ ...spec, seed: 8 }).equals(a)).toBe(false);
    expect(renderPng({ ...spec, index: 1, total: 2 }).equals(a)).toBe(false);
    expect(renderPng({ ...spec, prompt: '书店' }).equals(a)).toBe(false);
  });
});
