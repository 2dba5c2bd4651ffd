import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/contract';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { SecretStore } from '../../src/main/services/app/app-types';
import { openLibrary } from '../../src/main/services/library/library';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// The app's side of the backfill: started at resume (the library repair), reported through
// `thumbnails.progressed`, answered by `thumbnails.status`, and stopped when the services close.

const root = tempDir('wan-thumb-events-');
afterAll(() => root.remove());

const noSecrets: SecretStore = { get: () => undefined, set: () => undefined, delete: () => undefined };

describe('thumbnail backfill in the app', { timeout: 60_000 }, () => {
  it('runs at resume, reports progress and its rate, and answers status', async () => {
    const home = join(root.path, 'app');
    const library = openLibrary(home);
    await seedLibrary(
      library,
      Array.from({ length: 6 }, (_, i) => ({ prompt: `event ${i}`, seed: i + 1, pixels: { width: 800, height: 600 } })),
    );
    library.close();

    const services = createAppServices({
      home,
      host: 'browser',
      version: '0.0.0-test',
      systemLocale: 'en-US',
      secrets: noSecrets,
      mediaUrl: (rel) => `/media/${rel}`,
    });
    const seen: Array<EventPayload<'thumbnails.progressed'>> = [];
    const finished = new Promise<void>((resolve) =>
      services.onEvent((name, payload) => {
        if (name !== 'thumbnails.progressed') return;
        const progress = payload as EventPayload<'thumbnails.progressed'>;
        seen.push(progress);
        if (!progress.isRunning) resolve();
      }),
    );
    try {
      services.resume();
      await finished;
      expect(seen[0]).toMatchObject({ done: 0, total: 6, isRunning: true });
      expect(seen.at(-1)).toMatchObject({ done: 6, failed: 0, total: 6, isRunning: false });
      expect(seen.at(-1)!.imagesPerSecond).toBeGreaterThan(0);
      const status = await services.handlers['thumbnails.status'](undefined);
      expect(status).toEqual(seen.at(-1));
      // Nothing left to make: a second run starts, finds nothing and says nothing.
      expect(await services.handlers['thumbnails.backfill'](undefined)).toEqual({ isStarted: true });
    } finally {
      await services.close();
    }
  });
});
