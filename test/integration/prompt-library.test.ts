import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupLibrary, restoreLibrary } from '../../src/main/services/library/library-backup';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { PresetRepository } from '../../src/main/services/prompts/preset-repository';
import { PromptRepository } from '../../src/main/services/prompts/prompt-repository';
import { TemplateRepository } from '../../src/main/services/batch/template-repository';
import { tempDir } from '../helpers/library';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const base = {
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

function open(): Library {
  const dir = tempDir('wan-prompts-');
  const library = openLibrary(dir.path);
  cleanups.push(dir.remove, () => library.close());
  return library;
}

let seq = 0;
function add(library: Library, prompt: string, createdAt: number, images = 1): string {
  const id = `g${++seq}`;
  library.repo.insertGeneration({ ...base, id, prompt, createdAt });
  library.repo.recordStoredImages(
    Array.from({ length: images }, (_, index) => ({
      id: `${id}-i${index}`,
      generationId: id,
      index,
      path: `images/${id}-${index}.png`,
      mime: 'image/png',
      width: 8,
      height: 8,
      bytes: 10,
      sha256: '0'.repeat(64),
      createdAt,
    })),
  );
  return id;
}

describe('prompt history', () => {
  it('groups generations by prompt, counts uses, newest first, with thumbnails and pages', () => {
    const library = open();
    const history = new PromptRepository(library.db);
    add(library, '一只橘猫,水彩', 1000);
    add(library, 'Watercolour harbour at dawn', 2000, 3);
    const latest = add(library, '一只橘猫,水彩', 3000, 2);
    add(library, '   ', 4000);

    const page = history.history({ limit: 10 });
    expect(page.rows.map((r) => [r.text, r.uses])).toEqual([
      ['一只橘猫,水彩', 2],
      ['Watercolour harbour at dawn', 1],
    ]);
    expect(page.rows[0]!.last_used_at).toBe(3000);
    expect(page.rows[0]!.last_generation_id).toBe(latest);
    expect(page.nextCursor).toBeNull();
    // Newest generation's images first, at most four.
    expect(history.thumbnails('一只橘猫,水彩').map((t) => t.id)).toEqual([`${latest}-i0`, `${latest}-i1`, 'g1-i0']);
    expect(history.thumbnails('Watercolour harbour at dawn', 2)).toHaveLength(2);

    const first = history.history({ limit: 1 });
    expect(first.rows.map((r) => r.text)).toEqual(['一只橘猫,水彩']);
    const second = history.history({ limit: 1, cursor: first.nextCursor! });
    expect(second.rows.map((r) => r.text)).toEqual(['Watercolour harbour at dawn']);
    expect(second.nextCursor).toBeNull();
  });

  it('searches folded text: full-width, case, every term', () => {
    const library = open();
    const history = new PromptRepository(library.db);
    add(library, '一只橘猫,水彩', 1000);
    add(library, 'Watercolour harbour at dawn', 2000);
    const texts = (search: string): string[] => history.history({ search, limit: 10 }).rows.map((r) => r.text);
    expect(texts('ＷＡＴＥＲ')).toEqual(['Watercolour harbour at dawn']);
    expect(texts('橘猫，水彩')).toEqual(['一只橘猫,水彩']);
    expect(texts('harbour dusk')).toEqual([]);
    expect(texts('猫')).toEqual(['一只橘猫,水彩']);
  });

  it('forgets a deleted generation: fewer uses, the newest remaining one, gone at zero', () => {
    const library = open();
    const history = new PromptRepository(library.db);
    const older = add(library, 'a fox', 1000);
    const newer = add(library, 'a fox', 2000);
    library.db.prepare('DELETE FROM generations WHERE id = ?').run(newer);
    expect(history.history({ limit: 5 }).rows).toMatchObject([
      { text: 'a fox', uses: 1, last_used_at: 1000, last_generation_id: older },
    ]);
    library.db.prepare('DELETE FROM generations WHERE id = ?').run(older);
    expect(history.history({ limit: 5 }).rows).toEqual([]);
  });

  it('reads the summary table and the prompt index, never grouping generations', () => {
    const library = open();
    const plan = (sql: string, ...params: unknown[]): string =>
      (library.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    const history = plan('SELECT * FROM prompts ORDER BY last_used_at DESC, id DESC LIMIT 31');
    expect(history).toContain('USING INDEX prompts_recent');
    expect(history).not.toContain('TEMP B-TREE');
    const thumbs = plan(
      `SELECT i.id FROM generations g JOIN images i ON i.generation_id = g.id AND i.deleted_at IS NULL
       WHERE g.prompt = ? ORDER BY g.created_at DESC, i.idx LIMIT 4`,
      'x',
    );
    expect(thumbs).toContain('generations_prompt');
    expect(thumbs).not.toMatch(/SCAN g\b/);
  });

  it('migration 11 backfills the history from generations already in the library', () => {
    const dir = tempDir('wan-prompts-m11-');
    cleanups.push(dir.remove);
    const raw = new BetterSqlite3(join(dir.path, 'library.sqlite'));
    raw.function('wan_chars', (text: unknown) => text);
    raw.function('wan_fold', (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : null));
    for (const step of MIGRATIONS.slice(0, 10)) raw.exec(step);
    raw.pragma('user_version = 10');
    const insert = raw.prepare(
      `INSERT INTO generations (id, created_at, updated_at, status, model, prompt, size, n, seed, parameters, mode, provider_profile, base_url)
       VALUES (?, ?, ?, 'done', 'wan2.7-image', ?, '1024x1024', 1, 1, '{}', 'async', 'p', 'u')`,
    );
    insert.run('old1', 10, 10, 'Old Prompt');
    insert.run('old2', 30, 30, 'Old Prompt');
    insert.run('old3', 20, 20, '另一个');
    raw.close();

    const library = openLibrary(dir.path);
    cleanups.push(() => library.close());
    const rows = new PromptRepository(library.db).history({ search: 'old', limit: 10 }).rows;
    expect(rows).toMatchObject([{ text: 'Old Prompt', uses: 2, last_used_at: 30, last_generation_id: 'old2' }]);
    expect(new PromptRepository(library.db).history({ limit: 10 }).rows.map((r) => r.uses)).toEqual([2, 1]);
  });
});

describe('presets and templates in a backup', () => {
  it('survive backup and restore (they are rows of the library database)', async () => {
    const library = open();
    add(library, 'kept', 1000);
    new PresetRepository(library.db).save(
      '水彩',
      {
        prefix: '水彩画',
        suffix: '柔和光线',
        palette: [],
        options: { model: 'wan2.7-image-pro', thinkingMode: false },
      },
      5,
    );
    new TemplateRepository(library.db).save('猫', 'template', 'a {red|blue} cat', 5);
    const scratch = tempDir('wan-prompts-backup-');
    cleanups.push(scratch.remove);
    await backupLibrary(library, join(scratch.path, 'backup'));
    const home = join(scratch.path, 'restored');
    await restoreLibrary(join(scratch.path, 'backup'), home);
    const restored = openLibrary(home);
    cleanups.push(() => restored.close());
    expect(new PresetRepository(restored.db).byName('水彩')).toMatchObject({
      prefix: '水彩画',
      suffix: '柔和光线',
      options: { model: 'wan2.7-image-pro', thinkingMode: false },
    });
    expect(new TemplateRepository(restored.db).byName('猫')?.body).toBe('a {red|blue} cat');
    expect(new PromptRepository(restored.db).history({ limit: 5 }).rows.map((r) => r.text)).toEqual(['kept']);
  });
});
