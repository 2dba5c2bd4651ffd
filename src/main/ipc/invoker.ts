import { invokeContract, isInvokeMethod, type InvokeMethod, type InvokeResult } from '../../shared/contract';
import { WanError, toWanError } from '../services/wan-error';
import type { HandlerMap } from '../services/app/app-types';

export type Invoker = (method: unknown, input: unknown) => Promise<InvokeResult<InvokeMethod>>;

/**
 * The one door from any transport into the handlers: the method must be in the contract, the
 * input must parse with its schema, and every failure comes back as an error value.
 */
export function createInvoker(handlers: HandlerMap, onUnexpected?: (method: string, err: unknown) => void): Invoker {
  return async (method, input) => {
    if (!isInvokeMethod(method))
      return {
        ok: false,
        error: new WanError('internal', {
          detail: `unknown method ${String(method).slice(0, 60)}`,
          isRetryable: false,
        }).toValue(),
      };
    const parsed = invokeContract[method].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      return {
        ok: false,
        error: new WanError('invalid_request', {
          field,
          detail: `${method}: ${field ?? 'input'} ${issue?.message ?? 'is not valid'}`,
          isRetryable: false,
        }).toValue(),
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) as never };
    } catch (err) {
      const error = toWanError(err);
      if (error.code === 'internal') onUnexpected?.(method, err);
      return { ok: false, error: error.toValue() };
    }
  };
}
