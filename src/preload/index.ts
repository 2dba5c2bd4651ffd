import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, EventPayload, InvokeInput, InvokeMethod, InvokeResult, WanApi } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, isEventName, isInvokeMethod } from '../shared/contract-names';

// The page gets `window.wan` and nothing else: two functions that only speak the contract's
// names. Raw ipcRenderer never crosses, so a compromised page cannot reach other channels.
// The main side's ipc/ listens on the same two channel names.

function refuseUnknownMethod<M extends InvokeMethod>(method: unknown): InvokeResult<M> {
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `Wan Studio has no method called ${JSON.stringify(String(method))}.`,
      isRetryable: false,
    },
  };
}

const wanApi = {
  invoke<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeResult<M>> {
    if (!isInvokeMethod(method)) return Promise.resolve(refuseUnknownMethod<M>(method));
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input);
  },

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) {
      throw new TypeError(`Wan Studio has no event called ${JSON.stringify(String(event))}.`);
    }
    const forward = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
      // Main validates payloads against the contract before sending, so the name fixes the type.
      if (name === event) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies WanApi;

contextBridge.exposeInMainWorld('wan', wanApi);
