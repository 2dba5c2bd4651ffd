import type { ThumbnailProgress } from '../../../shared/contract';
import { backfillThumbnails, type BackfillReport } from '../thumbnails/thumbnail-backfill';
import type { HandlerDeps, HandlerMap } from './app-types';

// The thumbnail backfill as the app runs it: at start (through the library repair) or when asked,
// one at a time, reported by `thumbnails.progressed` (at most four times a second) for the
// progress bar in the gallery header. `thumbnails.status` answers a window that opens mid-run.

type ThumbnailMethods = 'thumbnails.status' | 'thumbnails.backfill';

export type ThumbnailBackfillRunner = {
  handlers: Pick<HandlerMap, ThumbnailMethods>;
  /** Runs the backfill, or joins the one running; settles when it ends or is stopped. */
  run: (signal?: AbortSignal) => Promise<BackfillReport>;
  /** Stops the running backfill (the library is closing) and waits for it. */
  stop: () => Promise<void>;
};

export function thumbnailHandlers(deps: HandlerDeps): ThumbnailBackfillRunner {
  let state: ThumbnailProgress = { done: 0, failed: 0, total: 0, imagesPerSecond: 0, isRunning: false };
  let running: { promise: Promise<BackfillReport>; abort: AbortController } | undefined;
  const publish = (next: ThumbnailProgress): void => {
    state = next;
    deps.emit('thumbnails.progressed', state);
  };
  const run = (signal?: AbortSignal): Promise<BackfillReport> => {
    if (running) return running.promise;
    const abort = new AbortController();
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const promise = backfillThumbnails(deps.library, {
      signal: abort.signal,
      onProgress: ({ done, failed, total, imagesPerSecond }) =>
        // Nothing to do is not news: the header stays quiet on a library that has every thumbnail.
        total > 0 && publish({ done, failed, total, imagesPerSecond, isRunning: true }),
    }).then((report) => {
      running = undefined;
      const { done, failed, total, imagesPerSecond } = report;
      if (total > 0) publish({ done, failed, total, imagesPerSecond, isRunning: false });
      return report;
    });
    running = { promise, abort };
    return promise;
  };
  return {
    handlers: {
      'thumbnails.status': () => state,
      'thumbnails.backfill': () => {
        const isStarted = running === undefined;
        void run();
        return { isStarted };
      },
    },
    run,
    stop: async () => {
      const current = running;
      current?.abort.abort();
      await current?.promise;
    },
  };
}
