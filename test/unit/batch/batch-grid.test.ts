import { describe, expect, it } from 'vitest';
import { axisValues, buildGrid, pageLabel, varyingAxes, withRequestAxes } from '../../../src/shared/batch/batch-grid';

const row = (index: number, vars: Record<string, string>) => ({ index, vars });

describe('batch grid', () => {
  // 2 styles × 3 sizes × 2 seeds, crossed, plus an axis that never varies.
  const rows = ['ink', 'oil'].flatMap((style, s) =>
    ['1:1', '16:9', '9:16'].flatMap((size, z) =>
      ['1', '2'].map((seed, d) => row(s * 6 + z * 2 + d, { style, size, seed, model: 'wan2.7-image' })),
    ),
  );

  it('finds the axes that vary, in the order the plan named them', () => {
    expect(varyingAxes(rows)).toEqual(['style', 'size', 'seed']);
    expect(varyingAxes(rows, ['seed'])).toEqual(['seed', 'style', 'size']);
    expect(axisValues(rows, 'size')).toEqual(['1:1', '16:9', '9:16']);
  });

  it('defaults X and Y to the first two varying axes; the rest become pages', () => {
    const grid = buildGrid(rows);
    expect([grid.x, grid.y]).toEqual(['style', 'size']);
    expect(grid.xValues).toEqual(['ink', 'oil']);
    expect(grid.yValues).toEqual(['1:1', '16:9', '9:16']);
    expect(grid.pages.map(pageLabel)).toEqual(['seed = 1', 'seed = 2']);
    // Row 0 is ink, 1:1, seed 1; row 8 is oil (6) + 16:9 (2) + seed 1 (0).
    expect(grid.pages[0]!.cells[0]![0]!.map((r) => r.index)).toEqual([0]);
    expect(grid.pages[0]!.cells[1]![1]!.map((r) => r.index)).toEqual([8]);
    expect(grid.pages[1]!.cells[2]![1]!.map((r) => r.index)).toEqual([11]);
  });

  it('takes the chosen axes, and ignores a choice that does not vary', () => {
    const grid = buildGrid(rows, { x: 'seed', y: 'style' });
    expect([grid.x, grid.y, grid.pages.length]).toEqual(['seed', 'style', 3]);
    expect(buildGrid(rows, { x: 'model' }).x).toBe('style');
    const single = buildGrid(rows, { x: 'size', y: null });
    expect(single.y).toBeNull();
    expect(single.yValues).toEqual(['']);
    expect(single.pages).toHaveLength(4);
  });

  it('puts rows that share a crossing into one cell, and leaves a zipped gap empty', () => {
    const zipped = [row(0, { a: 'x', b: 'p' }), row(1, { a: 'y', b: 'q' }), row(2, { a: 'x', b: 'p' })];
    const grid = buildGrid(zipped);
    expect(grid.pages[0]!.cells.map((line) => line.map((cell) => cell.map((r) => r.index)))).toEqual([
      [[0, 2], []],
      [[], [1]],
    ]);
  });

  it('makes prompts that differ an axis when the plan named none (a list of prompts)', () => {
    const plain = ['a cat', 'a dog'].map((prompt, i) => ({
      index: i,
      vars: {},
      prompt,
      seed: 7,
      size: '1024x1024',
      model: 'wan2.7-image',
    }));
    const grid = buildGrid(withRequestAxes(plain));
    expect(grid.x).toBe('prompt');
    expect(grid.xValues).toEqual(['a cat', 'a dog']);
    const one = buildGrid(withRequestAxes(plain.slice(0, 1)));
    expect([one.x, one.pages[0]!.cells[0]![0]!.length]).toEqual([null, 1]);
  });
});
