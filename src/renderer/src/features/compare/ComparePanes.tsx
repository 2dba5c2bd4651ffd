import { useLayoutEffect, useRef, useState, type CSSProperties, type PointerEvent } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { useT } from '../../lib/i18n';
import { compareStrings } from './compare-strings';
import { livePanes, useCompareStore } from './compare-store';
import { drawnSize, panLocked, wheelLocked, type LockedTransform, type Pane } from './locked-transform';
import { SplitDivider } from './SplitDivider';
import { usePaneSizes } from './use-pane-sizes';

// The images, side by side or (two of them) one over the other with a split. Every pane draws
// its image under the one shared transform; a wheel or a drag anywhere changes it for all.

export const LETTERS = ['A', 'B', 'C', 'D'] as const;

function placement(transform: LockedTransform, pane: Pane): CSSProperties {
  const drawn = drawnSize(transform, pane);
  return {
    width: drawn.width,
    height: drawn.height,
    transform: `translate(calc(-50% + ${transform.x}px), calc(-50% + ${transform.y}px))`,
  };
}

/** Image B shows right of the divider: the divider's place in the frame, as an inset of B's own box. */
function splitClip(transform: LockedTransform, pane: Pane, split: number): CSSProperties {
  const drawn = drawnSize(transform, pane);
  const left = pane.viewport.width / 2 - drawn.width / 2 + transform.x;
  const inset = Math.max(0, (split / 100) * pane.viewport.width - left);
  return { clipPath: `inset(0 0 0 ${inset}px)` };
}

function CompareImage({
  item,
  pane,
  letter,
  style,
}: {
  item: ImageView;
  pane: Pane;
  letter: string;
  style?: CSSProperties;
}) {
  const t = useT(compareStrings);
  const transform = useCompareStore((s) => s.transform);
  const [isMissing, setMissing] = useState(false);
  if (isMissing)
    return (
      <p className="compare-missing" role="status">
        {t('imageMissing')}
      </p>
    );
  return (
    <img
      className="compare-image"
      data-testid="compare-image"
      data-scale={transform.scale.toFixed(4)}
      data-x={transform.x.toFixed(1)}
      data-y={transform.y.toFixed(1)}
      src={item.url}
      alt={`${t('paneLabel', { letter })}: ${item.prompt.slice(0, 160)}`}
      draggable={false}
      decoding="async"
      style={{ ...placement(transform, pane), ...style }}
      onError={() => setMissing(true)}
    />
  );
}

export function ComparePanes({ items }: { items: readonly ImageView[] }) {
  const t = useT(compareStrings);
  const layout = useCompareStore((s) => s.layout);
  const split = useCompareStore((s) => s.split);
  const isSplit = layout === 'split' && items.length === 2;
  const frameCount = isSplit ? 1 : items.length;
  const { sizes, refFor } = usePaneSizes(frameCount);
  // In the split both images share the one frame.
  const panes: Pane[] = items.map((item, i) => ({
    image: { width: item.width, height: item.height },
    viewport: sizes[isSplit ? 0 : i] ?? { width: 0, height: 0 },
  }));
  const panesRef = useRef(panes);
  useLayoutEffect(() => {
    panesRef.current = panes;
    livePanes.current = panes;
  });
  const containerRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; pointerId: number } | null>(null);
  const [isDragging, setDragging] = useState(false);
  const transform = useCompareStore((s) => s.transform);
  const isPannable = transform.scale > 1;

  // React's onWheel is passive; a passive listener cannot keep the page from scrolling.
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onWheel = (event: WheelEvent): void => {
      const frame = (event.target as Element | null)?.closest<HTMLElement>('[data-pane]');
      if (!frame) return;
      event.preventDefault();
      const rect = frame.getBoundingClientRect();
      const at = { x: event.clientX - rect.left - rect.width / 2, y: event.clientY - rect.top - rect.height / 2 };
      const store = useCompareStore.getState();
      store.setTransform(wheelLocked(store.transform, event.deltaY, at, panesRef.current));
    };
    container.addEventListener('wheel', onWheel, { passive: false });
    return () => container.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (!isPannable || event.button !== 0) return;
    if ((event.target as Element).closest('[role="slider"]')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    setDragging(true);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const start = drag.current;
    if (!start || start.pointerId !== event.pointerId) return;
    const store = useCompareStore.getState();
    store.setTransform(panLocked(store.transform, event.clientX - start.x, event.clientY - start.y, panes));
    drag.current = { ...start, x: event.clientX, y: event.clientY };
  };
  const endDrag = (): void => {
    drag.current = null;
    setDragging(false);
  };

  const className = [
    'compare-panes',
    isSplit ? 'is-split' : `is-${items.length}`,
    isPannable ? 'is-pannable' : '',
    isDragging ? 'is-dragging' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      ref={containerRef}
      className={className}
      role="group"
      aria-label={t('panes')}
      data-testid="compare-panes"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
    >
      {isSplit ? (
        <div ref={refFor(0)} className="compare-frame" data-pane="0" data-testid="compare-pane">
          <CompareImage item={items[0]!} pane={panes[0]!} letter="A" />
          <CompareImage item={items[1]!} pane={panes[1]!} letter="B" style={splitClip(transform, panes[1]!, split)} />
          <span className="compare-letter is-left" aria-hidden="true">
            A
          </span>
          <span className="compare-letter is-right" aria-hidden="true">
            B
          </span>
          <SplitDivider />
        </div>
      ) : (
        items.map((item, i) => (
          <figure key={item.id} className="compare-cell">
            <div ref={refFor(i)} className="compare-frame" data-pane={i} data-testid="compare-pane">
              <CompareImage item={item} pane={panes[i]!} letter={LETTERS[i]!} />
            </div>
            <figcaption className="compare-caption">
              <strong>{LETTERS[i]}</strong> {item.model} · {item.size} · {item.seed}
            </figcaption>
          </figure>
        ))
      )}
    </div>
  );
}
