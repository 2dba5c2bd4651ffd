import type { BatchView } from '../../../shared/batch/batch-types';
import { DEFAULT_PACE } from '../../../shared/batch/pricing';
import type { Locale } from '../../../shared/i18n-messages';
import { MODEL_IDS } from '../../../shared/models';
import { writeContactSheet } from '../batch/batch-sheet';
import { BatchService } from '../batch/batch-service';
import { WanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';
import type { ProviderRegistry } from './provider-registry';
import type { SettingsRepository } from './settings-repository';

// `batch.*`, `templates.*`, `prices.*` and `usage.*` (issue 12): batches run in this process on the
// profile's job engine, in the background; their progress goes out as `batch.progressed`.

type BatchMethods =
  | 'batch.preview'
  | 'batch.start'
  | 'batch.list'
  | 'batch.get'
  | 'batch.rows'
  | 'batch.pause'
  | 'batch.resume'
  | 'batch.cancel'
  | 'batch.contactSheet'
  | 'templates.list'
  | 'templates.save'
  | 'templates.delete'
  | 'prices.list'
  | 'prices.set'
  | 'prices.reset'
  | 'usage.report';

export type BatchHandlerDeps = { registry: ProviderRegistry; settings: SettingsRepository; locale: () => Locale };

export type BatchPart = {
  handlers: Pick<HandlerMap, BatchMethods>;
  /** At start: carries on the batches a quit or killed process left running. */
  resume: () => void;
  /** At quit: stops enqueueing rows (the batches stay running, for the next start). */
  stop: () => Promise<void>;
};

export function batchHandlers(deps: HandlerDeps, { registry, settings, locale }: BatchHandlerDeps): BatchPart {
  const service = new BatchService({
    library: deps.library,
    locale,
    pace: () => ({ ...DEFAULT_PACE, concurrency: settings.get().concurrency }),
    onProgress: (view) => deps.emit('batch.progressed', view),
  });
  const window = (): number => Math.max(4, settings.get().concurrency * 2);
  const runs = new Set<Promise<unknown>>();

  /** Runs in the background; a failure (the disk, another process taking it) is logged, the batch stays resumable. */
  const runInBackground = (batchId: string, profile: { providerProfile: string; baseUrl: string }): void => {
    const engine = registry.engineForGeneration(profile);
    const run = service
      .run(batchId, engine, window())
      .catch((err: unknown) => deps.options.logger?.warn('A batch stopped', { batchId, error: String(err) }))
      .finally(() => runs.delete(run));
    runs.add(run);
  };

  const provider = (profileId?: string): { name: string; baseUrl: string } => {
    const profile = registry.resolve(profileId);
    return { name: profile.id, baseUrl: profile.baseUrl };
  };

  /** A batch continues only at its own gateway: rows must not go to another provider (or be billed there). */
  const hasProfileFor = (baseUrl: string): boolean => registry.views().some((p) => p.baseUrl === baseUrl && p.hasKey);

  const resumeBatch = (batchId: string): BatchView => {
    const record = service.record(batchId);
    if (!hasProfileFor(record.baseUrl))
      throw new WanError('auth', {
        detail: `batch ${batchId} runs at ${record.baseUrl}: add a profile with a key for it in Settings`,
        isRetryable: false,
      });
    if (record.status === 'done' || record.status === 'canceled')
      throw new WanError('invalid_input', {
        field: 'batch',
        detail: `batch ${batchId} is ${record.status}: there is nothing to resume`,
        isRetryable: false,
      });
    // Paused while its sent rows were still finishing: that run is still here and carries on.
    if (service.resumeHere(batchId)) deps.emit('batch.progressed', service.view(batchId));
    else if (!service.isRunningHere(batchId)) {
      if (service.batches.isRunningSomewhere(batchId, Date.now()))
        throw new WanError('library_busy', {
          detail: `another Wan Studio window or wan-studio process is running batch ${batchId}`,
          isRetryable: true,
        });
      if (record.status === 'paused') service.batches.setStatus(batchId, 'running', Date.now());
      runInBackground(batchId, record);
    }
    return service.view(batchId);
  };

  const priceView = (baseUrl: string, model: string) => ({ baseUrl, model, ...service.ledger.priceOf(baseUrl, model) });

  const handlers: Pick<HandlerMap, BatchMethods> = {
    'batch.preview': (input) => service.preview(input, provider(input.profileId)),
    'batch.start': async (input) => {
      const batch = await service.create(input, provider(input.profileId));
      runInBackground(batch.id, batch);
      return service.view(batch.id);
    },
    'batch.list': ({ limit }) => service.batches.list(limit).map((b) => service.view(b.id)),
    'batch.get': ({ batchId }) => service.view(batchId),
    'batch.rows': ({ batchId }) => {
      service.record(batchId);
      return service.batches.rows(batchId).map((r) => ({
        index: r.index,
        prompt: r.request.prompt,
        model: r.request.model,
        size: r.request.size,
        n: r.request.n,
        seed: r.request.seed,
        vars: r.vars,
        generationId: r.generationId,
      }));
    },
    'batch.pause': ({ batchId }) => service.pause(batchId),
    'batch.resume': ({ batchId }) => resumeBatch(batchId),
    'batch.cancel': ({ batchId }) => service.cancel(batchId),
    'batch.contactSheet': (request) => writeContactSheet(deps.library, service, request),
    'templates.list': () => service.templates.list(),
    'templates.save': ({ name, kind, body }) => service.templates.save(name, kind, body, Date.now()),
    'templates.delete': ({ name }) => ({ isDeleted: service.templates.delete(name) }),
    'prices.list': () =>
      service.ledger.prices(
        registry.views().map((p) => p.baseUrl),
        MODEL_IDS,
      ),
    'prices.set': ({ baseUrl, model, perImage, currency }) => {
      service.ledger.setPrice(baseUrl, model, perImage, currency, Date.now());
      return priceView(baseUrl, model);
    },
    'prices.reset': ({ baseUrl, model }) => {
      service.ledger.clearPrice(baseUrl, model);
      return priceView(baseUrl, model);
    },
    'usage.report': (query) => service.ledger.usage(query),
  };

  return {
    handlers,
    resume: () => {
      // Batches left running by a process that is gone (quit, killed): on their own profile's engine.
      for (const batch of service.batches.list(200))
        if (
          batch.status === 'running' &&
          hasProfileFor(batch.baseUrl) &&
          !service.batches.isRunningSomewhere(batch.id, Date.now())
        )
          try {
            runInBackground(batch.id, batch);
          } catch (err) {
            deps.options.logger?.warn('Could not resume a batch', { batchId: batch.id, error: String(err) });
          }
    },
    stop: async () => {
      service.stopAll();
      await Promise.all([...runs]);
    },
  };
}
