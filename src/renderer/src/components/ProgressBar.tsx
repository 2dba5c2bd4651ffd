import './progress-bar.css';

/** A determinate bar (0–1), or an indeterminate one while the total is not known yet. */
export function ProgressBar({ value, label, isSmall }: { value: number | null; label?: string; isSmall?: boolean }) {
  const percent = value === null ? 0 : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress-bar${isSmall ? ' is-small' : ''}`}
      role={label ? 'progressbar' : undefined}
      aria-hidden={label ? undefined : true}
      aria-label={label}
      aria-valuemin={label ? 0 : undefined}
      aria-valuemax={label ? 100 : undefined}
      aria-valuenow={label && value !== null ? percent : undefined}
    >
      <span className="progress-bar-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
