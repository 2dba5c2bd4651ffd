import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { IconButton } from '../../components/Button';
import { Toaster } from '../../components/Toaster';
import { useLocaleStore, useT } from '../../lib/i18n';
import { DetailPanel } from './DetailPanel';
import { DetailViewer } from './DetailViewer';
import { detailStrings } from './detail-strings';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from './gallery-icons';
import { galleryStore, useGalleryStore } from './gallery-store';
import { displayItemAt } from './image-cache';
import { useZoomPan } from './use-zoom-pan';

// The detail view: a native modal <dialog>, so the page behind is inert and focus stays inside
// without hand-written trapping. ←/→ walk the gallery (pages load as needed), Esc closes.

const close = (): void => galleryStore.getState().close();
const step = (delta: number): void => galleryStore.getState().step(delta);

function OpenDetail({ index }: { index: number }) {
  const t = useT(detailStrings);
  const locale = useLocaleStore((s) => s.locale);
  const number = new Intl.NumberFormat(locale);
  const total = useGalleryStore((s) => s.total) ?? 0;
  const item = useGalleryStore((s) => displayItemAt(s.cache, index));
  const ref = useRef<HTMLDialogElement>(null);
  const zoomPan = useZoomPan(item?.id ?? '', item?.width ?? 1, item?.height ?? 1);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal would focus "Previous", where Enter walks back by surprise; Close is the safe start.
    dialog?.querySelector<HTMLElement>('[data-testid="detail-close"]')?.focus();
    return () => dialog?.close();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Typing a tag: "1", "-" and the arrows belong to the text field, not to zoom and paging.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => step(-1),
      ArrowRight: () => step(1),
      '+': zoomPan.zoomIn,
      '=': zoomPan.zoomIn,
      '-': zoomPan.zoomOut,
      '0': zoomPan.fit,
      '1': () => zoomPan.actualSize(),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  return (
    <dialog
      ref={ref}
      className="detail-dialog"
      data-testid="detail"
      data-image-id={item?.id}
      aria-modal="true"
      aria-labelledby="detail-title"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <header className="detail-head">
        <h2 id="detail-title" className="visually-hidden">
          {t('dialogLabel')}
        </h2>
        <div className="detail-nav">
          <IconButton
            size="sm"
            icon={<ChevronLeftIcon size={15} />}
            label={t('previous')}
            data-testid="detail-prev"
            aria-keyshortcuts="ArrowLeft"
            disabled={index <= 0}
            onClick={() => step(-1)}
          />
          <span className="detail-position" data-testid="detail-position">
            {t('position', { k: number.format(index + 1), n: number.format(total) })}
          </span>
          <IconButton
            size="sm"
            icon={<ChevronRightIcon size={15} />}
            label={t('next')}
            data-testid="detail-next"
            aria-keyshortcuts="ArrowRight"
            disabled={index >= total - 1}
            onClick={() => step(1)}
          />
        </div>
        <IconButton
          size="sm"
          icon={<CloseIcon size={15} />}
          label={t('close')}
          data-testid="detail-close"
          aria-keyshortcuts="Escape"
          onClick={close}
        />
      </header>
      <div className="detail-body">
        <DetailViewer item={item} zoomPan={zoomPan} />
        {item ? <DetailPanel item={item} /> : <aside className="detail-panel" aria-busy="true" />}
      </div>
      {/* The page's toasts sit under the modal's top layer; these show the same messages above it. */}
      <Toaster />
    </dialog>
  );
}

export function DetailDialog() {
  const openIndex = useGalleryStore((s) => s.openIndex);
  return openIndex === null ? null : <OpenDetail index={openIndex} />;
}
