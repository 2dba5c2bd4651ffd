import type { ErrorValue } from '../../../shared/errors';
import type { InvokeInput, InvokeMethod, InvokeOutput, WanApi } from '../../../shared/contract';

// The renderer's only way to main: `window.wan`, filled by the Electron preload or by browser
// mode's HTTP transport (installed before the app renders).

export class BridgeError extends Error {
  constructor(readonly error: ErrorValue) {
    super(error.message);
    this.name = 'BridgeError';
  }
}

export function wanApi(): WanApi {
  return window.wan;
}

/** Calls a contract method; a failure arrives as a BridgeError carrying the error value. */
export async function call<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeOutput<M>> {
  return callWith(window.wan, method, input);
}

/** `call` on a given API object, for code that takes the API as an argument (and its tests). */
export async function callWith<M extends InvokeMethod>(
  api: WanApi,
  method: M,
  input: InvokeInput<M>,
): Promise<InvokeOutput<M>> {
  const result = await api.invoke(method, input);
  if (!result.ok) throw new BridgeError(result.error);
  return result.value;
}
