import { useEffect, useRef } from 'react';
import { create } from 'zustand';

// Toasts wait while a person is looking at them: the pointer over any toast, or keyboard focus
// inside the toaster (Alt+T, then Tab to Undo). sonner pauses on hover only, so every toast is
// handed to it without a time limit and the countdown lives here, for pointer and focus alike.

type HoldState = { isPointerIn: boolean; isFocusIn: boolean };

export const useToastHold = create<HoldState>(() => ({ isPointerIn: false, isFocusIn: false }));

const inToaster = (target: EventTarget | null): boolean =>
  target instanceof Element && target.closest('[data-sonner-toaster]') !== null;

/** Follows pointer and focus across the document; returns the function that stops it. */
export function watchToastHold(doc: Document = document): () => void {
  const set = useToastHold.setState;
  const onPointerOver = (e: Event): void => set({ isPointerIn: inToaster(e.target) });
  const onPointerLeaveWindow = (e: PointerEvent): void => {
    if (e.relatedTarget === null) set({ isPointerIn: false });
  };
  const onFocusIn = (e: FocusEvent): void => set({ isFocusIn: inToaster(e.target) });
  const onFocusOut = (e: FocusEvent): void => set({ isFocusIn: inToaster(e.relatedTarget) });
  doc.addEventListener('pointerover', onPointerOver);
  doc.addEventListener('pointerout', onPointerLeaveWindow);
  doc.addEventListener('focusin', onFocusIn);
  doc.addEventListener('focusout', onFocusOut);
  return () => {
    doc.removeEventListener('pointerover', onPointerOver);
    doc.removeEventListener('pointerout', onPointerLeaveWindow);
    doc.removeEventListener('focusin', onFocusIn);
    doc.removeEventListener('focusout', onFocusOut);
  };
}

/** Calls `onExpire` after `ms` of time not held; null never expires (errors stay until dismissed). */
export function useAutoDismiss(ms: number | null, onExpire: () => void): void {
  const isHeld = useToastHold((s) => s.isPointerIn || s.isFocusIn);
  const remaining = useRef(ms ?? 0);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  });
  useEffect(() => {
    if (ms === null || isHeld) return;
    const startedAt = Date.now();
    const timer = window.setTimeout(() => expire.current(), Math.max(0, remaining.current));
    return () => {
      window.clearTimeout(timer);
      remaining.current -= Date.now() - startedAt;
    };
  }, [ms, isHeld]);
}
