import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { promptStrings } from './strings';

// A name field with Save and Cancel, for saving a prompt or a preset; extra fields go in `children`.

export function NameForm({
  testId,
  onSave,
  onCancel,
  children,
}: {
  testId: string;
  onSave: (name: string) => void | Promise<unknown>;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const t = useT(promptStrings);
  const [name, setName] = useState('');
  return (
    <form
      className="prompt-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) void onSave(name.trim());
      }}
    >
      <label className="prompt-field">
        <span className="field-label">{t('name')}</span>
        <input
          className="input"
          data-testid={testId}
          value={name}
          maxLength={80}
          autoFocus
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {children}
      <div className="prompt-item-actions">
        <Button size="sm" type="submit" variant="primary" disabled={name.trim() === ''} data-testid={`${testId}-save`}>
          {t('save')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
