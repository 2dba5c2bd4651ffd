import { describe, expect, it } from 'vitest';
import type { BatchView } from '../../../src/shared/batch/batch-types';
import type { ImageView } from '../../../src/shared/contract';
import { buildGrid } from '../../../src/shared/batch/batch-grid';
import { joinRows } from '../../../src/renderer/src/features/batch/batch-grid-data';
import {
  batchActions,
  formatDuration,
  mergeBatch,
  progressOf,
} from '../../../src/renderer/src/features/batch/batch-progress';
import {
  EMPTY_SOURCE,
  capOf,
  fileKindOf,
  planInputOf,
  type StudioBasis,
} from '../../../src/renderer/src/features/batch/batch-source';

const counts = { enqueued: 0, active: 0, done: 0, failed: 0, canceled: 0, interrupted: 0, images: 0, billedImages: 0 };
const view = (patch: Partial<BatchView['counts']>, status: BatchView['status'] = 'running', totalRows = 10) => ({
  status,
  totalRows,
  counts: { ...counts, ...patch },
});

describe('batch progress', () => {
  it('counts done, failed (with cut-off creates), active and what is left to send', () => {
    const p = progressOf(view({ enqueued: 7, done: 4, failed: 1, interrupted: 1, active: 1, images: 8 }));
    expect(p).toEqual({ done: 4, failed: 2, active: 1, remaining: 3, images: 8, fraction: 0.6 });
  });

  it('fills the bar when done or canceled, and a canceled batch has nothing left to send', () => {
    expect(progressOf(view({ done: 3, canceled: 2 }, 'canceled')).remaining).toBe(0);
    expect(progressOf(view({ done: 3, canceled: 2 }, 'canceled')).fraction).toBe(1);
    expect(progressOf(view({ done: 10 }, 'done')).fraction).toBe(1);
    expect(progressOf(view({}, 'running', 0)).fraction).toBe(1);
    expect(progressOf(view({}, 'paused')).fraction).toBe(0);
  });

  it('offers pause while running, resume while paused, and nothing once settled', () => {
    expect(batchActions({ status: 'running' })).toEqual({ canPause: true, canResume: false, canCancel: true });
    expect(batchActions({ status: 'paused' })).toEqual({ canPause: false, canResume: true, canCancel: true });
    expect(batchActions({ status: 'done' })).toEqual({ canPause: false, canResume: false, canCancel: false });
  });

  it('keeps the list newest first with one entry per batch', () => {
    const b = (id: string, createdAt: number, status: BatchView['status'] = 'running') =>
      ({ id, createdAt, status }) as BatchView;
    const list = mergeBatch([b('a', 1), b('b', 2)], b('a', 1, 'done'));
    expect(list.map((x) => [x.id, x.status])).toEqual([
      ['b', 'running'],
      ['a', 'done'],
    ]);
    expect(mergeBatch(list, b('c', 3)).map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(mergeBatch(list, b('c', 3), 2).map((x) => x.id)).toEqual(['c', 'b']);
  });

  it('says durations in words', () => {
    expect(formatDuration(45, 'en')).toBe('45 s');
    expect(formatDuration(600, 'en')).toBe('10 min');
    expect(formatDuration(7500, 'zh-CN')).toBe('2 小时 5 分钟');
  });
});

describe('batch source', () => {
  const basis: StudioBasis = { prompt: 'a lighthouse', defaults: { model: 'wan2.7-image', size: '1024x1024' } };

  it('sends the studio prompt × seeds, or nothing without a prompt', () => {
    expect(planInputOf({ ...EMPTY_SOURCE, seeds: 3 }, basis)).toMatchObject({
      prompt: 'a lighthouse',
      seeds: 3,
      defaults: basis.defaults,
      maxImages: null,
      maxCost: null,
    });
    expect(planInputOf(EMPTY_SOURCE, { ...basis, prompt: '  ' })).toBeNull();
  });

  it('sends a list as lines, a table file as read, and a template with its file and combine', () => {
    expect(planInputOf({ ...EMPTY_SOURCE, kind: 'lines', lines: 'a\nb' }, basis)?.file).toEqual({
      name: 'prompts.txt',
      text: 'a\nb',
      kind: 'lines',
    });
    const file = { name: 'x.tsv', text: 'prompt\tsize\n', kind: 'tsv' as const };
    expect(planInputOf({ ...EMPTY_SOURCE, kind: 'file' }, basis)).toBeNull();
    expect(planInputOf({ ...EMPTY_SOURCE, kind: 'file', file }, basis)?.file).toEqual(file);
    const t = planInputOf(
      { ...EMPTY_SOURCE, kind: 'template', templateText: '{a|b}', combine: 'zip', file, savedTemplate: '' },
      basis,
    );
    expect(t).toMatchObject({ template: '{a|b}', combine: 'zip', file });
    expect(planInputOf({ ...EMPTY_SOURCE, kind: 'template', savedTemplate: 'sea' }, basis)?.template).toBe('sea');
  });

  it('reads caps: blank or not a positive number is no cap; images are whole', () => {
    expect([capOf('', true), capOf('12.7', true), capOf('0', true), capOf('x', false), capOf('2.5', false)]).toEqual([
      null,
      12,
      null,
      null,
      2.5,
    ]);
    expect(planInputOf({ ...EMPTY_SOURCE, maxImages: '8', maxCost: '1.5' }, basis)).toMatchObject({
      maxImages: 8,
      maxCost: 1.5,
    });
  });

  it('tells TSV from CSV by name, then by the header', () => {
    expect(fileKindOf('a.TSV', 'a,b')).toBe('tsv');
    expect(fileKindOf('a.csv', 'a\tb')).toBe('csv');
    expect(fileKindOf('plan.txt', 'prompt\tsize\nx\ty')).toBe('tsv');
    expect(fileKindOf('plan.txt', 'prompt,size')).toBe('csv');
  });
});

describe('batch grid rows', () => {
  it('joins each row to its generation images in set order, and lays them out by the axes', () => {
    const row = (index: number, size: string, prompt: string, generationId: string | null) => ({
      index,
      prompt,
      model: 'wan2.7-image',
      size,
      n: 1,
      seed: 1,
      vars: { prompt, size },
      generationId,
    });
    const image = (id: string, generationId: string, index: number) => ({ id, generationId, index }) as ImageView;
    const rows = joinRows(
      [row(0, '1:1', 'cat', 'g0'), row(1, '16:9', 'cat', 'g1'), row(2, '1:1', 'dog', null)],
      [image('i1b', 'g1', 1), image('i1a', 'g1', 0), image('i0', 'g0', 0), image('other', 'gx', 0)],
    );
    expect(rows.map((r) => r.images.map((i) => i.id))).toEqual([['i0'], ['i1a', 'i1b'], []]);
    const grid = buildGrid(rows);
    expect([grid.x, grid.y, grid.xValues, grid.yValues]).toEqual(['prompt', 'size', ['cat', 'dog'], ['1:1', '16:9']]);
    expect(grid.pages[0]!.cells[1]![0]![0]!.images).toHaveLength(2);
  });
});
