import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { serveLibraryFile } from '../../src/main/platform/media-files';
import { mediaUrl } from '../../src/main/platform/media-url';
import { thumbUrlOf } from '../../src/main/services/app/views';
import { backfillThumbnails, type BackfillProgress } from '../../src/main/services/thumbnails/thumbnail-backfill';
import { ThumbnailPool } from '../../src/main/services/thumbnails/thumbnail-pool';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// Thumbnails made by real worker threads (sharp inside them) for a real library in a temp folder.

const root = tempDir('wan-thumbs-');
afterAll(() => root.remove());
let homes = 0;

async function seeded(count: number, pixels = { width: 640, height: 480 }): Promise<Library> {
  const library = openLibrary(join(root.path, `lib-${++homes}`));
  await seedLibrary(
    library,
    Array.from({ length: count }, (_, i) => ({ prompt: `thumb ${i}`, seed: i + 1, pixels })),
  );
  return library;
}

const missing = (library: Library): number =>
  (library.db.prepare('SELECT count(*) AS n FROM images WHERE thumb_path IS NULL').get() as { n: number }).n;

describe('thumbnails in worker threads', { timeout: 90_000 }, () => {
  it('a worker makes, stores and records the thumbnail of a result', async () => {
    const library = await seeded(1, { width: 1200, height: 800 });
    try {
      const [image] = library.repo.imageFilesWithDates();
      const thumb = await library.thumbnails.make(image!, 'high');
      expect(library.thumbnails.threads).toBe(1);
      expect(thumb).toMatch(/^thumbs\/\d{4}\/\d{2}\/.+\.webp$/);
      const meta = await sharp(readFileSync(join(library.home, thumb))).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 341]);
      expect(library.repo.imageFiles()[0]!.thumbPath).toBe(thumb);
    } finally {
      library.close();
    }
  });

  it('backfill fills every missing thumbnail, reports progress, and names a corrupt original', async () => {
    const library = await seeded(12);
    try {
      const images = library.repo.imageFilesWithDates();
      const corrupt = images[5]!;
      writeFileSync(join(library.home, corrupt.path), 'not an image at all');
      expect(missing(library)).toBe(12);
      const seen: BackfillProgress[] = [];
      const report = await backfillThumbnails(library, {
        batchSize: 4,
        progressEveryMs: 0,
        onProgress: (p) => seen.push(p),
      });
      expect(report).toMatchObject({ total: 12, done: 11, failed: 1, isComplete: true });
      expect(report.failures).toEqual([{ imageId: corrupt.id, reason: expect.stringContaining('thumbnail of') }]);
      expect(report.imagesPerSecond).toBeGreaterThan(0);
      expect(seen[0]).toMatchObject({ done: 0, total: 12 });
      expect(seen.at(-1)).toMatchObject({ done: 11, failed: 1, total: 12 });
      const counts = seen.map((p) => p.done + p.failed);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(new Set(counts).size).toBeGreaterThan(3);
      // Every image but the corrupt one has its file and its row.
      expect(missing(library)).toBe(1);
      for (const image of library.repo.imageFiles())
        if (image.id !== corrupt.id) expect(existsSync(join(library.home, image.thumbPath!)), image.id).toBe(true);
    } finally {
      library.close();
    }
  });

  it('uses the partial index to count and page the images without a thumbnail', async () => {
    const library = await seeded(1);
    try {
      const plan = (sql: string): string =>
        (library.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
          .map((r) => r.detail)
          .join();
      expect(plan('SELECT count(*) FROM images WHERE thumb_path IS NULL')).toContain('images_no_thumb');
      expect(
        plan('SELECT id FROM images WHERE thumb_path IS NULL ORDER BY created_at DESC, id DESC LIMIT 16'),
      ).toContain('images_no_thumb');
    } finally {
      library.close();
    }
  });

  it('puts fresh results before backfill', async () => {
    const library = await seeded(6);
    const pool = new ThumbnailPool({ size: 1 });
    try {
      const files = library.repo.imageFilesWithDates().map((i) => join(library.home, i.path));
      const order: string[] = [];
      const track = (name: string, p: Promise<Uint8Array>): Promise<void> => p.then(() => void order.push(name));
      const lows = files.slice(0, 5).map((file, i) => track(`low${i}`, pool.render(file, 'low')));
      const high = track('high', pool.render(files[5]!, 'high'));
      await Promise.all([...lows, high]);
      // low0 was already with the worker; the fresh one goes next, ahead of the other four.
      expect(order).toEqual(['low0', 'high', 'low1', 'low2', 'low3', 'low4']);
    } finally {
      await pool.close();
      library.close();
    }
  });

  it('closing the library ends the worker and stops the backfill', async () => {
    const library = await seeded(30);
    let closedAt = -1;
    const report = await backfillThumbnails(library, {
      batchSize: 4,
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.done >= 2 && closedAt < 0) {
          closedAt = p.done;
          library.close();
        }
      },
    });
    expect(closedAt).toBeGreaterThanOrEqual(2);
    expect(report.isComplete).toBe(false);
    expect(report.done).toBeLessThan(30);
    expect(library.thumbnails.threads).toBe(0);
    await expect(library.thumbnails.make({ id: 'x', path: 'images/x.png', createdAt: 0 })).rejects.toMatchObject({
      code: 'canceled',
    });
  });

  it('a tile gets a thumbnail made on request, never the original', async () => {
    const library = await seeded(1, { width: 1600, height: 1600 });
    try {
      const [image] = library.repo.imageFilesWithDates();
      const url = thumbUrlOf({ home: library.home, mediaUrl }, { ...image!, thumbPath: null });
      expect(url).toMatch(/^wan-media:\/\/library\/thumbs\//);
      const asked: string[] = [];
      const response = await serveLibraryFile(library.home, { url: url!, method: 'GET' }, (rel) => {
        asked.push(rel);
        return library.thumbnails.makeForTile(rel);
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([meta.format, meta.width]).toEqual(['webp', 512]);
      expect(asked).toHaveLength(1);
      // A path that names no image is not made, and is a 404.
      const stray = await serveLibraryFile(
        library.home,
        { url: mediaUrl('thumbs/2020/01/nobody.webp'), method: 'GET' },
        (rel) => library.thumbnails.makeForTile(rel),
      );
      expect(stray.status).toBe(404);
      // A thumbnail the database names elsewhere (an older dating) and whose file has gone.
      const elsewhere = `thumbs/1999/12/${image!.id}.webp`;
      library.repo.setThumbnail(image!.id, elsewhere);
      const remade = await serveLibraryFile(library.home, { url: mediaUrl(elsewhere), method: 'GET' }, (rel) =>
        library.thumbnails.makeForTile(rel),
      );
      expect(remade.status).toBe(200);
      expect(library.repo.imageFiles()[0]!.thumbPath).toBe(new URL(url!).pathname.replace(/^\//, ''));
    } finally {
      library.close();
    }
  });

  it('`wan-studio thumbnails --json` backfills and reports the rate', async () => {
    const library = await seeded(5);
    const [bad] = library.repo.imageFilesWithDates();
    writeFileSync(join(library.home, bad!.path), 'junk');
    const home = library.home;
    library.close();
    const env = { WAN_STUDIO_HOME: home, XDG_CONFIG_HOME: join(root.path, 'cfg') };
    const result = await runCli(['thumbnails', '--json'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Could not make the thumbnail of ${bad!.id}`);
    const body = JSON.parse(result.stdout) as { thumbnails: Record<string, unknown> };
    expect(body.thumbnails).toMatchObject({ total: 5, done: 4, failed: 1, isComplete: true });
    expect(body.thumbnails.imagesPerSecond).toBeGreaterThan(0);
    const again = await runCli(['thumbnails'], env);
    expect(again.stdout).toContain('0 made, 1 failed, of 1');
  });
});
