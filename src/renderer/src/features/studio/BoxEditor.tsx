import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlusIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import {
  HANDLES,
  boxAfterKey,
  boxFromDrag,
  centredBox,
  maxBoxes,
  moveBox,
  resizeBox,
  scaleOf,
  toDisplayRect,
  toImagePoint,
  type EditBox,
  type Handle,
  type Point,
} from './box-geometry';
import { referenceStrings } from './reference-strings';
import { useStudioStore } from './studio-store';

// Draw, move, resize and delete edit boxes on one reference. The image is shown scaled to fit;
// every pointer position is converted to the image's own pixels (box-geometry.ts), which is what
// the request carries. Each box is a focusable button, so the keyboard can do all of it.

type Gesture =
  | { kind: 'draw'; start: Point; origin: Point }
  | { kind: 'move'; box: number; origin: Point; start: EditBox }
  | { kind: 'resize'; box: number; handle: Handle; origin: Point; start: EditBox };

/** Pointer travel (display pixels) below which a press is a click, not a drawn box. */
const CLICK_SLOP = 4;

export function BoxEditor({ index, onClose }: { index: number; onClose: () => void }) {
  const t = useT(referenceStrings);
  const reference = useStudioStore((s) => s.references[index]);
  const setBoxes = useStudioStore((s) => s.setBoxes);
  const imgRef = useRef<HTMLImageElement>(null);
  const boxRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const gesture = useRef<Gesture | null>(null);
  const [displayWidth, setDisplayWidth] = useState(0);
  const [draft, setDraft] = useState<EditBox | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    const img = imgRef.current;
    if (!img) return;
    const observer = new ResizeObserver(() => setDisplayWidth(img.clientWidth));
    observer.observe(img);
    return () => observer.disconnect();
  }, []);

  if (!reference) return null;
  const image = { width: reference.input.width, height: reference.input.height };
  const boxes = reference.boxes;
  const scale = scaleOf(image, displayWidth);
  const isFull = boxes.length >= maxBoxes();
  const n = index + 1;

  const commit = (next: EditBox[]): void => setBoxes(index, next);
  const replace = (k: number, box: EditBox): void => commit(boxes.map((b, i) => (i === k ? box : b)));
  const remove = (k: number): void => {
    commit(boxes.filter((_, i) => i !== k));
    setSelected(null);
  };
  const addCentred = (): void => {
    if (isFull) return;
    commit([...boxes, centredBox(image)]);
    setSelected(boxes.length);
    requestAnimationFrame(() => boxRefs.current[boxes.length]?.focus());
  };

  const pointOf = (e: PointerEvent<HTMLElement>): Point => {
    const rect = imgRef.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const begin = (e: PointerEvent<HTMLElement>, next: Gesture): void => {
    e.preventDefault();
    e.stopPropagation();
    imgRef.current?.parentElement?.setPointerCapture(e.pointerId);
    gesture.current = next;
  };

  const onStageDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0 || isFull) return;
    const origin = pointOf(e);
    begin(e, { kind: 'draw', origin, start: toImagePoint(origin, scale, image) });
    setSelected(null);
  };

  const onMove = (e: PointerEvent<HTMLDivElement>): void => {
    const g = gesture.current;
    if (!g) return;
    const at = pointOf(e);
    if (g.kind === 'draw') {
      const travel = Math.hypot(at.x - g.origin.x, at.y - g.origin.y);
      setDraft(travel < CLICK_SLOP ? null : boxFromDrag(g.start, toImagePoint(at, scale, image), image));
      return;
    }
    const dx = (at.x - g.origin.x) / scale;
    const dy = (at.y - g.origin.y) / scale;
    replace(g.box, g.kind === 'move' ? moveBox(g.start, dx, dy, image) : resizeBox(g.start, g.handle, dx, dy, image));
  };

  const onUp = (): void => {
    const g = gesture.current;
    gesture.current = null;
    if (g?.kind === 'draw' && draft) {
      commit([...boxes, draft]);
      setSelected(boxes.length);
    }
    setDraft(null);
  };

  const onBoxKey = (e: KeyboardEvent<HTMLButtonElement>, k: number): void => {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      remove(k);
      return;
    }
    const next = boxAfterKey(boxes[k]!, e, image);
    if (!next) return;
    e.preventDefault();
    replace(k, next);
  };

  const describe = (box: EditBox, k: number): string =>
    t('boxLabel', { k: k + 1, x1: box[0], y1: box[1], x2: box[2], y2: box[3], w: box[2] - box[0], h: box[3] - box[1] });

  return (
    <Dialog
      isOpen
      title={t('boxesTitle', { n })}
      onClose={onClose}
      testId="box-editor"
      className="box-dialog"
      footer={
        <>
          <Button icon={<PlusIcon size={14} />} disabled={isFull} data-testid="box-add" onClick={addCentred}>
            {t('addBox')}
          </Button>
          <span className="box-dialog-spacer" />
          <Button variant="primary" data-testid="box-done" onClick={onClose}>
            {t('done')}
          </Button>
        </>
      }
    >
      <p className="field-hint">{t('boxesHelp', { max: maxBoxes() })}</p>
      <div
        className={isFull ? 'box-stage is-full' : 'box-stage'}
        data-testid="box-stage"
        role="group"
        aria-label={t('boxesCanvas', { n, w: image.width, h: image.height })}
        onPointerDown={onStageDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      >
        <img ref={imgRef} src={reference.input.url} alt="" draggable={false} className="box-stage-img" />
        {boxes.map((box, k) => (
          <button
            key={k}
            ref={(el) => {
              boxRefs.current[k] = el;
            }}
            type="button"
            className={selected === k ? 'edit-box is-selected' : 'edit-box'}
            style={toDisplayRect(box, scale)}
            data-testid="edit-box"
            data-box={box.join(',')}
            aria-label={describe(box, k)}
            aria-pressed={selected === k}
            aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Shift+ArrowRight Shift+ArrowDown Delete"
            onFocus={() => setSelected(k)}
            onKeyDown={(e) => onBoxKey(e, k)}
            onPointerDown={(e) => {
              setSelected(k);
              begin(e, { kind: 'move', box: k, origin: pointOf(e), start: box });
            }}
          >
            <span className="edit-box-tag" aria-hidden="true">
              {k + 1}
            </span>
            {selected === k &&
              HANDLES.map((handle) => (
                <span
                  key={handle}
                  className={`edit-box-handle is-${handle}`}
                  aria-hidden="true"
                  onPointerDown={(e) => begin(e, { kind: 'resize', box: k, handle, origin: pointOf(e), start: box })}
                />
              ))}
          </button>
        ))}
        {draft && <div className="edit-box is-draft" style={toDisplayRect(draft, scale)} aria-hidden="true" />}
      </div>
      <ul className="box-list" aria-live="polite">
        {boxes.map((box, k) => (
          <li key={k} data-testid="box-list-item">
            <span className="mono">{describe(box, k)}</span>
            <Button size="sm" variant="ghost" className="btn-danger-text" onClick={() => remove(k)}>
              {t('deleteBox', { k: k + 1 })}
            </Button>
          </li>
        ))}
      </ul>
      {isFull && <p className="field-hint">{t('boxesFull', { max: maxBoxes() })}</p>}
    </Dialog>
  );
}
