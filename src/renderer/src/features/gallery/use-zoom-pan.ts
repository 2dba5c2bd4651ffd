import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { canPan, fitZoom, panBy, wheelFactor, zoomAt, ZOOM_STEP, type Point, type Size, type Zoom } from './zoom-math';

const FIT_MARGIN = 24;

export type ZoomPan = {
  frameRef: RefObject<HTMLDivElement | null>;
  zoom: Zoom;
  viewport: Size;
  isPannable: boolean;
  zoomIn: () => void;
  zoomOut: () => void;
  fit: () => void;
  actualSize: (at?: Point) => void;
  pan: (dx: number, dy: number) => void;
};

/**
 * Zoom state for one image. A new `imageKey` starts again at "fit" (derived during render rather
 * than reset in an effect, so the first frame of the next image is already right).
 */
export function useZoomPan(imageKey: string, width: number, height: number): ZoomPan {
  const image = useMemo<Size>(() => ({ width, height }), [width, height]);
  const frameRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [manual, setManual] = useState<{ key: string; zoom: Zoom } | null>(null);
  // Fit leaves a margin so the image does not touch the window's edges.
  const fitted = fitZoom(image, {
    width: Math.max(1, viewport.width - FIT_MARGIN * 2),
    height: Math.max(1, viewport.height - FIT_MARGIN * 2),
  });
  const zoom = manual && manual.key === imageKey && !manual.zoom.isFit ? manual.zoom : fitted;
  const zoomRef = useRef(zoom);
  useLayoutEffect(() => {
    zoomRef.current = zoom;
  });

  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const measure = (): void =>
      setViewport((prev) =>
        prev.width === frame.clientWidth && prev.height === frame.clientHeight
          ? prev
          : { width: frame.clientWidth, height: frame.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);

  const update = useCallback(
    (change: (current: Zoom) => Zoom) => setManual({ key: imageKey, zoom: change(zoomRef.current) }),
    [imageKey],
  );

  // React's onWheel is passive, and a passive listener cannot stop the page from scrolling.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = frame.getBoundingClientRect();
      const at = { x: event.clientX - rect.left - rect.width / 2, y: event.clientY - rect.top - rect.height / 2 };
      update((z) => zoomAt(z, wheelFactor(event.deltaY), at, image, viewport));
    };
    frame.addEventListener('wheel', onWheel, { passive: false });
    return () => frame.removeEventListener('wheel', onWheel);
  }, [update, image, viewport]);

  const center = { x: 0, y: 0 };
  return {
    frameRef,
    zoom,
    viewport,
    isPannable: canPan(zoom, image, viewport),
    zoomIn: () => update((z) => zoomAt(z, ZOOM_STEP, center, image, viewport)),
    zoomOut: () => update((z) => zoomAt(z, 1 / ZOOM_STEP, center, image, viewport)),
    fit: () => setManual(null),
    actualSize: (at = center) => update((z) => zoomAt(z, 1 / z.scale, at, image, viewport)),
    pan: (dx, dy) => update((z) => panBy(z, dx, dy, image, viewport)),
  };
}
