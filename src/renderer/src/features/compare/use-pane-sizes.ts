import { useCallback, useEffect, useRef, useState } from 'react';
import type { Size } from '../gallery/zoom-math';

/**
 * The measured size of each pane, followed as the window or layout changes. `refFor(i)` is the
 * ref callback of pane i; a pane not yet measured reads as 0×0.
 */
export function usePaneSizes(count: number): {
  sizes: Size[];
  refFor: (index: number) => (el: HTMLElement | null) => void;
} {
  const elements = useRef<(HTMLElement | null)[]>([]);
  const [sizes, setSizes] = useState<Size[]>(() => Array.from({ length: count }, () => ({ width: 0, height: 0 })));
  const measure = useCallback(() => {
    const next = Array.from({ length: count }, (_, i) => {
      const el = elements.current[i];
      return { width: el?.clientWidth ?? 0, height: el?.clientHeight ?? 0 };
    });
    setSizes((prev) =>
      prev.length === next.length && prev.every((p, i) => p.width === next[i]!.width && p.height === next[i]!.height)
        ? prev
        : next,
    );
  }, [count]);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    observer.current = new ResizeObserver(measure);
    for (const el of elements.current) if (el) observer.current.observe(el);
    measure();
    return () => observer.current?.disconnect();
  }, [measure]);
  // One callback per pane for the hook's life: a new one each render would detach and attach
  // every pane on each commit, measuring half-attached panes and re-rendering without end.
  const callbacks = useRef(new Map<number, (el: HTMLElement | null) => void>());
  const refFor = useCallback((index: number) => {
    let callback = callbacks.current.get(index);
    if (!callback) {
      callback = (el: HTMLElement | null) => {
        const old = elements.current[index];
        if (old === el) return;
        if (old) observer.current?.unobserve(old);
        elements.current[index] = el;
        // The observer reports a newly observed element at once, so it measures then.
        if (el) observer.current?.observe(el);
      };
      callbacks.current.set(index, callback);
    }
    return callback;
  }, []);
  return { sizes, refFor };
}
