import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/services/library/database';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { openLibrary } from '../../src/main/services/library/library';
import { engineRig, tempDir, type EngineRig } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** What migrations 9 (batches, templates, prices), 10 (seed index), 11 (prompts, presets) and 12 (usage ledger) added, taken away again. */
const UNDO_AFTER_7 = `
  DROP TABLE usage_ledger;
  DROP TRIGGER usage_ledger_insert;
  DROP TRIGGER usage_ledger_update;
  DROP TRIGGER usage_ledger_delete;
  DROP TRIGGER usage_ledger_image_insert;
  DROP TRIGGER usage_ledger_image_delete;
  DROP TRIGGER prompts_generation_insert;
  DROP TRIGGER prompts_generation_delete;
  DROP TABLE prompts;
  DROP TABLE presets;
  DROP INDEX generations_prompt;
  DROP INDEX generations_seed;
  DROP INDEX generations_batch_row;
  ALTER TABLE generations DROP COLUMN batch_row;
  ALTER TABLE generations DROP COLUMN batch_id;
  DROP TABLE batch_rows;
  DROP TABLE batches;
  DROP TABLE templates;
  DROP TABLE prices;
`;

const baseGeneration = {
  createdAt: 1_700_000_000_000,
  status: 'done' as const,
  model: 'wan2.7-image',
  size: '1024x1024',
  n: 1,
  seed: 1,
  mode: 'async' as const,
  providerProfile: 'p',
  baseUrl: 'http://x',
  rerunOf: null,
  parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' as const },
};

describe('library database', () => {
  it('creates a new library readable by its owner only, the WAL included', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const file = join(dir.path, 'new-home', 'library.sqlite');
    const db = openDatabase(file);
    db.prepare(
      "INSERT INTO generations (id, created_at, updated_at, status, model, prompt, size, n, seed, parameters, mode, provider_profile, base_url) VALUES ('g1', 1, 1, 'done', 'm', 'private prompt', '1x1', 1, 1, '{}', 'sync', 'p', 'u')",
    ).run();
    const modeOf = (path: string): number => statSync(path).mode & 0o777;
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(join(dir.path, 'new-home'))).toBe(0o700);
    db.close();
  });

  it('migrates an empty file to the latest schema, in WAL mode with foreign keys, and reopens it unchanged', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const file = join(dir.path, 'library.sqlite');
    writeFileSync(file, '');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.prepare(
      "INSERT INTO generations (id, created_at, updated_at, status, model, prompt, size, n, seed, parameters, mode, provider_profile, base_url) VALUES ('g1', 1, 1, 'done', 'm', '花店', '1x1', 1, 1, '{}', 'sync', 'p', 'u')",
    ).run();
    db.close();

    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT prompt FROM generations').all()).toEqual([{ prompt: '花店' }]);
    expect(() =>
      again
        .prepare(
          "INSERT INTO images (id, generation_id, idx, path, mime, width, height, bytes, sha256, created_at) VALUES ('i', 'missing', 0, 'p', 'image/png', 1, 1, 1, 's', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    again.close();
  });

  it('writes a new library’s schema once: its write-ahead log holds each page about once, not each step’s copy', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const library = openLibrary(dir.path);
    try {
      const pages = library.db.pragma('page_count', { simple: true }) as number;
      const pageSize = library.db.pragma('page_size', { simple: true }) as number;
      const frames = (statSync(join(dir.path, 'library.sqlite-wal')).size - 32) / (pageSize + 24);
      expect(library.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      // Step by step, each migration's transaction logged its own copy of the schema's pages
      // (127 frames for 74 pages at 17 migrations): 0.5 MB a nearly full disk could not take.
      expect(frames).toBeLessThanOrEqual(pages + 8);
    } finally {
      library.close();
    }
  });

  it('refuses a library written by a newer version instead of damaging it', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const file = join(dir.path, 'library.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer Wan Studio/);
  });

  it('finds Chinese substrings of any length in prompts and revised prompts, and keeps the index in step', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const library = openLibrary(dir.path);
    cleanups.push(library.close);
    const { repo } = library;
    repo.insertGeneration({ ...baseGeneration, id: 'a', prompt: '一间有着精致窗户的花店' });
    repo.insertGeneration({ ...baseGeneration, id: 'b', prompt: 'a cat in the garden, watercolour' });
    repo.updateGeneration('b', { revisedPrompts: ['一只小猫在春天的花园里'] });
    const ids = (search: string): string[] => repo.listGenerations({ search }).map((g) => g.id);
    expect(ids('花店')).toEqual(['a']);
    expect(ids('精致窗户')).toEqual(['a']);
    expect(ids('花')).toEqual(['b', 'a']);
    expect(ids('春天的花园')).toEqual(['b']);
    expect(ids('WATERCOLOUR')).toEqual(['b']);
    expect(ids('小猫 garden')).toEqual(['b']);
    expect(ids('100%')).toEqual([]);
    repo.insertGeneration({ ...baseGeneration, id: 'c', prompt: '花,店 and a 🌸' });
    expect(ids('花店')).toEqual(['a']);
    expect(ids('🌸')).toEqual(['c']);
    expect(ids('花, 🌸')).toEqual(['c']);
    expect(ids('"quoted"')).toEqual([]);
    repo.updateGeneration('b', { revisedPrompts: ['雪山'] });
    expect(ids('春天的花园')).toEqual([]);
    expect(ids('雪山')).toEqual(['b']);
  });

  it('matches full-width and half-width spellings, and any case, both ways — also in a library indexed before', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    let library = openLibrary(dir.path);
    library.repo.insertGeneration({ ...baseGeneration, id: 'half', prompt: '阳光,水彩风格的小镇' });
    library.repo.insertGeneration({ ...baseGeneration, id: 'full', prompt: 'ＷＡＴＥＲＣＯＬＯＵＲ 的港口，清晨' });
    const check = (lib: typeof library): void => {
      const ids = (search: string): string[] => lib.repo.listGenerations({ search }).map((g) => g.id);
      // A Chinese IME types the full-width comma; the prompt has the half-width one, and back.
      expect(ids('阳光，水彩')).toEqual(['half']);
      expect(ids('阳光,水彩')).toEqual(['half']);
      expect(ids('港口,清晨')).toEqual(['full']);
      expect(ids('watercolour')).toEqual(['full']);
      expect(ids('Ｗａｔｅｒ')).toEqual(['full']);
      // One- and two-character terms go through the other index and the LIKE recheck.
      expect(ids('口，清')).toEqual(['full']);
      expect(ids('ＷＡ')).toEqual(['full']);
    };
    check(library);
    // A library indexed before folding (schema 7): migration 8 re-indexes what is there. Later
    // migrations run again too, so this library is first taken back to what schema 7 had.
    library.db.exec(UNDO_AFTER_7);
    library.db.pragma('user_version = 7');
    library.close();
    library = openLibrary(dir.path);
    cleanups.push(library.close);
    expect(library.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check(library);
  });
});

