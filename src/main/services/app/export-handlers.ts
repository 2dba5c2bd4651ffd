import { ExportEngine } from '../export/export-engine';
import { importFolder } from '../export/importer';
import type { HandlerDeps, HandlerMap } from './app-types';
import { progressEmitter } from './library-care-handlers';

type ExportMethods =
  | 'export.start'
  | 'export.preview'
  | 'export.cancel'
  | 'export.resume'
  | 'export.list'
  | 'export.openFolder'
  | 'library.import'
  | 'app.pickFolder';

/** Export and import for the app: the engine runs in main, the renderer gets its events. */
export function exportHandlers(deps: HandlerDeps): {
  handlers: Pick<HandlerMap, ExportMethods>;
  resume: () => void;
  stop: () => Promise<void>;
  isBusy: () => boolean;
} {
  const engine = new ExportEngine({ library: deps.library, gallery: deps.gallery });
  engine.on((event) => deps.emit(event.name, event.payload));
  let imports = 0;

  return {
    handlers: {
      'export.start': ({ selection, options }) => engine.start(selection, options),
      'export.preview': ({ selection, options, limit }) => engine.preview(selection, options, limit),
      'export.cancel': ({ exportId }) => ({ isCanceled: engine.cancel(exportId) }),
      'export.resume': ({ exportId }) => engine.resume(exportId),
      'export.list': ({ limit }) => engine.list(limit),
      'export.openFolder': async ({ exportId }) => {
        // Only an export's own folder, never a path the renderer names.
        const { destination } = engine.view(exportId);
        return { isOpened: deps.options.openFolder ? await deps.options.openFolder(destination) : false };
      },
      'library.import': async ({ folder }) => {
        imports++;
        try {
          const summary = await importFolder(deps.library, folder, { onProgress: progressEmitter(deps, 'import') });
          if (summary.generationIds.length > 0) deps.emit('library.changed', { imageIds: [], isStructural: true });
          return summary;
        } finally {
          imports--;
        }
      },
      'app.pickFolder': async ({ purpose }) => ({
        folder: deps.options.pickFolder ? await deps.options.pickFolder(purpose) : null,
      }),
    },
    resume: () => void engine.resumeUnfinished(),
    stop: () => engine.stop(),
    isBusy: () => engine.isBusy() || imports > 0,
  };
}
