import { toast } from 'sonner';
import { defineStrings, useT } from '../lib/i18n';
import { IconButton } from './Button';
import { CloseIcon } from './icons';
import { useAutoDismiss } from './toast-hold';

export type ToastTone = 'info' | 'success' | 'error';
export type ToastAction = { label: string; onClick: () => void; testId?: string };

const strings = defineStrings({
  dismiss: { en: 'Dismiss', 'zh-CN': '关闭' },
});

/** Long enough to read and reach; one with an action (Undo) gets longer. */
const DISMISS_MS = 6000;
const ACTION_DISMISS_MS = 10_000;

type ToastCardProps = { id: string | number; tone: ToastTone; text: string; action?: ToastAction };

/** What sonner shows for `showToast`: our look and words; sonner stacks, animates and announces. */
export function ToastCard({ id, tone, text, action }: ToastCardProps) {
  const t = useT(strings);
  const dismiss = (): void => void toast.dismiss(id);
  useAutoDismiss(tone === 'error' ? null : action ? ACTION_DISMISS_MS : DISMISS_MS, dismiss);
  return (
    <div className={`toast toast-${tone}`} data-testid="toast" data-tone={tone}>
      <p className="toast-text">{text}</p>
      {action && (
        <button
          type="button"
          className="toast-action"
          data-testid={action.testId ?? 'toast-action'}
          onClick={() => {
            dismiss();
            action.onClick();
          }}
        >
          {action.label}
        </button>
      )}
      <IconButton size="sm" icon={<CloseIcon size={14} />} label={t('dismiss')} onClick={dismiss} />
    </div>
  );
}
