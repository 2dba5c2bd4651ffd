import { useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { IconButton } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { detailStrings } from './detail-strings';
import { FitIcon, MinusIcon, ZoomInIcon } from './gallery-icons';
import type { ZoomPan } from './use-zoom-pan';

// The full image: fit, 100 %, wheel or buttons to zoom, drag to pan once it overflows,
// double-click to flip between fit and 100 % at the pointer.

type LoadState = { id: string; status: 'loaded' | 'error' };

export function DetailViewer({ item, zoomPan }: { item: ImageView | undefined; zoomPan: ZoomPan }) {
  const t = useT(detailStrings);
  const { frameRef, zoom, isPannable } = zoomPan;
  const [load, setLoad] = useState<LoadState | null>(null);
  const status = item && load?.id === item.id ? load.status : 'loading';
  const drag = useRef<{ x: number; y: number; pointerId: number } | null>(null);
  const [isDragging, setIsDragging] = useState(false);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (!isPannable || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    setIsDragging(true);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const start = drag.current;
    if (!start || start.pointerId !== event.pointerId) return;
    zoomPan.pan(event.clientX - start.x, event.clientY - start.y);
    drag.current = { ...start, x: event.clientX, y: event.clientY };
  };
  const endDrag = (): void => {
    drag.current = null;
    setIsDragging(false);
  };
  const onDoubleClick = (event: MouseEvent<HTMLDivElement>): void => {
    if (!zoom.isFit) return zoomPan.fit();
    const rect = event.currentTarget.getBoundingClientRect();
    zoomPan.actualSize({
      x: event.clientX - rect.left - rect.width / 2,
      y: event.clientY - rect.top - rect.height / 2,
    });
  };

  const width = (item?.width ?? 0) * zoom.scale;
  const height = (item?.height ?? 0) * zoom.scale;
  const placement = {
    width,
    height,
    transform: `translate(calc(-50% + ${zoom.x}px), calc(-50% + ${zoom.y}px))`,
  };
  const frameClass = ['detail-frame', isPannable ? 'is-pannable' : '', isDragging ? 'is-dragging' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <section className="detail-viewer" aria-label={t('dialogLabel')}>
      <div
        ref={frameRef}
        className={frameClass}
        data-testid="detail-image-frame"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onDoubleClick={onDoubleClick}
      >
        {!item && <p className="detail-missing">{t('imageLoading')}</p>}
        {item && status === 'loading' && item.thumbUrl && (
          <img
            className="detail-image is-preview"
            src={item.thumbUrl}
            alt=""
            style={placement}
            draggable={false}
            onError={(e) => (e.currentTarget.style.visibility = 'hidden')}
          />
        )}
        {item && status !== 'error' && (
          <img
            key={item.id}
            className="detail-image"
            data-testid="detail-image"
            src={item.url}
            alt={item.prompt.slice(0, 200)}
            style={placement}
            draggable={false}
            decoding="async"
            onLoad={() => setLoad({ id: item.id, status: 'loaded' })}
            onError={() => setLoad({ id: item.id, status: 'error' })}
          />
        )}
        {status === 'error' && (
          <p className="detail-missing" role="status">
            {t('imageMissing')}
          </p>
        )}
      </div>
      <div className="detail-zoom" role="group" aria-label={t('zoomLevel', { pct: Math.round(zoom.scale * 100) })}>
        <IconButton size="sm" icon={<MinusIcon size={14} />} label={t('zoomOut')} onClick={zoomPan.zoomOut} />
        <span className="detail-zoom-level" aria-hidden="true">
          {Math.round(zoom.scale * 100)}%
        </span>
        <IconButton size="sm" icon={<ZoomInIcon size={14} />} label={t('zoomIn')} onClick={zoomPan.zoomIn} />
        <IconButton
          size="sm"
          icon={<FitIcon size={14} />}
          label={t('zoomFit')}
          isPressed={zoom.isFit}
          onClick={zoomPan.fit}
        />
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label={t('zoomActual')}
          title={t('zoomActual')}
          aria-pressed={!zoom.isFit && Math.abs(zoom.scale - 1) < 0.001}
          onClick={() => zoomPan.actualSize()}
        >
          1:1
        </button>
      </div>
    </section>
  );
}
