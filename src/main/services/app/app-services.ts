import {
  eventContract,
  INVOKE_METHODS,
  type EventName,
  type EventPayload,
  type InvokeMethod,
} from '../../../shared/contract';
import { resolveLocale } from '../../../shared/i18n-messages';
import type { JobEngine, JobEvent } from '../jobs/job-engine';
import { GalleryRepository } from '../library/gallery-repository';
import { openLibrary } from '../library/library';
import { repairLibrary, type Repair } from '../library/library-repair';
import { TagRepository } from '../library/tag-repository';
import { WanError } from '../wan-error';
import type { AppEventListener, AppHostOptions, AppServices, HandlerMap } from './app-types';
import { ProviderRegistry } from './provider-registry';
import { SettingsRepository } from './settings-repository';
import type { ViewContext } from './views';
import { appHandlers } from './app-handlers';
import { galleryHandlers } from './gallery-handlers';
import { generationHandlers, generationViews, withView } from './generation-handlers';
import { mergeHandlers } from './merge-handlers';
import { settingsHandlers } from './settings-handlers';
import { exportHandlers } from './export-handlers';
import { libraryCareHandlers, type LibraryCare } from './library-care-handlers';
import { diagnosticsHandlers } from './diagnostics-handlers';
import { inputsHandlers } from './inputs-handlers';
import { batchHandlers } from './batch-handlers';
import { promptHandlers } from './prompt-handlers';
import { thumbnailHandlers } from './thumbnail-handlers';
import { InputRepository } from '../inputs/input-repository';
import { join } from 'node:path';
import { DATABASE_FILE } from '../library/library';
import { logAppEvent, loggedCall } from '../logging/app-log';
import { logLibraryOpened, schemaVersionOnDisk } from '../logging/library-log';
import { silentLogger } from '../logging/logger';
import { rememberingSecrets } from '../logging/secret-watch';

/** The app's services plus the library folder in use now, which `library.move` changes. */
export type SwitchableAppServices = AppServices & {
  libraryHome: () => string;
  /** Makes a missing thumbnail a gallery tile asks for (`thumbs/…`); answers where it is now. */
  makeThumbnail: (thumbRelPath: string) => Promise<string | undefined>;
};

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
  'generation.lineage',
  'library.images',
  'library.count',
  'library.prompts',
  'library.tags',
  'image.showInFolder',
  'app.pickFolder',
  'export.preview',
  'export.list',
  'export.openFolder',
  'app.openLogsFolder',
  'app.diagnostics',
  'inputs.get',
  'palettes.list',
  'batch.preview',
  'batch.list',
  'batch.get',
  'batch.rows',
  'templates.list',
  'prices.list',
  'usage.report',
  'thumbnails.status',
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
    makeThumbnail: (rel) => current.makeThumbnail(rel),
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

type OpenedServices = AppServices & {
  home: string;
  makeThumbnail: (thumbRelPath: string) => Promise<string | undefined>;
};
type SwitchLink = Pick<LibraryCare, 'switchTo' | 'defaultHome'>;

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
  const views = generationViews(library, { tags, inputs: inputRepo, ctx });

  function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    // Checked against the contract here, so the preload and the HTTP bridge can trust the shape.
    const checked = eventContract[name].parse(payload) as EventPayload<E>;
    logAppEvent(logger, { name, payload: checked } as Parameters<typeof logAppEvent>[1]);
    for (const listener of listeners) listener(name, checked);
  }
  const registry = new ProviderRegistry(library, settings, options, (event: JobEvent) =>
    emit(event.name, withView(views, event).payload),
  );

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
  const batches = batchHandlers(deps, { registry, settings, locale });
  const thumbnails = thumbnailHandlers(deps);
  const handlers: HandlerMap = mergeHandlers(
    appHandlers(deps),
    settingsHandlers(deps, { settings, registry, locale }),
    generationHandlers(deps, { registry, locale, views }),
    galleryHandlers(deps, ctx),
    exports.handlers,
    libraryCareHandlers(deps, { tags, busyReason, ...link }),
    diagnosticsHandlers(deps, { settings, registry }),
    inputsHandlers(deps, locale),
    batches.handlers,
    promptHandlers(deps, ctx),
    thumbnails.handlers,
  );

  let repair: Repair | undefined;
  return {
    home: library.home,
    makeThumbnail: (rel) => library.thumbnails.makeForTile(rel),
    handlers,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resume: () => {
      registry.resumeAll();
      exports.resume();
      batches.resume();
      // Temp files and thumbnails a crash left behind, in the background.
      repair ??= repairLibrary(library, { warn: (message, data) => console.warn(message, data ?? '') }, thumbnails.run);
    },
    close: async () => {
      // Batches first, so none enqueues a row into an engine that is stopping.
      await batches.stop();
      await Promise.all([
        ...registry.allEngines().map((engine) => engine.stop()),
        exports.stop(),
        repair?.stop(),
        thumbnails.stop(),
      ]);
      library.close();
      logger.info('library closed', { home: library.home });
    },
  };
}
