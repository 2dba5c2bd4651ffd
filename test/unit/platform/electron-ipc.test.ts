import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcOptions } from '../../../src/main/ipc/electron-ipc';
import type { AppEventListener, AppServices } from '../../../src/main/services/app/app-types';

// Electron cannot run here, so its two objects that registerIpc touches are stood in for: an
// ipcMain that keeps the handler, and windows that record what they were sent.
type Frame = { url: string; processId: number; routingId: number };
type FakeContents = { id: number; mainFrame: Frame; sent: unknown[][] } & Record<string, unknown>;
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  windows: [] as { webContents: FakeContents; isDestroyed: () => boolean }[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
      electron.handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  BrowserWindow: { getAllWindows: () => electron.windows },
}));

const { registerIpc } = await import('../../../src/main/ipc/electron-ipc');

const APP_URL = 'file:///opt/wan/out/renderer/index.html';
const appFrame: Frame = { url: APP_URL, processId: 3, routingId: 1 };

function fakeWindow(id: number, mainFrame: Frame) {
  const webContents: FakeContents = {
    id,
    mainFrame,
    sent: [],
    isDestroyed: () => false,
    isCrashed: () => false,
    send(...args: unknown[]) {
      this.sent.push(args);
    },
  };
  return { webContents, isDestroyed: () => false };
}

function fakeServices() {
  const listeners = new Set<AppEventListener>();
  const services = {
    handlers: {} as AppServices['handlers'],
    onEvent: (listener: AppEventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resume: () => undefined,
    close: async () => undefined,
  } satisfies AppServices;
  return { services, emit: (...args: Parameters<AppEventListener>) => listeners.forEach((l) => l(...args)) };
}

// Stands in for platform/ipc-sender's check (tested on its own): window 1's top frame showing the app.
const isTrustedSender = ((sender: { id: number }, frame: Frame | null): boolean =>
  sender.id === 1 &&
  frame !== null &&
  frame.url === APP_URL &&
  frame.routingId === 1) as unknown as IpcOptions['isTrustedSender'];

describe('registerIpc', () => {
  let calls: unknown[][];
  let emit: ReturnType<typeof fakeServices>['emit'];
  let unregister: () => void;

  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    electron.handlers.clear();
    electron.windows = [fakeWindow(1, appFrame), fakeWindow(2, { ...appFrame, url: 'https://example.com/' })];
    calls = [];
    const fake = fakeServices();
    emit = fake.emit;
    const invoke = async (method: unknown, input: unknown) => {
      calls.push([method, input]);
      return { ok: true, value: { echoed: input } } as never;
    };
    unregister = registerIpc(fake.services, invoke, { isTrustedSender });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const call = (sender: FakeContents, frame: Frame | null, method: unknown, input?: unknown) =>
    electron.handlers.get('wan:invoke')!({ sender, senderFrame: frame }, method, input);

  it("answers the app page's calls through the invoker", async () => {
    const app = electron.windows[0]!.webContents;
    expect(await call(app, appFrame, 'library.count', { query: {} })).toEqual({
      ok: true,
      value: { echoed: { query: {} } },
    });
    expect(calls).toEqual([['library.count', { query: {} }]]);
  });

  it('refuses untrusted senders with a permission error, before the invoker', async () => {
    const app = electron.windows[0]!.webContents;
    const other = electron.windows[1]!.webContents;
    const iframe = { ...appFrame, routingId: 9 };
    for (const [sender, frame] of [
      [other, other.mainFrame],
      [app, iframe],
      [app, null],
    ] as const) {
      const result = await call(sender, frame, 'settings.get');
      expect(result).toMatchObject({ ok: false, error: { code: 'permission', isRetryable: false } });
    }
    expect(calls).toEqual([]);
  });

  it('turns an invoker that throws into an error value without the stack', async () => {
    electron.handlers.clear();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    registerIpc(fakeServices().services, () => Promise.reject(new Error('secret path /x')), {
      isTrustedSender,
    });
    const result = await call(electron.windows[0]!.webContents, appFrame, 'settings.get');
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret path');
  });

  it('sends events to the app window only, and stops when unregistered', () => {
    emit('library.changed', { imageIds: ['a'] });
    expect(electron.windows[0]!.webContents.sent).toEqual([['wan:event', 'library.changed', { imageIds: ['a'] }]]);
    expect(electron.windows[1]!.webContents.sent).toEqual([]);
    unregister();
    emit('library.changed', { imageIds: ['b'] });
    expect(electron.windows[0]!.webContents.sent).toHaveLength(1);
    expect(electron.handlers.has('wan:invoke')).toBe(false);
  });
});
