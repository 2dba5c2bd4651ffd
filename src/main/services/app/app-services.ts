import {
  eventContract,
  INVOKE_METHODS,
  type EventName,
  type EventPayload,
  type InvokeMethod,
  type RetryPlanView,
} from '../../../shared/contract';
import { resolveLocale } from '../../../shared/i18n-messages';
import { ACTIVE_STATUSES, type GenerationRecord } from '../../../shared/library-types';
import { retryPlan } from '../jobs/job-records';
import type { JobEngine, JobEvent } from '../jobs/job-engine';
import { GalleryRepository } from '../library/gallery-repository';
import { openLibrary } from '../library/library';
import { repairLibrary, type Repair } from '../library/library-repair';
import { TagRepository } from '../library/tag-repository';
import { WanError, toWanError } from '../wan-error';
import { refineDiskError } from '../library/disk-errors';
import type { AppEventListener, AppHostOptions, AppServices, HandlerMap } from './app-types';
import { ProviderRegistry } from './provider-registry';
import { profileFieldsToSave } from './profile-fields';
import { SettingsRepository, newProfileId } from './settings-repository';
import { generationView, imageView, type ViewContext } from './views';
import { exportHandlers } from './export-handlers';
import { libraryCareHandlers, type LibraryCare } from './library-care-handlers';
import { diagnosticsHandlers } from './diagnostics-handlers';
import { inputsHandlers } from './inputs-handlers';
import { InputRepository } from '../inputs/input-repository';
import { join } from 'node:path';
import { DATABASE_FILE } from '../library/library';
import { logAppEvent, loggedCall } from '../logging/app-log';
import { logLibraryOpened, schemaVersionOnDisk } from '../logging/library-log';
import { silentLogger } from '../logging/logger';
import { rememberingSecrets } from '../logging/secret-watch';

/** The app's services plus the library folder in use now, which `library.move` changes. */
export type SwitchableAppServices = AppServices & { libraryHome: () => string };

export type LibrarySwitchOptions = {
  /** The default home whose `library-location.json` a move updates (Electron: userData). */
  defaultHome?: string;
};

/** Methods that only read: they keep answering while the library is being moved. */
const READ_ONLY_METHODS: ReadonlySet<InvokeMethod> = new Set<InvokeMethod>([
  'app.info',
  'settings.get',
  'profiles.list',
  'profiles.test',
  'generation.get',
  'generation.recent',
  'library.images',
  'library.count',
  'library.prompts',
  'library.tags',
  'image.showInFolder',
  'app.pickFolder',
  'export.list',
  'export.openFolder',
  'app.openLogsFolder',
  'app.diagnostics',
  'inputs.get',
  'palettes.list',
]);

/**
 * Everything the UI can ask of main, in plain Node: the Electron shell and browser mode both
 * wrap these handlers in their own transport. The handlers and events stay the same objects for
 * the whole run; after `library.move` they reach services opened on the new folder, so the app
 * carries on there without a restart.
 */
export function createAppServices(
  options: AppHostOptions,
  switching: LibrarySwitchOptions = {},
): SwitchableAppServices {
  options = withKnownSecrets(options);
  const listeners = new Set<AppEventListener>();
  const logger = options.logger ?? silentLogger;
  let isResumed = false;
  /** A long library task in flight: a move holds off every write; a backup, only emptying the trash. */
  let task: 'backup' | 'move' | null = null;
  let current: OpenedServices;
  let stopForwarding: () => void;

  const attach = (home: string): void => {
    current = openAppServices({ ...options, home }, { switchTo, defaultHome: switching.defaultHome });
    stopForwarding = current.onEvent((name, payload) => {
      for (const listener of listeners) listener(name, payload);
    });
  };
  async function switchTo(home: string): Promise<void> {
    const previous = current;
    const stopPrevious = stopForwarding;
    // The new folder opens first: should that fail, the app stays where it was.
    attach(home);
    stopPrevious();
    await previous.close();
    if (isResumed) current.resume();
  }
  attach(options.home);

  const refusal = (method: InvokeMethod): string | null => {
    if (task === 'move' && !READ_ONLY_METHODS.has(method)) return 'the library is being moved';
    if (task && (method === 'library.move' || method === 'library.backup')) return `a ${task} is running`;
    if (task === 'backup' && method === 'library.emptyTrash') return 'a backup is copying these files';
    return null;
  };
  const call = async (method: InvokeMethod, input: unknown): Promise<unknown> => {
    const reason = refusal(method);
    if (reason) throw new WanError('library_busy', { detail: reason, isRetryable: true });
    const handler = current.handlers[method] as (input: unknown) => unknown;
    const run = (): unknown => loggedCall(logger, method, () => handler(input));
    if (method !== 'library.move' && method !== 'library.backup') return run();
    task = method === 'library.move' ? 'move' : 'backup';
    try {
      return await run();
    } finally {
      task = null;
    }
  };
  // One forwarding function per contract method; the map's per-method types are the contract's.
  const handlers = Object.fromEntries(
    INVOKE_METHODS.map((method) => [method, (input: unknown) => call(method, input)]),
  ) as HandlerMap;

  return {
    handlers,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resume: () => {
      isResumed = true;
      current.resume();
    },
    close: () => current.close(),
    libraryHome: () => current.home,
  };
}

