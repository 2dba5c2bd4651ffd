import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWorkerFile, ThumbnailPool } from '../../src/main/services/thumbnails/thumbnail-pool';
import { tempDir } from '../helpers/library';

// Where the pool finds its worker in each layout, and what happens when a worker thread dies.

const root = tempDir('wan-thumb-pool-');
afterAll(() => root.remove());

function layout(files: string[]): string {
  const dir = join(root.path, `l${Math.random().toString(36).slice(2, 8)}`);
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), '');
  }
  return dir;
}

const from = (dir: string, file: string): string => pathToFileURL(join(dir, file)).href;

describe('resolveWorkerFile', () => {
  it('finds the bundle’s worker next to the running module, or one folder up from a chunk', () => {
    const out = layout(['main/index.js', 'main/thumbnail-worker.js']);
    expect(resolveWorkerFile(from(out, 'main/index.js'))).toBe(join(out, 'main/thumbnail-worker.js'));
    expect(resolveWorkerFile(from(out, 'main/chunks/lazy-abc.js'))).toBe(join(out, 'main/thumbnail-worker.js'));
    const cli = layout(['cli/wan-studio.mjs', 'cli/thumbnail-worker.mjs']);
    expect(resolveWorkerFile(from(cli, 'cli/wan-studio.mjs'))).toBe(join(cli, 'cli/thumbnail-worker.mjs'));
  });

  it('finds the TypeScript source next to the pool under tsx and vitest', () => {
    expect(resolveWorkerFile()).toMatch(/src[\\/]main[\\/]services[\\/]thumbnails[\\/]thumbnail-worker\.ts$/);
  });

  it('prefers the copy unpacked from app.asar', () => {
    const app = layout(['app.asar/out/main/thumbnail-worker.js', 'app.asar.unpacked/out/main/thumbnail-worker.js']);
    expect(resolveWorkerFile(from(app, 'app.asar/out/main/index.js'))).toBe(
      join(app, 'app.asar.unpacked/out/main/thumbnail-worker.js'),
    );
  });

  it('says where it looked when there is no worker', () => {
    const empty = layout(['x/index.js']);
    let detail = '';
    try {
      resolveWorkerFile(from(empty, 'x/index.js'));
    } catch (err) {
      detail = (err as { detail?: string }).detail ?? '';
    }
    expect(detail).toContain(`is not in ${join(empty, 'x')}`);
  });
});

describe('ThumbnailPool', () => {
  it('fails the task of a worker that dies, and starts another for the next', async () => {
    const dir = layout([]);
    mkdirSync(dir, { recursive: true });
    const dying = join(dir, 'dying-worker.mjs');
    writeFileSync(
      dying,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n",
    );
    const pool = new ThumbnailPool({ size: 1, workerFile: dying });
    try {
      await expect(pool.render('/nowhere/a.png')).rejects.toMatchObject({ detail: expect.stringContaining('stopped') });
      await expect(pool.render('/nowhere/b.png')).rejects.toMatchObject({ detail: expect.stringContaining('stopped') });
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
    await expect(pool.render('/nowhere/c.png')).rejects.toMatchObject({ code: 'canceled' });
  });
});
