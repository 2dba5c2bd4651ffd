import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';

type DialogProps = {
  isOpen: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  /** A modifier class for a wider or differently laid out dialog. */
  className?: string;
};

/**
 * The native <dialog> in modal mode: focus trapping, Escape and the inert background come from
 * the browser instead of hand-written code.
 */
export function Dialog({ isOpen, title, onClose, children, footer, testId, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const isScrollable = useIsScrollable(bodyRef, isOpen);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-head">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
      </header>
      {/* A body that scrolls can be reached and scrolled from the keyboard, even with no control in it. */}
      <div ref={bodyRef} className="dialog-body" tabIndex={isScrollable ? 0 : undefined}>
        {children}
      </div>
      {footer && <footer className="dialog-foot">{footer}</footer>}
    </dialog>
  );
}

/** Whether the element's content is taller than the element, followed as either changes size. */
function useIsScrollable(ref: RefObject<HTMLElement | null>, isActive: boolean): boolean {
  const [isScrollable, setScrollable] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || !isActive) return;
    const measure = (): void => setScrollable(element.scrollHeight > element.clientHeight + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, [ref, isActive]);
  return isScrollable;
}
