import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { IconButton } from '../../components/Button';
import { Toaster } from '../../components/Toaster';
import { useT } from '../../lib/i18n';
import { useGenerationCache } from '../gallery/detail-actions';
import { CloseIcon, FitIcon, MinusIcon, ZoomInIcon } from '../gallery/gallery-icons';
import { compareStrings } from './compare-strings';
import { livePanes, useCompareStore } from './compare-store';
import { ComparePanes } from './ComparePanes';
import { CompareTable } from './CompareTable';
import { IDENTITY, keyZoom, zoomLocked, LOCKED_STEP } from './locked-transform';
import './compare.css';

// Compare 2–4 images (issue 12): a full-window modal <dialog> over whatever is open (the
// gallery, the detail view), zoom and pan locked together, a split for two, and the parameters
// that differ marked.

const close = (): void => useCompareStore.getState().close();

function OpenCompare({ items }: { items: readonly ImageView[] }) {
  const t = useT(compareStrings);
  const ref = useRef<HTMLDialogElement>(null);
  const layout = useCompareStore((s) => s.layout);
  const setLayout = useCompareStore((s) => s.setLayout);
  const transform = useCompareStore((s) => s.transform);
  const setTransform = useCompareStore((s) => s.setTransform);
  const entries = useGenerationCache((s) => s.entries);
  const ensure = useGenerationCache((s) => s.ensure);
  const generationIds = items.map((i) => i.generationId).join(',');
  useEffect(() => {
    for (const id of generationIds.split(',')) ensure(id);
  }, [ensure, generationIds]);
  const views = items.map((item) => entries.get(item.generationId)?.view ?? null);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('[data-testid="compare-close"]')?.focus();
    return () => dialog?.close();
  }, []);

  const zoom = (factor: number): void => setTransform(zoomLocked(transform, factor, { x: 0, y: 0 }, livePanes.current));
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    const next = keyZoom(event.key, transform, livePanes.current);
    if (!next) return;
    event.preventDefault();
    setTransform(next);
  };
  const pct = Math.round(transform.scale * 100);

  return (
    <dialog
      ref={ref}
      className="compare-dialog"
      data-testid="compare"
      aria-labelledby="compare-title"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <header className="compare-head">
        <h2 id="compare-title" className="compare-title">
          {t('compareTitle', { n: items.length })}
        </h2>
        <p className="compare-keys">{t('keys')}</p>
        <div className="compare-tools">
          {items.length === 2 && (
            <div className="compare-layout" role="group" aria-label={t('layout')}>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                aria-pressed={layout === 'side'}
                data-testid="compare-layout-side"
                onClick={() => setLayout('side')}
              >
                {t('sideBySide')}
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                aria-pressed={layout === 'split'}
                data-testid="compare-layout-split"
                onClick={() => setLayout('split')}
              >
                {t('split')}
              </button>
            </div>
          )}
          <div className="compare-zoom" role="group" aria-label={t('zoomLevel', { pct })}>
            <IconButton
              size="sm"
              icon={<MinusIcon size={14} />}
              label={t('zoomOut')}
              aria-keyshortcuts="-"
              onClick={() => zoom(1 / LOCKED_STEP)}
            />
            <span className="compare-zoom-level" data-testid="compare-zoom-level" aria-hidden="true">
              {pct}%
            </span>
            <IconButton
              size="sm"
              icon={<ZoomInIcon size={14} />}
              label={t('zoomIn')}
              aria-keyshortcuts="+"
              data-testid="compare-zoom-in"
              onClick={() => zoom(LOCKED_STEP)}
            />
            <IconButton
              size="sm"
              icon={<FitIcon size={14} />}
              label={t('zoomFit')}
              aria-keyshortcuts="0"
              isPressed={transform.scale === 1}
              onClick={() => setTransform(IDENTITY)}
            />
          </div>
          <IconButton
            size="sm"
            icon={<CloseIcon size={15} />}
            label={t('close')}
            data-testid="compare-close"
            aria-keyshortcuts="Escape"
            onClick={close}
          />
        </div>
      </header>
      <div className="compare-body">
        <ComparePanes items={items} />
        <CompareTable items={items} views={views} />
      </div>
      <Toaster />
    </dialog>
  );
}

export function CompareDialog() {
  const items = useCompareStore((s) => s.items);
  return items === null ? null : <OpenCompare items={items} />;
}
