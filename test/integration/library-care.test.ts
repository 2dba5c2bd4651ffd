import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices, type SwitchableAppServices } from '../../src/main/services/app/app-services';
import type { SecretStore } from '../../src/main/services/app/app-types';
import { hashFile } from '../../src/main/services/library/byte-streams';
import { openLibrary, resolveLibraryHome, LOCATION_FILE } from '../../src/main/services/library/library';
import { BACKUP_MARKER, restoreLibrary } from '../../src/main/services/library/library-backup';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { TagRepository } from '../../src/main/services/library/tag-repository';
import { writeSyntheticLibrary } from '../fixtures/synthetic-library';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Event = { name: EventName; payload: Record<string, unknown> };
type Rig = {
  home: string;
  services: SwitchableAppServices;
  events: Event[];
  call: <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => Promise<InvokeOutput<M>>;
  /** The error value a refused call answers with. */
  refusal: <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => Promise<{ code: string; detail?: string }>;
};

const memorySecrets = (): SecretStore => {
  const data = new Map<string, string>();
  return { get: (id) => data.get(id), set: (id, v) => void data.set(id, v), delete: (id) => void data.delete(id) };
};

function scratch(): string {
  const dir = tempDir('wan-care-');
  cleanups.push(dir.remove);
  return dir.path;
}