/** Tells the logger's key list of the environment's and simulator's keys and of each saved one. */
function withKnownSecrets(options: AppHostOptions): AppHostOptions {
  const known = options.knownSecrets;
  if (!known) return options;
  known.add(options.envProfile?.apiKey);
  known.add(options.simulator?.key);
  return { ...options, secrets: rememberingSecrets(options.secrets, known) };
}

type OpenedServices = AppServices & { home: string };
type SwitchLink = Pick<LibraryCare, 'switchTo' | 'defaultHome'>;

/** Resolves true when `promise` settles before the event loop turns: "is it already idle?". */
/** The services on one library folder. */
function openAppServices(options: AppHostOptions, link: SwitchLink): OpenedServices {
  const logger = options.logger ?? silentLogger;
  const schemaBefore = schemaVersionOnDisk(join(options.home, DATABASE_FILE));
  const library = openLibrary(options.home, { nativeBinding: options.nativeBinding });
  logLibraryOpened(logger, library, schemaBefore);
  const gallery = new GalleryRepository(library.db);
  const settings = new SettingsRepository(library.db);
  const tags = new TagRepository(library.db);
  const inputRepo = new InputRepository(library.db);
  const listeners = new Set<AppEventListener>();
  const ctx: ViewContext = { home: library.home, mediaUrl: options.mediaUrl };

  function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    // Checked against the contract here, so the preload and the HTTP bridge can trust the shape.
    const checked = eventContract[name].parse(payload) as EventPayload<E>;
    logAppEvent(logger, { name, payload: checked } as Parameters<typeof logAppEvent>[1]);
    for (const listener of listeners) listener(name, checked);
  }
  const registry = new ProviderRegistry(library, settings, options, (event: JobEvent) =>
    emit(event.name, event.payload),
  );

  /** What Retry would do, for the views of stopped jobs (the UI says it before acting). */
  const retryOf = (record: GenerationRecord): RetryPlanView | null => {
    if (!['failed', 'interrupted', 'canceled'].includes(record.status)) return null;
    const trashed = library.repo.imagesOf(record.id, true).filter((i) => i.deletedAt !== null).length;
    const hasResultItems = (library.repo.getResultItems(record.id)?.length ?? 0) > 0;
    return retryPlan(record, { hasResultItems, trashedImages: trashed }, Date.now()) ?? null;
  };
  const viewOf = (generationId: string): ReturnType<typeof generationView> => {
    const entry = library.repo.getWithImages(generationId);
    if (!entry) throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
    const inputs = inputRepo.inputsOf(generationId);
    return generationView(ctx, entry, tags.tagsOfGeneration(generationId), retryOf(entry.generation), inputs);
  };
  const changed = (imageIds: readonly string[], count: number): { changed: number } => {
    if (count > 0) emit('library.changed', { imageIds: [...imageIds] });
    return { changed: count };
  };

  const deps = { library, gallery, options, emit };
  const exports = exportHandlers(deps);
  const busyReason = async (): Promise<string | null> => {
    const engines: JobEngine[] = registry.allEngines();
    if (engines.some((engine) => engine.isBusy())) return 'generations are running — let them finish or cancel them';
    if (exports.isBusy()) return 'an export is running — let it finish or cancel it';
    // Only thumbnails of finished jobs can be left: moments, and the copy must include them.
    await Promise.all(engines.map((engine) => engine.idle()));
    return null;
  };
  const locale = (): ReturnType<typeof resolveLocale> => {
    const language = settings.get().language;
    return language === 'system' ? resolveLocale(options.systemLocale) : language;
  };
  const handlers: HandlerMap = {
    ...exports.handlers,
    ...libraryCareHandlers(deps, { tags, busyReason, ...link }),
    ...diagnosticsHandlers(deps, { settings, registry }),
    ...inputsHandlers(deps, locale),
    'app.info': () => ({
      name: 'Wan Studio',
      version: options.version,
      systemLocale: resolveLocale(options.systemLocale),
      libraryPath: library.home,
      host: options.host,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'profiles.list': () => registry.views(),
    'profiles.save': (input) => {
      const language = settings.get().language;
      const saved = input.id ? settings.profiles().find((p) => p.id === input.id) : undefined;
      const fields = profileFieldsToSave(
        input,
        saved,
        language === 'system' ? resolveLocale(options.systemLocale) : language,
      );
      // The key first: if the secret store refuses it (no OS keyring), nothing is half saved.
      const id = input.id ?? newProfileId();
      if (input.apiKey === '') options.secrets.delete(id);
      else if (input.apiKey !== undefined) options.secrets.set(id, input.apiKey.trim());
      settings.saveProfile({ id, name: input.name, ...fields });
      return registry.view(id);
    },
    'profiles.delete': ({ id }) => {
      const isDeleted = settings.deleteProfile(id);
      if (isDeleted) options.secrets.delete(id);
      if (settings.get().activeProfileId === id) settings.update({ activeProfileId: null });
      return { isDeleted };
    },
    'profiles.test': async ({ id }) => {
      const started = Date.now();
      try {
        const { models, notes } = await registry.clientFor(registry.resolve(id)).testConnection();
        return { isOk: true, latencyMs: Date.now() - started, models, notes, error: null };
      } catch (err) {
        const error = toWanError(err).toValue();
        return { isOk: false, latencyMs: Date.now() - started, models: [], notes: [], error };
      }
    },
    'generation.start': ({ request, profileId }) => {
      try {
        return registry.engineFor(profileId).start(request, { locale: locale() });
      } catch (err) {
        // SQLite calls a full disk under its WAL an I/O error: name the folder and the cause.
        throw refineDiskError(toWanError(err), library.home);
      }
    },
    'generation.cancel': ({ generationId }) => {
      const isCanceled = registry.allEngines().some((engine) => engine.cancel(generationId));
      return { isCanceled };
    },
    'generation.rerun': ({ generationId, isNewSeed }) => {
      const record = library.repo.getGeneration(generationId);
      if (!record)
        throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
      // The same gateway when its profile still exists, else the active one.
      const hasProfile = registry.views().some((p) => p.id === record.providerProfile && p.hasKey);
      return registry
        .engineFor(hasProfile ? record.providerProfile : undefined)
        .rerun(generationId, { newSeed: isNewSeed });
    },
    'generation.retry': ({ generationId }) => {
      const record = library.repo.getGeneration(generationId);
      if (!record)
        throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
      // A task id means something only at the gateway that issued it: the job's own profile.
      return registry.engineForGeneration(record).retry(generationId);
    },
    'generation.get': ({ generationId }) => viewOf(generationId),
    'generation.recent': ({ limit }) =>
      library.repo
        .recent(limit, ACTIVE_STATUSES)
        .map((entry) =>
          generationView(
            ctx,
            entry,
            tags.tagsOfGeneration(entry.generation.id),
            retryOf(entry.generation),
            inputRepo.inputsOf(entry.generation.id),
          ),
        ),
    'library.images': ({ query, cursor, limit }) => {
      const page = gallery.images(query, cursor, limit);
      return { items: page.items.map((item) => imageView(ctx, item)), nextCursor: page.nextCursor };
    },
    'library.count': ({ query }) => ({ total: gallery.count(query) }),
    'library.prompts': ({ limit }) => gallery.recentPrompts(limit),
    'image.setFavorite': ({ imageIds, isFavorite }) => changed(imageIds, gallery.setFavorite(imageIds, isFavorite)),
    'image.trash': ({ imageIds }) => changed(imageIds, gallery.trash(imageIds)),
    'image.restore': ({ imageIds }) => changed(imageIds, gallery.restore(imageIds)),
    'image.showInFolder': ({ imageId }) => {
      const rel = gallery.imagePath(imageId);
      if (!rel) throw new WanError('not_in_library', { detail: `no image ${imageId}`, isRetryable: false });
      if (!options.showInFolder) return { isShown: false };
      options.showInFolder(library.store.absolute(rel));
      return { isShown: true };
    },
  };

  let repair: Repair | undefined;
  return {
    home: library.home,
    handlers,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resume: () => {
      registry.resumeAll();
      exports.resume();
      // Temp files and thumbnails a crash left behind, in the background.
      repair ??= repairLibrary(library, { warn: (message, data) => console.warn(message, data ?? '') });
    },
    close: async () => {
      await Promise.all([...registry.allEngines().map((engine) => engine.stop()), exports.stop(), repair?.stop()]);
      library.close();
      logger.info('library closed', { home: library.home });
    },
  };
}