describe('a full or read-only disk', () => {
  let rig: EngineRig | undefined;
  afterEach(() => rig?.close());

  it('is reported as a disk error, with earlier images and the database intact', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    rig = engineRig(ctx.sim, dir.path);
    const first = await rig.engine.wait(
      rig.engine.start({
        model: 'wan2.7-image',
        prompt: '先存好的一张',
        size: '1024x1024',
        n: 1,
        isSequential: false,
        thinkingMode: true,
        watermark: false,
        responseFormat: 'url',
        mode: 'async',
      }).generationId,
    );
    expect(first.generation.status).toBe('done');

    // Put the image folder on a tiny filesystem (root can mount tmpfs; elsewhere, a plain file where
    // the folder should be makes every write fail the same way).
    const tmp = join(dir.path, 'tmp');
    let isMounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tmp], { stdio: 'ignore' });
      isMounted = true;
      cleanups.push(() => execFileSync('umount', ['-l', tmp], { stdio: 'ignore' }));
    } catch {
      execFileSync('rm', ['-rf', tmp]);
      writeFileSync(tmp, 'not a folder');
    }

    const big = await rig.engine.wait(
      rig.engine.start({
        model: 'wan2.7-image-pro',
        prompt: '放不下的大图',
        size: '4096x4096',
        n: 1,
        isSequential: false,
        thinkingMode: true,
        watermark: false,
        responseFormat: 'url',
        mode: 'async',
      }).generationId,
    );
    expect(big.generation.status).toBe('failed');
    expect(big.generation.error?.code).toBe(isMounted ? 'disk_full' : 'disk');
    expect(big.generation.error?.detail).toMatch(isMounted ? /ENOSPC/ : /ENOTDIR|EEXIST/);
    expect(big.images).toEqual([]);
    expect(rig.library.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(rig.library.repo.getWithImages(first.generation.id)?.images).toHaveLength(1);
  });
});
