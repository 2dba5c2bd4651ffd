import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobEngine, type JobEvent } from '../../src/main/services/jobs/job-engine';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import type { ImageProvider } from '../../src/main/services/providers/provider-types';
import type { SimulatorHandle } from '../../src/main/services/simulator/server';
import { FAST_POLL, clientFor } from './simulator';

export function tempDir(prefix = 'wan-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every generation id a list search names, page by page through the `before` cursor. */
export function listedIds(library: Library, search: string | undefined, limit: number): string[] {
  const ids: string[] = [];
  let before: { createdAt: number; id: string } | undefined;
  for (;;) {
    const page = library.repo.listGenerations({ search, limit, before });
    ids.push(...page.map((g) => g.id));
    const last = page.at(-1);
    if (page.length < limit || !last) return ids;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

export type EngineRig = {
  library: Library;
  engine: JobEngine;
  client: ImageProvider;
  events: JobEvent[];
  close: () => Promise<void>;
};

/** A real library in a temp folder and a job engine talking to the simulator. */
export function engineRig(
  sim: SimulatorHandle,
  home?: string,
  extra: Partial<ConstructorParameters<typeof JobEngine>[0]> = {},
): EngineRig {
  const dir = home ? undefined : tempDir();
  const library = openLibrary(home ?? dir!.path);
  const client = clientFor(sim);
  const engine = new JobEngine({
    repo: library.repo,
    store: library.store,
    thumbnails: library.thumbnails,
    client,
    profile: { name: 'test', baseUrl: sim.baseUrl },
    pollTiming: FAST_POLL,
    ...extra,
  });
  const events: JobEvent[] = [];
  engine.on((e) => events.push(e));
  return {
    library,
    engine,
    client,
    events,
    // Stops every job first (a quietly followed one polls on otherwise), then closes the library.
    close: async () => {
      await engine.stop();
      library.close();
      dir?.remove();
    },
  };
}
