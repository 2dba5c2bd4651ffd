import { BrowserWindow, ipcMain, type WebContents, type WebFrameMain } from 'electron';
import type { ErrorValue } from '../../shared/errors';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract-names';
import type { AppServices } from '../services/app/app-types';
import { WanError } from '../services/wan-error';
import type { Invoker } from './invoker';

// The Electron transport: one invoke channel in, one event channel out (the preload speaks the
// same two names). Every message's sender is checked before anything else; the invoker then
// checks the method name and the input against the contract and answers with a value.

export type IpcOptions = {
  /** Whether `frame` of `sender` is the app's own page in its top frame (see platform/ipc-sender.ts). */
  isTrustedSender: (sender: WebContents, frame: WebFrameMain | null) => boolean;
};

/** Registers the handler and the event forwarding; the returned function undoes both. */
export function registerIpc(services: AppServices, invoke: Invoker, { isTrustedSender }: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // `senderFrame` is null once the frame has navigated away or been destroyed.
    if (!isTrustedSender(event.sender, event.senderFrame)) {
      console.warn(`Refused an IPC call from ${JSON.stringify(event.senderFrame?.url ?? 'a closed frame')}`);
      // Not WanError('permission'): its words are about an API key's rights, not a page's.
      const error: ErrorValue = {
        code: 'permission',
        message: 'This page may not use Wan Studio.',
        isRetryable: false,
      };
      return { ok: false, error };
    }
    try {
      return await invoke(method, input);
    } catch (err) {
      // The invoker answers with values; this only catches its own bugs, without the stack.
      console.error('IPC call failed', err);
      return { ok: false, error: new WanError('internal', { isRetryable: false }).toValue() };
    }
  });

  const stopEvents = services.onEvent((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (window.isDestroyed() || contents.isDestroyed() || contents.isCrashed()) continue;
      // Events go only where calls are accepted from: the app's page, not whatever a window shows.
      if (!isTrustedSender(contents, contents.mainFrame)) continue;
      contents.send(EVENT_CHANNEL, name, payload);
    }
  });

  return () => {
    stopEvents();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
