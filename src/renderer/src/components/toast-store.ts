import { createElement } from 'react';
import { toast } from 'sonner';
import { ToastCard, type ToastAction, type ToastTone } from './ToastCard';

export type { ToastAction, ToastTone } from './ToastCard';
export type ToastOptions = { action?: ToastAction };

// Callable from anywhere (stores, async actions), as before; sonner renders what this hands it.
// Errors stay until dismissed (a person may need to read them twice); the rest go by themselves
// unless pointed at or focused (toast-hold.ts).

export function showToast(tone: ToastTone, text: string, options: ToastOptions = {}): string | number {
  return toast.custom((id) => createElement(ToastCard, { id, tone, text, action: options.action }), {
    // The countdown is ToastCard's; sonner's own would not stop for keyboard focus.
    duration: Infinity,
  });
}

export function dismissToast(id: string | number): void {
  toast.dismiss(id);
}
