import 'sonner/dist/styles.css';
import { useEffect } from 'react';
import { Toaster as SonnerToaster } from 'sonner';
import { defineStrings, useT } from '../lib/i18n';
import { watchToastHold } from './toast-hold';

const strings = defineStrings({
  notifications: { en: 'Notifications', 'zh-CN': '通知' },
});

/**
 * Where toasts appear. The app has one; a modal dialog renders another inside itself, because the
 * page's sits under the modal's top layer. Alt+T moves focus into the toasts (sonner's hotkey),
 * Tab reaches each one's buttons, Escape or Tab past the end returns focus where it was.
 */
export function Toaster() {
  const t = useT(strings);
  useEffect(() => watchToastHold(), []);
  return (
    <SonnerToaster
      position="bottom-right"
      expand
      visibleToasts={4}
      containerAriaLabel={t('notifications')}
      toastOptions={{ unstyled: true, className: 'toast-slot' }}
    />
  );
}
