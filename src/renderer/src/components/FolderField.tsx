import { useRef, useState } from 'react';
import type { InvokeInput } from '../../../shared/contract';
import { describeError } from '../../../shared/errors';
import { toErrorValue } from '../app/app-store';
import { defineStrings, useLocaleStore, useT } from '../lib/i18n';
import { call } from '../lib/wan';
import { Button } from './Button';
import { Field } from './Field';
import './folder-field.css';

// A folder on this machine: "Choose folder…" opens the system dialog in the desktop app; browser
// mode has none (`app.pickFolder` answers null), so the path field beside it is always there to
// type or paste into — the same field shows what the dialog picked.

const strings = defineStrings({
  choose: { en: 'Choose folder…', 'zh-CN': '选择文件夹…' },
  placeholder: { en: 'Full path, e.g. /Users/me/Pictures/Wan', 'zh-CN': '完整路径,例如 /Users/me/Pictures/Wan' },
  noDialog: {
    en: 'No folder dialog here — type or paste the folder’s full path.',
    'zh-CN': '此处无法打开文件夹对话框——请输入或粘贴文件夹的完整路径。',
  },
  pickFailed: { en: 'The folder dialog did not open: {reason}', 'zh-CN': '无法打开文件夹对话框:{reason}' },
});

type FolderFieldProps = {
  label: string;
  purpose: InvokeInput<'app.pickFolder'>['purpose'];
  value: string;
  onChange: (folder: string) => void;
  hint?: string;
  error?: string;
  testId: string;
  isDisabled?: boolean;
};

export function FolderField({ label, purpose, value, onChange, hint, error, testId, isDisabled }: FolderFieldProps) {
  const t = useT(strings);
  const locale = useLocaleStore((s) => s.locale);
  const inputRef = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const [isPicking, setIsPicking] = useState(false);

  const pick = async (): Promise<void> => {
    setIsPicking(true);
    try {
      const { folder } = await call('app.pickFolder', { purpose });
      if (folder) {
        setNote(null);
        onChange(folder);
      } else {
        // Browser mode (or a dialog closed without a choice): the field is the way in.
        setNote(t('noDialog'));
        inputRef.current?.focus();
      }
    } catch (err) {
      setNote(t('pickFailed', { reason: describeError(toErrorValue(err), locale) }));
      inputRef.current?.focus();
    } finally {
      setIsPicking(false);
    }
  };

  return (
    <Field label={label} hint={note ?? hint} error={error} testId={testId}>
      {(control) => (
        <div className="folder-field">
          <input
            {...control}
            ref={inputRef}
            className="input mono"
            data-testid={`${testId}-path`}
            placeholder={t('placeholder')}
            value={value}
            spellCheck={false}
            autoComplete="off"
            disabled={isDisabled}
            onChange={(e) => onChange(e.target.value)}
          />
          <Button
            size="sm"
            data-testid={`${testId}-choose`}
            disabled={isDisabled || isPicking}
            onClick={() => void pick()}
          >
            {t('choose')}
          </Button>
        </div>
      )}
    </Field>
  );
}
