import { describeError } from '../shared/errors';
import { emptyTrash, GalleryRepository } from '../main/services/library/gallery-repository';
import { backupLibrary, restoreLibrary } from '../main/services/library/library-backup';
import type { LibraryProgress } from '../main/services/library/library-copy';
import { moveLibrary } from '../main/services/library/library-move';
import { rebuildLibrary } from '../main/services/library/library-rebuild';
import type { Locale } from '../shared/i18n-messages';
import { TagRepository } from '../main/services/library/tag-repository';
import { WanError } from '../main/services/wan-error';
import { UsageError, toNumber, type CommandSpec, type Values } from './cli-command';
import type { CliContext } from './cli-context';
import { cliNativeBinding } from './cli-native';
import { errorLine } from './cli-output';

// Library care from a terminal: tags, the trash, backup, restore and moving the library folder.
// Each prints one line (or, with --json, one object); see README "CLI".

/** Refusals exit 2 like bad input; anything else that fails (the disk) exits 1. */
const REFUSED_CODES = new Set([
  'invalid_request',
  'invalid_input',
  'not_found',
  'not_in_library',
  'auth',
  'bad_folder',
  'library_busy',
]);

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const sayJson = (body: unknown): void => say(JSON.stringify(body));

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A percentage on stderr when it is a terminal; nothing in a pipe or a log. */
function progressLine(task: string): { onProgress?: LibraryProgress; end: () => void } {
  if (!process.stderr.isTTY) return { end: () => undefined };
  let last = -1;
  return {
    onProgress: (done, total) => {
      const percent = Math.floor((done * 100) / Math.max(total, 1));
      if (percent === last) return;
      last = percent;
      process.stderr.write(`\r${task}: ${done}/${total} images (${percent}%)`);
    },
    end: () => (last >= 0 ? void process.stderr.write('\n') : undefined),
  };
}

/** Prints a library error as the CLI does elsewhere (stderr line, --json object) and picks the exit code. */
function failed(err: unknown, ctx: Pick<CliContext, 'locale'>, isJson: boolean): number {
  if (!(err instanceof WanError)) throw err;
  const value = err.toValue();
  process.stderr.write(`${errorLine(value, ctx.locale)}\n`);
  if (isJson)
    sayJson({ error: { code: value.code, message: describeError(value, ctx.locale), detail: value.detail ?? null } });
  return REFUSED_CODES.has(value.code) ? 2 : 1;
}

type Place = { home: string; locale: Locale };

/** A command that works on the library folder without opening it (it may not open: restore, rebuild). */
function folderCommand(
  options: CommandSpec['options'],
  usage: string[],
  run: (positionals: string[], v: Values, place: Place, isJson: boolean) => Promise<void>,
): CommandSpec {
  const runOnFolder = async (positionals: string[], v: Values, place: Place): Promise<number> => {
    const isJson = v.json === true;
    try {
      await run(positionals, v, place, isJson);
      return 0;
    } catch (err) {
      return failed(err, place, isJson);
    }
  };
  return {
    options,
    usage,
    runOnFolder,
    run: (positionals, v, ctx) => runOnFolder(positionals, v, { home: ctx.library.home, locale: ctx.locale }),
  };
}

/** Wraps a runner: library errors become exit codes here, usage errors go on to main.ts. */
function command(
  options: CommandSpec['options'],
  usage: string[],
  run: (positionals: string[], v: Values, ctx: CliContext, isJson: boolean) => Promise<void> | void,
): CommandSpec {
  return {
    options,
    usage,
    run: async (positionals, v, ctx) => {
      const isJson = v.json === true;
      try {
        await run(positionals, v, ctx, isJson);
        return 0;
      } catch (err) {
        return failed(err, ctx, isJson);
      }
    },
  };
}

function oneFolder(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`${name} takes one folder.`);
  return positionals[0]!;
}

/** `--add a --add b` arrive as a list (parseArgs `multiple`); one value may also be comma-separated. */
function listFlag(v: Values, flag: string): string[] {
  const raw = (v as Record<string, unknown>)[flag];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.flatMap((value) => String(value).split(',')).filter((value) => value.trim() !== '');
}

function existingImages(ctx: CliContext, gallery: GalleryRepository, ids: string[], name: string): string[] {
  if (ids.length === 0) throw new UsageError(`${name} takes one or more image ids.`);
  const missing = ids.filter((id) => gallery.imagePath(id) === undefined);
  if (missing.length > 0)
    throw new WanError('not_in_library', {
      detail: `no image ${missing.join(', ')} in ${ctx.library.home}`,
      isRetryable: false,
    });
  return ids;
}

const backup = command({}, ['backup <folder>'], async (positionals, _v, ctx, isJson) => {
  const progress = progressLine('backup');
  const result = await backupLibrary(ctx.library, oneFolder(positionals, 'backup'), progress.onProgress).finally(
    progress.end,
  );
  if (isJson) sayJson({ backup: result });
  else say(`Backed up ${result.images} images (${megabytes(result.bytes)}) to ${result.folder}`);
  // Exit 0: everything the library could give is safe; the lines say what it could not.
  if (result.problems.length > 0)
    process.stderr.write(
      `warning: ${result.problems.length} images were not backed up because the library's own file is missing or damaged:\n${result.problems
        .map((p) => `  ${p.problem.padEnd(8)} ${p.id}  ${p.path}`)
        .join('\n')}\n`,
    );
});

