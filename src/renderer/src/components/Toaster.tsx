import { useEffect } from 'react';
import { defineStrings, useT } from '../lib/i18n';
import { IconButton } from './Button';
import { CloseIcon } from './icons';
import { useToastStore, type Toast } from './toast-store';

const strings = defineStrings({
  dismiss: { en: 'Dismiss', 'zh-CN': '关闭' },
  notifications: { en: 'Notifications', 'zh-CN': '通知' },
});

// Errors stay until dismissed (a person may need to read them twice); the rest fade.
const AUTO_DISMISS_MS = 5000;

function ToastItem({ toast }: { toast: Toast }) {
  const t = useT(strings);
  const dismiss = useToastStore((s) => s.dismiss);
  useEffect(() => {
    if (toast.tone === 'error') return;
    const timer = window.setTimeout(() => dismiss(toast.id), AUTO_DISMISS_MS);
    return () => window.clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <li className={`toast toast-${toast.tone}`} data-testid="toast" data-tone={toast.tone}>
      <p className="toast-text">{toast.text}</p>
      <IconButton size="sm" icon={<CloseIcon size={14} />} label={t('dismiss')} onClick={() => dismiss(toast.id)} />
    </li>
  );
}

export function Toaster() {
  const t = useT(strings);
  const toasts = useToastStore((s) => s.toasts);
  return (
    <section className="toaster" aria-label={t('notifications')} aria-live="polite">
      <ul>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ul>
    </section>
  );
}
