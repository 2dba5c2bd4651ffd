import { afterEach, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../../src/main/services/batch/ledger-repository';
import { JobRepository } from '../../src/main/services/jobs/job-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import type { GenerationStatus } from '../../src/shared/library-types';
import { tempDir } from '../helpers/library';

// The cost and usage ledger on a real SQLite library: billed images from what each job recorded,
// creates cut off in flight counted apart as possibly billed, prices per provider and model.

const libraries: Array<() => void> = [];
afterEach(() => libraries.splice(0).forEach((close) => close()));

const GATEWAY = 'http://gateway.test/v1';
const BEIJING = 'https://dashscope.aliyuncs.com/api/v1';

function setup(): { library: Library; ledger: LedgerRepository; add: (g: Gen) => void } {
  const dir = tempDir();
  const library = openLibrary(dir.path);
  libraries.push(() => {
    library.close();
    dir.remove();
  });
  const jobs = new JobRepository(library.db);
  let seq = 0;
  const add = (g: Gen): void => {
    const id = `g${seq++}`;
    library.repo.insertGeneration({
      id,
      createdAt: g.at,
      status: 'queued',
      model: g.model ?? 'wan2.7-image',
      prompt: id,
      size: '1024x1024',
      n: g.n ?? 1,
      seed: 1,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
      mode: 'async',
      providerProfile: 'p',
      baseUrl: g.baseUrl ?? GATEWAY,
      rerunOf: null,
    });
    library.repo.updateGeneration(id, {
      status: g.status,
      ...(g.sent === false ? {} : { submittedAt: g.at }),
      ...(g.taskId ? { taskId: g.taskId } : {}),
      ...(g.error ? { error: { code: g.error, message: g.error, detail: null } } : {}),
    });
    if (g.billed !== undefined) jobs.setBilled(id, g.billed);
    for (let i = 0; i < (g.images ?? 0); i++)
      library.db
        .prepare(
          `INSERT INTO images (id, generation_id, idx, path, mime, width, height, bytes, sha256, created_at, deleted_at)
           VALUES (?, ?, ?, ?, 'image/png', 1024, 1024, 1, 'x', ?, ?)`,
        )
        .run(`${id}-${i}`, id, i, `images/${id}-${i}.png`, g.at, g.trashed ? g.at : null);
  };
  return { library, ledger: new LedgerRepository(library.db), add };
}

type Gen = {
  at: number;
  status: GenerationStatus;
  model?: string;
  n?: number;
  baseUrl?: string;
  billed?: number;
  images?: number;
  trashed?: boolean;
  sent?: boolean;
  taskId?: string;
  error?: 'timeout' | 'network' | 'moderation' | 'canceled' | 'interrupted';
};

const day = (d: number, hour = 12): number => new Date(2026, 0, d, hour).getTime();

describe('the usage ledger', () => {
  it('sums billed images and their cost per day, and counts creates cut off in flight apart', () => {
    const { ledger, add } = setup();
    add({ at: day(5), status: 'done', n: 2, billed: 2, images: 2 });
    add({ at: day(5, 23), status: 'done', model: 'wan2.7-image-pro', billed: 1, images: 1 });
    // Canceled while upstream ran it: billed, its image in the trash — still counted.
    add({ at: day(6), status: 'canceled', billed: 1, images: 1, trashed: true });
    // Killed with its create in flight: may have been billed, at most n images.
    add({ at: day(6), status: 'interrupted', n: 4, error: 'interrupted' });
    // A create that timed out and left no task: as unsure.
    add({ at: day(7), status: 'failed', n: 2, error: 'timeout' });
    // Neither: refused by moderation after it got a task (upstream said failed: not billed), and one never sent.
    add({ at: day(7), status: 'failed', taskId: 't1', error: 'moderation' });
    add({ at: day(7), status: 'failed', sent: false, error: 'canceled' });

    const report = ledger.usage({ by: 'day' });
    expect(report.rows.map((r) => [r.key, r.generations, r.images, r.billedImages, r.possiblyBilledImages])).toEqual([
      ['2026-01-05', 2, 3, 3, 0],
      ['2026-01-06', 2, 1, 1, 4],
      ['2026-01-07', 2, 0, 0, 2],
    ]);
    expect(report.rows[0]!.cost).toEqual({ USD: 0.135 });
    expect(report.rows[1]).toMatchObject({ cost: { USD: 0.03 }, possibleCost: { USD: 0.12 } });
    expect(report.total).toMatchObject({
      generations: 6,
      images: 4,
      billedImages: 4,
      possiblyBilledImages: 6,
      cost: { USD: 0.165 },
      possibleCost: { USD: 0.18 },
    });
    expect(ledger.usage({ by: 'day', since: day(6, 0) }).total.billedImages).toBe(1);
  });

  it('groups by model, week (from Monday) and month, and prices each provider in its currency', () => {
    const { ledger, add } = setup();
    add({ at: day(4), status: 'done', billed: 1, images: 1 }); // a Sunday
    add({ at: day(5), status: 'done', billed: 1, images: 1 }); // the Monday after
    add({ at: new Date(2026, 1, 1).getTime(), status: 'done', model: 'wan2.7-image-pro', billed: 2, baseUrl: BEIJING });

    expect(ledger.usage({ by: 'week' }).rows.map((r) => [r.key, r.billedImages])).toEqual([
      ['2025-12-29', 1],
      ['2026-01-05', 1],
      ['2026-01-26', 2],
    ]);
    expect(ledger.usage({ by: 'month' }).rows.map((r) => r.key)).toEqual(['2026-01', '2026-02']);
    const byModel = ledger.usage({ by: 'model' });
    expect(byModel.rows.map((r) => [r.key, r.cost])).toEqual([
      ['wan2.7-image', { USD: 0.06 }],
      ['wan2.7-image-pro', { CNY: 1 }],
    ]);
    expect(byModel.total.cost).toEqual({ USD: 0.06, CNY: 1 });
    // The Usage screen's days come with the same per-model rows, summed from the one scan.
    const days = ledger.usage({ by: 'day', withModels: true });
    expect(days.models).toEqual(byModel.rows);
    expect(days.total).toEqual(byModel.total);
    expect(ledger.usage({ by: 'day' }).models).toBeUndefined();

    // The person's price wins; a new currency applies to the provider's other prices too.
    ledger.setPrice(GATEWAY, 'wan2.7-image-pro', 0.6, 'CNY', 1);
    ledger.setPrice(GATEWAY, 'wan2.7-image', 0.25, 'CNY', 2);
    expect(ledger.priceOf(GATEWAY, 'wan2.7-image-pro')).toEqual({ perImage: 0.6, currency: 'CNY', source: 'custom' });
    expect(ledger.usage({ by: 'model' }).total.cost).toEqual({ CNY: 1.5 });
    ledger.setPrice(GATEWAY, 'wan2.7-image', 0.04, 'USD', 3);
    expect(ledger.priceOf(GATEWAY, 'wan2.7-image-pro').currency).toBe('USD');
    expect(ledger.clearPrice(GATEWAY, 'wan2.7-image')).toBe(true);
    expect(ledger.priceOf(GATEWAY, 'wan2.7-image')).toEqual({ perImage: 0.03, currency: 'USD', source: 'default' });
  });
});
