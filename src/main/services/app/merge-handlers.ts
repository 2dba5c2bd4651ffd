import type { HandlerMap } from './app-types';

// Handlers are grouped by contract domain, one module each; this puts them together. Two modules
// answering the same method would let the later one win silently, so it refuses at startup.

type Part = Partial<HandlerMap>;

/** Every key of every part: the merged map has exactly these methods. */
type Merged<Parts extends readonly Part[]> = Parts extends readonly [infer Head, ...infer Rest extends readonly Part[]]
  ? Head & Merged<Rest>
  : unknown;

/** Merges handler groups; throws when two groups define the same method. */
export function mergeHandlers<Parts extends readonly Part[]>(...parts: Parts): Merged<Parts> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [method, handler] of Object.entries(part)) {
      if (method in merged) throw new Error(`two handler groups define "${method}"`);
      merged[method] = handler;
    }
  }
  return merged as Merged<Parts>;
}