function boot(home: string, defaultHome = scratch()): Rig {
  const services = createAppServices(
    {
      home,
      host: 'browser',
      version: '0.0.0-test',
      systemLocale: 'en-US',
      secrets: memorySecrets(),
      mediaUrl: (rel) => `/media/${rel}`,
      simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
      pollTiming: { firstDelayMs: 20, minIntervalMs: 20, maxIntervalMs: 40 },
    },
    { defaultHome },
  );
  cleanups.push(() => services.close());
  const invoke = createInvoker(services.handlers);
  const events: Event[] = [];
  services.onEvent((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok) throw new Error(`${m}: ${result.error.code} ${result.error.detail ?? ''}`);
    return result.value as InvokeOutput<M>;
  };
  const refusal = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => {
    const result = await invoke(m, i);
    if (result.ok) throw new Error(`${m} was not refused`);
    return result.error;
  };
  return { home, services, events, call, refusal };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  // Generous: the first thumbnail of a library starts its worker thread (under tsx, a compile too).
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Generates through the simulator and waits for the images and their thumbnails. */
async function generate(rig: Rig, prompt: string, n = 1): Promise<InvokeOutput<'generation.get'>> {
  const { generationId } = await rig.call('generation.start', {
    request: { model: 'wan2.7-image', prompt, size: '1024x1024', n },
  });
  let view: InvokeOutput<'generation.get'> | undefined;
  await until(async () => {
    view = await rig.call('generation.get', { generationId });
    // A tile's URL is there at once (its thumbnail is made on request): wait for the files themselves.
    const isDone = view.generation.status === 'done' && view.images.length === n;
    return isDone && view.images.every((i) => existsSync(thumbFile(rig.services.libraryHome(), i)));
  }, `generation ${generationId}`);
  return view!;
}

const thumbFile = (home: string, image: { thumbUrl: string | null }): string =>
  join(home, ...image.thumbUrl!.replace('/media/', '').split('/'));

describe('tags', () => {
  it('adds, removes and filters by tags, Chinese names and case-insensitive duplicates included', async () => {
    const rig = boot(scratch());
    const a = await generate(rig, '江南水乡', 2);
    const b = await generate(rig, 'a red fox');
    const [a0, a1] = a.images.map((i) => i.id) as [string, string];
    const b0 = b.images[0]!.id;

    expect(await rig.call('image.tag', { imageIds: [a0, a1], add: ['猫', 'Cat', ' 花  园 '], remove: [] })).toEqual({
      changed: 2,
    });
    // "cat" is the tag "Cat": no second tag, the first spelling stays.
    expect(await rig.call('image.tag', { imageIds: [b0], add: ['cat', 'CAT'], remove: [] })).toEqual({ changed: 1 });
    expect(await rig.call('image.tag', { imageIds: [b0], add: ['cAt'], remove: [] })).toEqual({ changed: 0 });
    expect(await rig.call('library.tags', undefined)).toEqual([
      { name: 'Cat', count: 3 },
      { name: '猫', count: 2 },
      { name: '花 园', count: 2 },
    ]);

    const ids = async (tags: string[]) =>
      (await rig.call('library.images', { query: { tags }, limit: 50 })).items.map((i) => i.id).sort();
    expect(await ids(['cat', '猫'])).toEqual([a0, a1].sort());
    expect(await ids(['CAT'])).toEqual([a0, a1, b0].sort());
    expect(await ids(['狗'])).toEqual([]);
    expect(await rig.call('library.count', { query: { tags: ['花 园'], search: '水乡' } })).toEqual({ total: 2 });

    const page = await rig.call('library.images', { query: {}, limit: 50 });
    expect(page.items.find((i) => i.id === a0)?.tags).toEqual(['Cat', '猫', '花 园']);
    expect(page.items.find((i) => i.id === b0)?.tags).toEqual(['Cat']);
    expect((await rig.call('generation.get', { generationId: a.generation.id })).images[1]?.tags).toEqual([
      'Cat',
      '猫',
      '花 园',
    ]);
    const recent = await rig.call('generation.recent', { limit: 5 });
    expect(recent.find((r) => r.generation.id === b.generation.id)?.images[0]?.tags).toEqual(['Cat']);

    const changedEvents = rig.events.filter((e) => e.name === 'library.changed');
    expect(changedEvents.map((e) => e.payload.imageIds)).toEqual([[a0, a1], [b0]]);

    expect(await rig.call('image.tag', { imageIds: [b0, a1], add: [], remove: ['CAT', '猫'] })).toEqual({ changed: 2 });
    expect(await ids(['Cat'])).toEqual([a0]);
    // Trashed images keep their tags but are not counted; a tag nobody carries is gone.
    await rig.call('image.trash', { imageIds: [a0] });
    await rig.call('image.tag', { imageIds: [a0, a1], add: [], remove: ['花 园'] });
    expect(await rig.call('library.tags', undefined)).toEqual([
      { name: 'Cat', count: 0 },
      { name: '猫', count: 0 },
    ]);
    expect(await rig.refusal('image.tag', { imageIds: [a0], add: ['a\u0007b'], remove: [] })).toMatchObject({
      code: 'invalid_input',
    });
  });
  it('pages the same way whether a tag is rare (drives the query) or common (probed per row)', () => {
    const home = scratch();
    writeSyntheticLibrary(home, { generations: 3000, seed: 7, isTagged: false });
    const library = openLibrary(home);
    cleanups.push(() => library.close());
    const gallery = new GalleryRepository(library.db);
    const tags = new TagRepository(library.db);
    const all = (
      library.db.prepare('SELECT id FROM images WHERE deleted_at IS NULL').all() as Array<{ id: string }>
    ).map((r) => r.id);
    expect(all.length).toBeGreaterThan(5000);
    tags.tagImages(all, ['常见'], []);
    const rare = all.filter((_, k) => k % 400 === 0);
    tags.tagImages(rare, ['Rare'], []);
    const pages = (query: Parameters<GalleryRepository['images']>[0]): string[] => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = gallery.images(query, cursor, 500);
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    const everything = pages({});
    expect(pages({ tags: ['常见'] })).toEqual(everything);
    const rarePages = pages({ tags: ['rare', '常见'] });
    expect(rarePages).toEqual(everything.filter((id) => rare.includes(id)));
    expect(gallery.count({ tags: ['常见', 'RARE'] })).toBe(rare.length);
    expect(gallery.images({ tags: ['RARE'] }, undefined, 3).items[0]?.tags).toEqual(['Rare', '常见']);
  });
});

describe('emptying the trash', () => {
  it('deletes only trashed images, their files and thumbnails, and generations left empty', async () => {
    const rig = boot(scratch());
    const a = await generate(rig, '留一张', 2);
    const b = await generate(rig, '全删');
    const live = await generate(rig, '不动');
    const [a0, a1] = a.images as [(typeof a.images)[0], (typeof a.images)[0]];
    const b0 = b.images[0]!;
    await rig.call('image.tag', { imageIds: [a0.id], add: ['删掉的'], remove: [] });
    await rig.call('image.trash', { imageIds: [a0.id, b0.id] });

    expect(
      await rig.call('library.emptyTrash', { imageIds: [a0.id, b0.id, a1.id, live.images[0]!.id, 'no-such-image'] }),
    ).toEqual({ removed: 2 });
    for (const image of [a0, b0]) {
      expect(existsSync(image.filePath)).toBe(false);
      expect(existsSync(thumbFile(rig.home, image))).toBe(false);
    }
    expect(existsSync(a1.filePath) && existsSync(thumbFile(rig.home, a1))).toBe(true);
    expect(existsSync(live.images[0]!.filePath)).toBe(true);
    expect((await rig.refusal('generation.get', { generationId: b.generation.id })).code).toBe('not_in_library');
    expect((await rig.call('generation.get', { generationId: a.generation.id })).images.map((i) => i.id)).toEqual([
      a1.id,
    ]);
    expect(await rig.call('library.tags', undefined)).toEqual([]);
    expect(rig.events.filter((e) => e.name === 'library.changed').at(-1)?.payload).toEqual({
      imageIds: [a0.id, b0.id],
      isStructural: true,
    });

    await rig.call('image.trash', { imageIds: [a1.id] });
    expect(await rig.call('library.emptyTrash', {})).toEqual({ removed: 1 });
    expect((await rig.refusal('generation.get', { generationId: a.generation.id })).code).toBe('not_in_library');
    expect(await rig.call('library.count', { query: {} })).toEqual({ total: 1 });
    expect(await rig.call('library.emptyTrash', {})).toEqual({ removed: 0 });
  });
});

/** Every image row of the library at `home` with its file's actual sha256. */
function imagesOn(home: string): Array<{ id: string; sha256: string; path: string }> {
  const library = openLibrary(home);
  try {
    return (
      library.db.prepare('SELECT id, sha256, path FROM images ORDER BY id').all() as Array<{
        id: string;
        sha256: string;
        path: string;
      }>
    ).map((row) => ({ ...row, path: join(home, ...row.path.split('/')) }));
  } finally {
    library.close();
  }
}

async function expectFilesMatch(home: string): Promise<number> {
  const rows = imagesOn(home);
  for (const row of rows) expect((await hashFile(row.path)).sha256).toBe(row.sha256);
  return rows.length;
}

describe('backup and restore', () => {
  it('backs up an open, busy library into a consistent copy that restores into an empty home', async () => {
    const rig = boot(scratch());
    await generate(rig, '备份前', 2);
    writeFileSync(join(rig.home, 'browser-mode-secrets.json'), '{"version":1,"keys":{"p":"sk-secret"}}');
    // A job finishing during the backup must not leave the copy with a row and no file.
    await rig.call('generation.start', {
      request: { model: 'wan2.7-image', prompt: '备份中 [[sim duration=40]]', size: '1024x1024', n: 3 },
    });
    const folder = join(scratch(), 'backups', '第一次');
    const result = await rig.call('library.backup', { folder });
    expect(result).toMatchObject({ folder, images: expect.any(Number) });
    expect(result.images).toBeGreaterThanOrEqual(2);
    expect(rig.events.some((e) => e.name === 'library.progressed' && e.payload.task === 'backup')).toBe(true);

    const marker = JSON.parse(readFileSync(join(folder, BACKUP_MARKER), 'utf8')) as Record<string, unknown>;
    expect(marker).toMatchObject({
      version: 1,
      images: result.images,
      bytes: result.bytes,
      schemaVersion: MIGRATIONS.length,
    });
    expect(readdirSync(folder).sort()).toEqual(['images', 'library.sqlite', 'thumbs', BACKUP_MARKER].sort());
    expect(readdirSync(join(folder, '..'))).toEqual(['第一次']);
    expect(await expectFilesMatch(folder)).toBe(result.images);

    const home = join(scratch(), 'restored');
    const restored = await restoreLibrary(folder, home);
    expect(restored).toMatchObject({ home, images: result.images, movedAsideTo: null });
    expect(imagesOn(home).map((r) => r.id)).toEqual(imagesOn(folder).map((r) => r.id));
    expect(await expectFilesMatch(home)).toBe(result.images);
    expect(existsSync(join(home, 'browser-mode-secrets.json'))).toBe(false);
  });

  it('refuses a folder that is not empty or lies inside the library, leaving nothing behind', async () => {
    const rig = boot(scratch());
    await generate(rig, '拒绝');
    const parent = scratch();
    writeFileSync(join(parent, 'note.txt'), 'mine');
    expect(await rig.refusal('library.backup', { folder: parent })).toMatchObject({ code: 'bad_folder' });
    expect(await rig.refusal('library.backup', { folder: join(rig.home, 'backup') })).toMatchObject({
      code: 'bad_folder',
      detail: expect.stringContaining('inside the library'),
    });
    expect(readdirSync(parent)).toEqual(['note.txt']);
    expect(existsSync(join(rig.home, 'backup'))).toBe(false);
  });

  it('restores over a library only when asked, keeping the old one aside; refuses a damaged backup', async () => {
    const rig = boot(scratch());
    await generate(rig, '要恢复的');
    const backup = join(scratch(), 'b');
    await rig.call('library.backup', { folder: backup });
    const other = boot(scratch());
    const kept = await generate(other, '原来的');
    await other.services.close();
    writeFileSync(join(other.home, 'secrets.json'), 'app keys stay');

    await expect(restoreLibrary(backup, other.home)).rejects.toMatchObject({ code: 'bad_folder' });
    const now = new Date('2025-01-02T03:04:05.000Z');
    const result = await restoreLibrary(backup, other.home, { isReplacing: true, now });
    expect(result.movedAsideTo).toBe(`${other.home}.before-restore-2025-01-02T03-04-05-000Z`);
    cleanups.push(() => rmSync(result.movedAsideTo!, { recursive: true, force: true }));
    expect(imagesOn(result.movedAsideTo!).map((r) => r.id)).toEqual([kept.images[0]!.id]);
    expect(imagesOn(other.home).map((r) => r.id)).toEqual(imagesOn(backup).map((r) => r.id));
    expect(readFileSync(join(other.home, 'secrets.json'), 'utf8')).toBe('app keys stay');

    const image = imagesOn(backup)[0]!;
    writeFileSync(image.path, Buffer.concat([readFileSync(image.path), Buffer.from('x')]));
    const empty = join(scratch(), 'empty');
    await expect(restoreLibrary(backup, empty)).rejects.toMatchObject({ code: 'bad_folder' });
    expect(existsSync(join(empty, 'library.sqlite'))).toBe(false);
    await expect(restoreLibrary(scratch(), join(scratch(), 'x'))).rejects.toMatchObject({
      code: 'bad_folder',
      detail: expect.stringContaining(BACKUP_MARKER),
    });
  });
});

describe('moving the library', () => {
  it('copies, verifies and switches the running app; the old folder is left as it was', async () => {
    const oldHome = scratch();
    // The library is the default one, so the move leaves a pointer there.
    const rig = boot(oldHome, oldHome);
    const before = await generate(rig, '搬家前', 2);
    await rig.call('image.tag', { imageIds: [before.images[0]!.id], add: ['搬家'], remove: [] });
    // The database's -wal and -shm come and go with its connections; everything else must stay put.
    const entries = (dir: string): string[] =>
      readdirSync(dir)
        .filter((name) => !/-(wal|shm)$/.test(name))
        .sort();
    const oldFiles = entries(oldHome);
    const newHome = join(scratch(), '新的图库');

    const moved = await rig.call('library.move', { folder: newHome });
    expect(moved).toMatchObject({ libraryPath: newHome, images: 2 });
    expect(rig.events.filter((e) => e.name === 'library.progressed').at(-1)?.payload).toEqual({
      task: 'move',
      done: 2,
      total: 2,
    });
    expect((await rig.call('app.info', undefined)).libraryPath).toBe(newHome);
    expect(rig.services.libraryHome()).toBe(newHome);
    expect(JSON.parse(readFileSync(join(oldHome, LOCATION_FILE), 'utf8'))).toEqual({ path: newHome });
    expect(resolveLibraryHome(undefined, {}, oldHome)).toBe(newHome);
    expect(resolveLibraryHome('/somewhere/else', {}, oldHome)).toBe('/somewhere/else');

    // Same images and tags, now served from the new folder; new work lands there only.
    const view = await rig.call('generation.get', { generationId: before.generation.id });
    expect(view.images.map((i) => i.filePath)).toEqual(before.images.map((i) => i.filePath.replace(oldHome, newHome)));
    expect(view.images[0]?.tags).toEqual(['搬家']);
    const after = await generate(rig, '搬家后');
    expect(after.images[0]!.filePath.startsWith(newHome)).toBe(true);
    expect(existsSync(after.images[0]!.filePath)).toBe(true);
    expect(await expectFilesMatch(newHome)).toBe(3);

    expect(entries(oldHome)).toEqual([...oldFiles, LOCATION_FILE].sort());
    await rig.services.close();
    expect(imagesOn(oldHome).map((r) => r.id)).toEqual(before.images.map((i) => i.id).sort());
  });

  it('follows the pointer only to a folder that holds a library', () => {
    const defaultHome = scratch();
    const gone = join(scratch(), 'unplugged-drive');
    mkdirSync(gone);
    writeFileSync(join(defaultHome, LOCATION_FILE), JSON.stringify({ path: gone }));
    expect(resolveLibraryHome(undefined, {}, defaultHome)).toBe(defaultHome);
    writeFileSync(join(gone, 'library.sqlite'), '');
    expect(resolveLibraryHome(undefined, {}, defaultHome)).toBe(gone);
    writeFileSync(join(defaultHome, LOCATION_FILE), 'not json');
    expect(resolveLibraryHome(undefined, {}, defaultHome)).toBe(defaultHome);
  });

  it('is refused while a job runs, and holds off writes while it copies', async () => {
    const rig = boot(scratch());
    await generate(rig, '先有一张');
    const { generationId } = await rig.call('generation.start', {
      request: { model: 'wan2.7-image', prompt: '慢慢来 [[sim duration=3000]]', size: '1024x1024' },
    });
    // This job's own events: the first generation's `submitted` is already in the list.
    const sawOwn = (name: string): boolean =>
      rig.events.some((e) => e.name === name && e.payload.generationId === generationId);
    await until(() => sawOwn('generation.submitted'), 'the job to be submitted');
    const target = join(scratch(), 'moved');
    expect(await rig.refusal('library.move', { folder: target })).toMatchObject({
      code: 'library_busy',
      detail: expect.stringContaining('generations are running'),
    });
    expect(existsSync(target)).toBe(false);
    await rig.call('generation.cancel', { generationId });
    await until(() => sawOwn('generation.failed'), 'the cancel');
    // Canceled after its create, the task still runs (and bills) upstream: it is followed to the
    // end, its image to the trash, and the library stays busy until then.
    expect(await rig.refusal('library.move', { folder: target })).toMatchObject({ code: 'library_busy' });
    await until(
      async () => (await rig.call('library.count', { query: { isTrash: true } })).total === 1,
      'the canceled task’s image in the trash',
    );

    const invoke = createInvoker(rig.services.handlers);
    const moving = invoke('library.move', { folder: target });
    const imageId = (await rig.call('library.images', { query: {}, limit: 1 })).items[0]!.id;
    expect(await invoke('image.trash', { imageIds: [imageId] })).toMatchObject({
      ok: false,
      error: { code: 'library_busy' },
    });
    expect(await moving).toMatchObject({ ok: true, value: { libraryPath: target } });
    expect(await rig.call('image.trash', { imageIds: [imageId] })).toEqual({ changed: 1 });
    expect(await rig.refusal('library.move', { folder: join(target, 'inside') })).toMatchObject({
      code: 'bad_folder',
    });
  });
});
