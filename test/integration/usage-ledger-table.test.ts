import { afterEach, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../../src/main/services/batch/ledger-repository';
import { JobRepository } from '../../src/main/services/jobs/job-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { tempDir } from '../helpers/library';

// usage_ledger (migration 12): the triggers keep one narrow row per generation equal to what the
// ledger would compute from the generations and images themselves, through inserts, job updates,
// image inserts and deletes, and deletes; the migration backfills a library that had none; the
// ledger query reads only its covering index.

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** The ledger's sums worked out from scratch, as before the table existed. */
const FROM_SCRATCH = `
  SELECT id AS generation_id, created_at, base_url, model, submitted_at IS NOT NULL AS is_sent,
    coalesce(billed_images, 0) AS billed,
    CASE WHEN billed_images IS NULL AND (status = 'interrupted' OR (status = 'failed'
      AND submitted_at IS NOT NULL AND task_id IS NULL AND result_items IS NULL
      AND error_code IN ('timeout', 'network', 'server', 'malformed_response'))) THEN n ELSE 0 END AS possibly,
    (SELECT count(*) FROM images i WHERE i.generation_id = g.id) AS images
  FROM generations g ORDER BY id`;
const TABLE = `SELECT generation_id, created_at, base_url, model, is_sent, billed, possibly, images
  FROM usage_ledger ORDER BY generation_id`;

function open(path: string): Library {
  const library = openLibrary(path);
  cleanups.push(() => library.close());
  return library;
}

function fill(library: Library): void {
  const jobs = new JobRepository(library.db);
  const image = library.db.prepare(
    `INSERT INTO images (id, generation_id, idx, path, mime, width, height, bytes, sha256, created_at, deleted_at)
     VALUES (?, ?, ?, ?, 'image/png', 1, 1, 1, 'x', 1, NULL)`,
  );
  const add = (id: string, n: number, patch: Parameters<Library['repo']['updateGeneration']>[1]): void => {
    library.repo.insertGeneration({
      id,
      createdAt: 1_780_000_000_000 + id.charCodeAt(0) * 3_600_000,
      status: 'queued',
      model: 'wan2.7-image',
      prompt: id,
      size: '1024x1024',
      n,
      seed: 1,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
      mode: 'async',
      providerProfile: 'p',
      baseUrl: 'http://gw.test/v1',
      rerunOf: null,
    });
    library.repo.updateGeneration(id, patch);
  };
  add('a', 2, { status: 'done', submittedAt: 1, taskId: 't' });
  jobs.setBilled('a', 2);
  image.run('a-0', 'a', 0, 'a0.png');
  image.run('a-1', 'a', 1, 'a1.png');
  add('b', 4, { status: 'interrupted', submittedAt: 1 });
  add('c', 3, { status: 'failed', submittedAt: 1, error: { code: 'timeout', message: 't', detail: null } });
  add('d', 1, { status: 'failed', error: { code: 'canceled', message: 'c', detail: null } });
  add('e', 1, { status: 'done', submittedAt: 1 });
  image.run('e-0', 'e', 0, 'e0.png');
  // Later changes: a possibly billed create found billed after all, an image and a generation deleted.
  jobs.setBilled('c', 1);
  library.db.prepare(`DELETE FROM images WHERE id = 'a-1'`).run();
  library.db.prepare(`DELETE FROM generations WHERE id = 'e'`).run();
}

describe('usage_ledger', () => {
  it('stays equal to the sums worked out from the generations and images', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const library = open(dir.path);
    fill(library);
    const expected = library.db.prepare(FROM_SCRATCH).all();
    expect(expected).toHaveLength(4);
    expect(library.db.prepare(TABLE).all()).toEqual(expected);
    expect(new LedgerRepository(library.db).usage({ by: 'model' }).total).toMatchObject({
      generations: 3,
      images: 1,
      billedImages: 3,
      possiblyBilledImages: 4,
    });
  });

  it('is backfilled by the migration on a library that had none', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const first = openLibrary(dir.path);
    fill(first);
    const expected = first.db.prepare(FROM_SCRATCH).all();
    first.db.exec(`DROP TABLE usage_ledger; DROP TRIGGER usage_ledger_insert; DROP TRIGGER usage_ledger_update;
      DROP TRIGGER usage_ledger_delete; DROP TRIGGER usage_ledger_image_insert; DROP TRIGGER usage_ledger_image_delete;`);
    // Back to before migration 12 (the ledger), whatever came after it.
    first.db.pragma('user_version = 11');
    first.close();
    const again = open(dir.path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.db.prepare(TABLE).all()).toEqual(expected);
  });

  it('answers the ledger from its covering index', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const library = open(dir.path);
    const plan = library.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT model, count(*), sum(images), sum(billed), sum(possibly) FROM usage_ledger
         WHERE created_at >= ? AND is_sent = 1 GROUP BY model, base_url`,
      )
      .all(0) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' | ')).toContain('COVERING INDEX usage_ledger_sent');
  });
});
