import { afterEach, describe, expect, it } from 'vitest';
import { JobRepository, ORPHAN_SLOT_MS, OWNER_STALE_MS, ownerId } from '../../src/main/services/jobs/job-repository';
import { retryPlan } from '../../src/main/services/jobs/job-records';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { tempDir } from '../helpers/library';

// The job engine's shared state on a real SQLite file: claims between processes and the slot
// ledger's counting, including slots left behind by a process that was killed.

const libraries: Array<{ library: Library; remove: () => void }> = [];
afterEach(() => {
  for (const { library, remove } of libraries.splice(0)) {
    library.close();
    remove();
  }
});

function setup(): { library: Library; jobs: JobRepository } {
  const dir = tempDir();
  const library = openLibrary(dir.path);
  libraries.push({ library, remove: dir.remove });
  return { library, jobs: new JobRepository(library.db) };
}

const BASE = 'http://gateway.test/v1';
/** No process has this pid (above Linux's pid_max). */
const DEAD = ownerId(4_194_999, 'gone');
const ME = ownerId(process.pid, 'me');

function insert(library: Library, id: string, now: number): void {
  library.repo.insertGeneration({
    id,
    createdAt: now,
    status: 'polling',
    model: 'wan2.7-image',
    prompt: id,
    size: '1024x1024',
    n: 1,
    seed: 1,
    parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
    mode: 'async',
    providerProfile: 'p',
    baseUrl: BASE,
    rerunOf: null,
  });
}

describe('claims', () => {
  it('a live owner keeps its job; a killed or silent one gives it up', () => {
    const { library, jobs } = setup();
    const now = Date.now();
    insert(library, 'a', now);
    expect(jobs.claim('a', ME, now)).toBe('claimed');
    expect(jobs.claim('a', ownerId(process.pid, 'other'), now)).toBe('owned-elsewhere');
    jobs.release('a', ME);
    expect(jobs.claim('a', DEAD, now)).toBe('claimed');
    // The dead pid's claim is free at once, heartbeat or not.
    expect(jobs.claim('a', ME, now)).toBe('claimed');
    // A live pid whose heartbeat stopped (a hung process, a reused pid) loses it after the stale time.
    expect(jobs.claim('a', ownerId(process.pid, 'other'), now + OWNER_STALE_MS + 1)).toBe('claimed');
    expect(jobs.claim('missing', ME, now)).toBe('missing');
  });
});

describe('the slot ledger', () => {
  it('counts slots held by live owners, and a killed owner’s only for a while after its create', () => {
    const { library, jobs } = setup();
    const now = Date.now();
    for (const id of ['live', 'orphan-new', 'orphan-old', 'released']) insert(library, id, now);
    jobs.claim('live', ME, now);
    expect(jobs.tryTakeSlot('live', BASE, 5, now, now + 600_000)).toBe(true);
    for (const id of ['orphan-new', 'orphan-old', 'released']) {
      jobs.claim(id, DEAD, now - OWNER_STALE_MS - 1);
      expect(jobs.tryTakeSlot(id, BASE, 5, now, now + 600_000)).toBe(true);
    }
    library.repo.updateGeneration('orphan-old', { submittedAt: now - ORPHAN_SLOT_MS - 1 });
    library.repo.updateGeneration('orphan-new', { submittedAt: now - 1000 });
    jobs.holdSlotUntil('released', null);
    expect(jobs.heldSlots(BASE, now)).toBe(2);
    expect(jobs.heldSlots('http://another.test/v1', now)).toBe(0);
    // Full at a limit of 2: a third job must wait.
    insert(library, 'third', now);
    expect(jobs.tryTakeSlot('third', BASE, 2, now, now + 1000)).toBe(false);
    expect(jobs.tryTakeSlot('third', BASE, 3, now, now + 1000)).toBe(true);
    // A hold ends by itself at its time.
    expect(jobs.heldSlots(BASE, now + 600_001)).toBe(0);
  });
});

describe('retry plans', () => {
  const base = { createdAt: 0, submittedAt: 0, isFollowingUpstream: false, taskId: 't', error: null };
  it('continue what can be continued, and say when a new image is billed', () => {
    const now = 60_000;
    const failed = (code: 'server' | 'task_failed' | 'timeout' | 'expired') => ({
      ...base,
      status: 'failed' as const,
      error: { code, message: '', detail: null },
    });
    const none = { hasResultItems: false, trashedImages: 0 };
    expect(retryPlan(failed('expired'), { hasResultItems: true, trashedImages: 0 }, now)).toEqual({
      action: 'download',
      costsNewImage: false,
    });
    expect(retryPlan(failed('server'), none, now)).toEqual({ action: 'poll', costsNewImage: false });
    expect(retryPlan(failed('timeout'), none, now)).toEqual({ action: 'poll', costsNewImage: false });
    expect(retryPlan(failed('task_failed'), none, now)).toEqual({ action: 'create', costsNewImage: true });
    // A task is queryable for 24 h only.
    expect(retryPlan(failed('server'), none, now + 25 * 3600_000)).toEqual({ action: 'create', costsNewImage: true });
    expect(retryPlan({ ...base, status: 'canceled' }, { hasResultItems: false, trashedImages: 2 }, now)).toEqual({
      action: 'restore',
      costsNewImage: false,
    });
    expect(retryPlan({ ...base, status: 'interrupted', taskId: null }, none, now)).toEqual({
      action: 'create',
      costsNewImage: true,
    });
    expect(retryPlan({ ...base, status: 'done' }, none, now)).toBeUndefined();
    expect(retryPlan({ ...base, status: 'canceled', isFollowingUpstream: true }, none, now)).toBeUndefined();
  });
});