// Restore and rebuild never open the library: it may be the damaged one they are here to replace.
const restore = folderCommand(
  { replace: { type: 'boolean' } },
  ['restore <backup-folder> [--replace]'],
  async (positionals, v, place, isJson) => {
    const folder = oneFolder(positionals, 'restore');
    const progress = progressLine('restore');
    const result = await restoreLibrary(folder, place.home, {
      isReplacing: v.replace === true,
      openOptions: { nativeBinding: cliNativeBinding() },
      onProgress: progress.onProgress,
    }).finally(progress.end);
    if (isJson) sayJson({ restore: result });
    else {
      say(`Restored ${result.images} images (${megabytes(result.bytes)}) into ${result.home}`);
      if (result.movedAsideTo) say(`The library that was there is kept in ${result.movedAsideTo}`);
    }
  },
);

const rebuild = folderCommand(
  { force: { type: 'boolean' } },
  ['rebuild [--force]   (a damaged library: a fresh database from the image files)'],
  async (positionals, v, place, isJson) => {
    if (positionals.length > 0) throw new UsageError('rebuild takes no arguments; use --home to pick the library.');
    const progress = progressLine('rebuild');
    const result = await rebuildLibrary(place.home, {
      isForced: v.force === true,
      openOptions: { nativeBinding: cliNativeBinding() },
      onProgress: progress.onProgress,
    }).finally(progress.end);
    if (isJson) sayJson({ rebuild: result });
    else {
      say(
        `Rebuilt ${result.home}: ${result.restored} images with their prompt and seed, ${result.plain} without, ${result.failed.length} unreadable.`,
      );
      if (result.damagedFile) say(`The damaged database is kept as ${result.damagedFile} (with its -wal/-shm).`);
      for (const failure of result.failed) process.stderr.write(`${failure.file}: ${failure.message}\n`);
    }
  },
);

const moveCommand = command({}, ['move-library <folder>'], async (positionals, _v, ctx, isJson) => {
  const progress = progressLine('move');
  const result = await moveLibrary(ctx.library, oneFolder(positionals, 'move-library'), {
    onProgress: progress.onProgress,
  }).finally(progress.end);
  if (isJson) sayJson({ move: { ...result, isOldFolderKept: true } });
  else {
    say(`Moved ${result.images} images (${megabytes(result.bytes)}) to ${result.libraryPath}`);
    say(`The old folder ${result.previousPath} is kept as it was; delete it yourself once you are happy.`);
    say(
      result.pointerFile
        ? `The app, browser mode and the CLI now open ${result.libraryPath} (see ${result.pointerFile}).`
        : `That was not the default library: pass --home ${result.libraryPath} (or set WAN_STUDIO_HOME) from now on.`,
    );
  }
});

const tag = command(
  { add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true } },
  ['tag <image-id>... [--add TAG]... [--remove TAG]...'],
  (positionals, v, ctx, isJson) => {
    const add = listFlag(v, 'add');
    const remove = listFlag(v, 'remove');
    if (add.length === 0 && remove.length === 0) throw new UsageError('tag needs --add TAG or --remove TAG.');
    const gallery = new GalleryRepository(ctx.library.db);
    const tags = new TagRepository(ctx.library.db);
    const ids = existingImages(ctx, gallery, positionals, 'tag');
    const changed = tags.tagImages(ids, add, remove);
    const images = ids.map((id) => ({ id, tags: tags.tagsOf(id) }));
    if (isJson) sayJson({ changed, images });
    else for (const image of images) say(`${image.id}  ${image.tags.join(', ') || '(no tags)'}`);
  },
);

const tagsCommand = command({}, ['tags'], (_positionals, _v, ctx, isJson) => {
  const counts = new TagRepository(ctx.library.db).counts();
  if (isJson) sayJson({ tags: counts });
  else if (counts.length === 0) say('No tags yet.');
  else for (const entry of counts) say(`${String(entry.count).padStart(6)}  ${entry.name}`);
});

const trash = command(
  { limit: { type: 'string' } },
  ['trash list [--limit N]', 'trash add|restore <image-id>...', 'trash empty [<image-id>...]'],
  async (positionals, v, ctx, isJson) => {
    const [action, ...ids] = positionals;
    const gallery = new GalleryRepository(ctx.library.db);
    switch (action) {
      case 'list': {
        const limit = toNumber(v.limit, '--limit') ?? 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new UsageError('--limit is a whole number from 1 to 1000.');
        const page = gallery.images({ isTrash: true }, undefined, limit);
        const images = page.items.map((item) => ({
          id: item.id,
          generationId: item.generation_id,
          path: ctx.library.store.absolute(item.path),
          deletedAt: new Date(item.deleted_at ?? 0).toISOString(),
          prompt: item.prompt,
        }));
        if (isJson) sayJson({ images, total: gallery.count({ isTrash: true }) });
        else if (images.length === 0) say('The trash is empty.');
        else for (const image of images) say(`${image.id}  ${image.deletedAt}  ${image.prompt.slice(0, 60)}`);
        return;
      }
      case 'add':
      case 'restore': {
        existingImages(ctx, gallery, ids, `trash ${action}`);
        const changed = action === 'add' ? gallery.trash(ids) : gallery.restore(ids);
        if (isJson) sayJson({ changed });
        else say(`${action === 'add' ? 'Moved to the trash' : 'Restored'}: ${changed} of ${ids.length} images.`);
        return;
      }
      case 'empty': {
        const removed = await emptyTrash(gallery, ctx.library.store, ids.length > 0 ? ids : undefined);
        if (isJson) sayJson({ removed: removed.length });
        else say(`Deleted ${removed.length} images for good.`);
        return;
      }
      default:
        throw new UsageError('trash takes list, add, restore or empty.');
    }
  },
);

export const LIBRARY_COMMANDS: Record<string, CommandSpec> = {
  tag,
  tags: tagsCommand,
  trash,
  backup,
  restore,
  rebuild,
  'move-library': moveCommand,
};
