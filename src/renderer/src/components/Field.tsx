import { useId, type ReactNode } from 'react';

export type ControlProps = {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
};

type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Extra content on the label's line (a counter, a small action). */
  aside?: ReactNode;
  testId?: string;
  className?: string;
  /** Receives the ids that tie the control to its label, hint and error. */
  children: (control: ControlProps) => ReactNode;
};

export function Field({ label, hint, error, aside, testId, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')} data-testid={testId}>
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {aside}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      {hint && !error && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A group of related controls under one caption (radio groups, chip sets). */
export function FieldSet({
  legend,
  hint,
  error,
  className,
  testId,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={['field', 'fieldset', className].filter(Boolean).join(' ')} data-testid={testId}>
      <legend className="field-label">{legend}</legend>
      {children}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {hint && !error && <p className="field-hint">{hint}</p>}
    </fieldset>
  );
}
