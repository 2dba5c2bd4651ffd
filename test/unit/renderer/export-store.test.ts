import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, InvokeMethod, WanApi } from '../../../src/shared/contract';
import type { ExportView } from '../../../src/shared/export-types';
import { DEFAULT_FORM } from '../../../src/renderer/src/features/export/export-form';
import { createExportStore, isResumable, progressOf } from '../../../src/renderer/src/features/export/export-store';
import { setWanApi } from '../../../src/renderer/src/lib/wan';

// The export dialog's store against a scripted `window.wan`: what it sends, and how it follows
// a run through events that may overtake the answer to `export.start`.

type Handler = (input: unknown) => unknown;

function fakeApi(handlers: Partial<Record<InvokeMethod, Handler>>) {
  const calls: { method: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api: WanApi = {
    async invoke(method, input) {
      calls.push({ method, input });
      const handler = handlers[method];
      if (!handler) return { ok: false, error: { code: 'internal', message: `no ${method}`, isRetryable: false } };
      try {
        return { ok: true, value: (await handler(input)) as never };
      } catch (error) {
        return { ok: false, error: error as never };
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  setWanApi(api);
  return { calls, emit };
}

afterEach(() => setWanApi(null));

function view(patch: Partial<ExportView> = {}): ExportView {
  return {
    id: 'exp-1',
    createdAt: 1,
    finishedAt: null,
    status: 'running',
    destination: '/tmp/out',
    options: { ...DEFAULT_FORM, destination: '/tmp/out' },
    total: 3,
    done: 0,
    skipped: 0,
    failed: 0,
    bytes: 0,
    error: null,
    ...patch,
  };
}

const request = {
  selection: { kind: 'images' as const, imageIds: ['a', 'b', 'c'] },
  count: 3,
};

describe('starting an export', () => {
  it('sends the selection and the dialog options, then shows progress and the summary', async () => {
    const { calls, emit } = fakeApi({ 'export.start': () => view() });
    const store = createExportStore();
    const finished: ExportView[] = [];
    store.getState().listen((v) => finished.push(v));
    store.getState().open(request);
    await store.getState().start({ ...DEFAULT_FORM, destination: '/tmp/out', template: '{seed}', layout: 'date' });
    expect(calls).toEqual([
      {
        method: 'export.start',
        input: {
          selection: { kind: 'images', imageIds: ['a', 'b', 'c'] },
          options: { ...DEFAULT_FORM, destination: '/tmp/out', template: '{seed}', layout: 'date' },
        },
      },
    ]);
    expect(store.getState().phase).toBe('running');
    emit('export.progressed', { ...view({ done: 1 }), currentFile: '2025-03-14/42.png' });
    expect(store.getState().currentFile).toBe('2025-03-14/42.png');
    expect(progressOf(store.getState().views['exp-1']!)).toBeCloseTo(1 / 3);
    emit('export.finished', view({ status: 'done', done: 3, bytes: 9000 }));
    expect(store.getState().phase).toBe('summary');
    expect(store.getState().views['exp-1']?.bytes).toBe(9000);
    expect(finished).toHaveLength(1);
  });

  it('an export that finishes before export.start answers still ends on its summary', async () => {
    let emitLater: () => void = () => {};
    const { emit } = fakeApi({
      'export.start': async () => {
        emitLater();
        return view({ status: 'running', done: 0 });
      },
    });
    emitLater = () => emit('export.finished', view({ status: 'done', done: 3 }));
    const store = createExportStore();
    store.getState().listen();
    store.getState().open(request);
    await store.getState().start({ ...DEFAULT_FORM, destination: '/tmp/out' });
    expect(store.getState().phase).toBe('summary');
    expect(store.getState().views['exp-1']?.status).toBe('done');
  });

  it('a refused start stays on the form with the error', async () => {
    const error = { code: 'bad_folder', message: 'no', detail: '/x is inside the library', isRetryable: false };
    fakeApi({
      'export.start': () => {
        throw error;
      },
    });
    const store = createExportStore();
    store.getState().open(request);
    await store.getState().start({ ...DEFAULT_FORM, destination: '/x' });
    expect(store.getState().phase).toBe('form');
    expect(store.getState().error).toEqual(error);
  });
});

describe('after a run', () => {
  it('resume carries on a canceled export; open folder falls back to showing the path', async () => {
    const { calls } = fakeApi({
      'export.resume': () => view({ done: 1 }),
      'export.openFolder': () => ({ isOpened: false }),
    });
    const store = createExportStore();
    store.setState({ views: { 'exp-1': view({ status: 'canceled', done: 1 }) }, activeId: 'exp-1', phase: 'summary' });
    await store.getState().openFolder('exp-1');
    expect(store.getState().folderShownFor).toBe('exp-1');
    await store.getState().resume('exp-1');
    expect(calls.map((c) => c.method)).toEqual(['export.openFolder', 'export.resume']);
    expect(store.getState().phase).toBe('running');
  });

  it('offers resume for failed, canceled and interrupted runs only', () => {
    expect(isResumable(view({ status: 'failed' }))).toBe(true);
    expect(isResumable(view({ status: 'interrupted' }))).toBe(true);
    expect(isResumable(view({ status: 'canceled' }))).toBe(true);
    expect(isResumable(view({ status: 'done' }))).toBe(false);
    expect(isResumable(view({ status: 'running' }))).toBe(false);
  });
});
