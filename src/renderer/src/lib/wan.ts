import type { ErrorValue } from '../../../shared/errors';
import type {
  EventName,
  EventPayload,
  InvokeInput,
  InvokeMethod,
  InvokeOutput,
  WanApi,
} from '../../../shared/contract';

// The renderer's one way to main: `call` for invokes, `onEvent` for pushed events. Both go to
// `window.wan`, filled by the Electron preload or by browser mode's HTTP transport (installed
// before the app renders); unit tests put a fake in its place with `setWanApi`.

export class BridgeError extends Error {
  constructor(readonly error: ErrorValue) {
    super(error.message);
    this.name = 'BridgeError';
  }
}

let override: WanApi | null = null;

/** Tests only: route `call` and `onEvent` to `api` (null: back to window.wan). */
export function setWanApi(api: WanApi | null): void {
  override = api;
}

/** Read at each use, so a test's fake (or the HTTP bridge installed late) is always the one reached. */
function wanApi(): WanApi {
  return override ?? window.wan;
}

/** Calls a contract method; a failure arrives as a BridgeError carrying the error value. */
export async function call<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeOutput<M>> {
  const result = await wanApi().invoke(method, input);
  if (!result.ok) throw new BridgeError(result.error);
  return result.value;
}

/** Listens to a pushed event; returns the function that stops listening. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return wanApi().on(event, listener);
}
