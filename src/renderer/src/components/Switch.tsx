import { useId, type ReactNode } from 'react';

type SwitchProps = {
  label: ReactNode;
  isOn: boolean;
  onChange: (isOn: boolean) => void;
  /** One line under the label: what the option does. */
  description?: ReactNode;
  /** When set, the switch is disabled and this says why (visible, not only a tooltip). */
  disabledReason?: string | undefined;
  testId?: string;
};

export function Switch({ label, isOn, onChange, description, disabledReason, testId }: SwitchProps) {
  const id = useId();
  const isDisabled = disabledReason !== undefined;
  const noteId = `${id}-note`;
  const note = disabledReason ?? description;
  return (
    <div className={['switch-row', isDisabled ? 'is-disabled' : ''].join(' ')}>
      <div className="switch-text">
        <label htmlFor={id} className="switch-label">
          {label}
        </label>
        {note && (
          <p id={noteId} className={isDisabled ? 'switch-note is-reason' : 'switch-note'}>
            {note}
          </p>
        )}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        className="switch"
        aria-checked={isOn}
        aria-describedby={note ? noteId : undefined}
        disabled={isDisabled}
        title={disabledReason}
        data-testid={testId}
        onClick={() => onChange(!isOn)}
      >
        <span className="switch-thumb" />
      </button>
    </div>
  );
}
