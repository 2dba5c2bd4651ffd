import type { GenerationView, RetryPlanView } from '../../../shared/contract';
import type { Locale } from '../../../shared/i18n-messages';
import { IMPORT_PROFILE } from '../../../shared/rerun-rule';
import { ACTIVE_STATUSES, type GenerationRecord, type GenerationWithImages } from '../../../shared/library-types';
import type { InputRepository } from '../inputs/input-repository';
import type { JobEvent } from '../jobs/job-engine';
import { retryPlanOf } from '../jobs/job-records';
import { refineDiskError } from '../library/disk-errors';
import type { Library } from '../library/library';
import { LineageRepository } from '../library/lineage-repository';
import type { TagRepository } from '../library/tag-repository';
import { WanError, toWanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';
import type { ProviderRegistry } from './provider-registry';
import { generationView, type ViewContext } from './views';

// `generation.*`: start, cancel, rerun and retry jobs on the right gateway's engine, and read
// their views (the same view the job events carry).

type GenerationMethods =
  | 'generation.start'
  | 'generation.cancel'
  | 'generation.rerun'
  | 'generation.lineage'
  | 'generation.retry'
  | 'generation.get'
  | 'generation.recent';

export type GenerationViews = {
  /** The generation's view; throws `not_in_library` when there is none. */
  viewOf: (generationId: string) => GenerationView;
  /** The view of an entry already read from the library. */
  viewOfEntry: (entry: GenerationWithImages) => GenerationView;
};

/** Builds generation views: what `generation.get` answers and the job events carry. */
export function generationViews(
  library: Library,
  more: { tags: TagRepository; inputs: InputRepository; ctx: ViewContext },
): GenerationViews {
  /** What Retry would do, for the views of stopped jobs (the UI says it before acting). */
  const retryOf = (record: GenerationRecord): RetryPlanView | null => {
    return retryPlanOf(library.repo, record, Date.now()) ?? null;
  };
  const viewOfEntry = (entry: GenerationWithImages): GenerationView => {
    const id = entry.generation.id;
    return generationView(
      more.ctx,
      entry,
      more.tags.tagsOfGeneration(id),
      retryOf(entry.generation),
      more.inputs.inputsOf(id),
    );
  };
  return {
    viewOfEntry,
    viewOf: (generationId) => {
      const entry = library.repo.getWithImages(generationId);
      if (!entry) throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
      return viewOfEntry(entry);
    },
  };
}

/** Job events after which the stored record changed: they go out carrying its view. */
const EVENTS_WITH_VIEW: ReadonlySet<JobEvent['name']> = new Set([
  'generation.queued',
  'generation.submitted',
  'generation.finished',
  'generation.failed',
]);

/** The event with the generation's view added where the record changed, so the renderer need not fetch it. */
export function withView(views: GenerationViews, event: JobEvent): JobEvent {
  if (!EVENTS_WITH_VIEW.has(event.name)) return event;
  let view: GenerationView;
  try {
    view = views.viewOf(event.payload.generationId);
  } catch {
    // A record gone meanwhile (library moved, deleted): the event still goes out, the renderer fetches.
    return event;
  }
  // The spread keeps each event's own payload; TypeScript cannot follow the union through it.
  return { ...event, payload: { ...event.payload, view } } as JobEvent;
}

/** A detail view lists at most this many versions of one original. */
const MAX_LINEAGE_ENTRIES = 50;

export type GenerationDeps = { registry: ProviderRegistry; locale: () => Locale; views: GenerationViews };

export function generationHandlers(
  { library }: HandlerDeps,
  { registry, locale, views }: GenerationDeps,
): Pick<HandlerMap, GenerationMethods> {
  const recordOf = (generationId: string): GenerationRecord => {
    const record = library.repo.getGeneration(generationId);
    if (!record) throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
    return record;
  };
  return {
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
    'generation.rerun': ({ generationId, isNewSeed, change }) => {
      const record = recordOf(generationId);
      // The same gateway when its profile still exists, else the active one.
      const hasProfile = registry.views().some((p) => p.id === record.providerProfile && p.hasKey);
      return registry
        .engineFor(hasProfile ? record.providerProfile : undefined)
        .rerun(generationId, { newSeed: isNewSeed, change });
    },
    'generation.lineage': ({ generationId }) => {
      recordOf(generationId);
      // Made per call: the library (and so its database) can be moved while the app runs.
      const lineage = new LineageRepository(library.repo.db);
      const rootId = lineage.rootOf(generationId);
      const entries = lineage.tree(rootId, MAX_LINEAGE_ENTRIES).flatMap((node) => {
        try {
          return [{ depth: node.depth, view: views.viewOf(node.id) }];
        } catch {
          return []; // gone between the two reads
        }
      });
      return { rootId, entries };
    },
    'generation.retry': ({ generationId }) => {
      // A task id means something only at the gateway that issued it: the job's own profile.
      return registry.engineForGeneration(recordOf(generationId)).retry(generationId);
    },
    'generation.get': ({ generationId }) => views.viewOf(generationId),
    // Imported records are library items, not jobs: they were never run in this queue.
    'generation.recent': ({ limit }) =>
      library.repo.recent(limit, ACTIVE_STATUSES, { excludeProfile: IMPORT_PROFILE }).map(views.viewOfEntry),
  };
}
