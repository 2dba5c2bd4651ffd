import type { SelectHTMLAttributes } from 'react';

export type SelectOption = { value: string; label: string; isDisabled?: boolean };

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
  options: readonly SelectOption[];
  onValueChange: (value: string) => void;
};

/** A native select (keyboard and screen readers work as the OS expects), styled to the theme. */
export function Select({ options, onValueChange, className, ...rest }: SelectProps) {
  return (
    <div className={['select', className].filter(Boolean).join(' ')}>
      <select onChange={(e) => onValueChange(e.target.value)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.isDisabled}>
            {o.label}
          </option>
        ))}
      </select>
      <svg className="select-chevron" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M3 4.5l3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    </div>
  );
}
