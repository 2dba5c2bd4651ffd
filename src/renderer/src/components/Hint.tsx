import { useId, type ReactNode } from 'react';

/** Muted helper text beside or under a control. */
export function Hint({ children, tone = 'muted' }: { children: ReactNode; tone?: 'muted' | 'warning' }) {
  return <p className={`hint hint-${tone}`}>{children}</p>;
}

/**
 * A small "?" that reveals an explanation on hover or keyboard focus. The text is also its
 * description, so a screen reader hears it without hovering.
 */
export function InfoTip({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <span className="infotip">
      <button type="button" className="infotip-trigger" aria-label={label} aria-describedby={id}>
        ?
      </button>
      <span role="tooltip" id={id} className="infotip-bubble">
        {children}
      </span>
    </span>
  );
}
