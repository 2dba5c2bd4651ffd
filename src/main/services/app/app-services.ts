import { eventContract, type EventName, type EventPayload } from '../../../shared/contract';
import { resolveLocale } from '../../../shared/i18n-messages';
import { ACTIVE_STATUSES } from '../../../shared/library-types';
import type { JobEvent } from '../jobs/job-engine';
import { GalleryRepository } from '../library/gallery-repository';
import { openLibrary } from '../library/library';
import { WanError, toWanError } from '../wan-error';
import type { AppEventListener, AppHostOptions, AppServices, HandlerMap } from './app-types';
import { ProviderRegistry } from './provider-registry';
import { SettingsRepository, newProfileId } from './settings-repository';
import { generationView, imageView, type ViewContext } from './views';

/**
 * Everything the UI can ask of main, in plain Node: the Electron shell and browser mode both
 * wrap these handlers in their own transport.
 */
export function createAppServices(options: AppHostOptions): AppServices {
  const library = openLibrary(options.home, { nativeBinding: options.nativeBinding });
  const gallery = new GalleryRepository(library.db);
  const settings = new SettingsRepository(library.db);
  const listeners = new Set<AppEventListener>();
  const ctx: ViewContext = { home: library.home, mediaUrl: options.mediaUrl };

  function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    // Checked against the contract here, so the preload and the HTTP bridge can trust the shape.
    const checked = eventContract[name].parse(payload) as EventPayload<E>;
    for (const listener of listeners) listener(name, checked);
  }
  const registry = new ProviderRegistry(library, settings, options, (event: JobEvent) =>
    emit(event.name, event.payload),
  );

  const viewOf = (generationId: string): ReturnType<typeof generationView> => {
    const entry = library.repo.getWithImages(generationId);
    if (!entry) throw new WanError('not_found', { detail: `no generation ${generationId}`, isRetryable: false });
    return generationView(ctx, entry);
  };
  const changed = (imageIds: readonly string[], count: number): { changed: number } => {
    if (count > 0) emit('library.changed', { imageIds: [...imageIds] });
    return { changed: count };
  };

  const handlers: HandlerMap = {
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
      // The key first: if the secret store refuses it (no OS keyring), nothing is half saved.
      const id = input.id ?? newProfileId();
      if (input.apiKey === '') options.secrets.delete(id);
      else if (input.apiKey !== undefined) options.secrets.set(id, input.apiKey.trim());
      settings.saveProfile({ id, name: input.name, baseUrl: input.baseUrl.replace(/\/+$/, '') });
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
        const models = await registry.clientFor(registry.resolve(id)).listModels();
        return { isOk: true, latencyMs: Date.now() - started, models, error: null };
      } catch (err) {
        return { isOk: false, latencyMs: Date.now() - started, models: [], error: toWanError(err).toValue() };
      }
    },
    'generation.start': ({ request, profileId }) => registry.engineFor(profileId).start(request),
    'generation.cancel': ({ generationId }) => {
      const isCanceled = registry.allEngines().some((engine) => engine.cancel(generationId));
      return { isCanceled };
    },
    'generation.rerun': ({ generationId, isNewSeed }) => {
      const record = library.repo.getGeneration(generationId);
      if (!record) throw new WanError('not_found', { detail: `no generation ${generationId}`, isRetryable: false });
      // The same gateway when its profile still exists, else the active one.
      const hasProfile = registry.views().some((p) => p.id === record.providerProfile && p.hasKey);
      return registry
        .engineFor(hasProfile ? record.providerProfile : undefined)
        .rerun(generationId, { newSeed: isNewSeed });
    },
    'generation.get': ({ generationId }) => viewOf(generationId),
    'generation.recent': ({ limit }) =>
      library.repo.recent(limit, ACTIVE_STATUSES).map((entry) => generationView(ctx, entry)),
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
      if (!rel) throw new WanError('not_found', { detail: `no image ${imageId}`, isRetryable: false });
      if (!options.showInFolder) return { isShown: false };
      options.showInFolder(library.store.absolute(rel));
      return { isShown: true };
    },
  };

  return {
    handlers,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resume: () => registry.resumeAll(),
    close: async () => {
      await Promise.all(registry.allEngines().map((engine) => engine.stop()));
      library.close();
    },
  };
}
