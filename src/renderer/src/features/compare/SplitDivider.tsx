import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useT } from '../../lib/i18n';
import { compareStrings } from './compare-strings';
import { useCompareStore } from './compare-store';
import { splitKey } from './locked-transform';

// The split's divider: dragged with a pointer, or moved with the arrow keys (Shift for big
// steps), Page Up/Down, Home and End, as an ARIA slider.

export function SplitDivider() {
  const t = useT(compareStrings);
  const split = useCompareStore((s) => s.split);
  const setSplit = useCompareStore((s) => s.setSplit);
  const pointer = useRef<number | null>(null);

  const moveTo = (event: PointerEvent<HTMLDivElement>): void => {
    const frame = event.currentTarget.parentElement;
    if (!frame) return;
    const rect = frame.getBoundingClientRect();
    if (rect.width > 0) setSplit(((event.clientX - rect.left) / rect.width) * 100);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const next = splitKey(event.key, split, event.shiftKey);
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    setSplit(next);
  };
  const value = Math.round(split);
  return (
    <div
      className="compare-divider"
      role="slider"
      tabIndex={0}
      aria-label={t('splitDivider')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={t('splitValue', { pct: value })}
      aria-orientation="horizontal"
      data-testid="compare-split"
      style={{ left: `${split}%` }}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.stopPropagation();
        event.currentTarget.setPointerCapture(event.pointerId);
        pointer.current = event.pointerId;
      }}
      onPointerMove={(event) => {
        if (pointer.current === event.pointerId) moveTo(event);
      }}
      onPointerUp={() => (pointer.current = null)}
      onPointerCancel={() => (pointer.current = null)}
    >
      <span className="compare-divider-handle" aria-hidden="true" />
    </div>
  );
}
