import { create } from 'zustand';

export type ToastTone = 'info' | 'success' | 'error';
export type Toast = { id: number; tone: ToastTone; text: string };

type ToastState = {
  toasts: Toast[];
  push: (tone: ToastTone, text: string) => number;
  dismiss: (id: number) => void;
};

const MAX_VISIBLE = 4;
let nextId = 1;

// Callable outside React (`useToastStore.getState().push(...)`) so stores and async actions can report.
export const useToastStore = create<ToastState>((set) => ({
  toasts: [],
  push: (tone, text) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, tone, text }].slice(-MAX_VISIBLE) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export function showToast(tone: ToastTone, text: string): number {
  return useToastStore.getState().push(tone, text);
}
