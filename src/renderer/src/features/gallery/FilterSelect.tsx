import type { SelectHTMLAttributes } from 'react';

/** The shared `.select` look, with room for option groups. */
export function FilterSelect(props: SelectHTMLAttributes<HTMLSelectElement> & { 'data-testid': string }) {
  return (
    <div className="select">
      <select {...props} />
      <svg className="select-chevron" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M3 4.5l3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    </div>
  );
}
