import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { MODE_RULES, REFERENCE_LIMITS } from '../../../../shared/capabilities';
import { Button } from '../../components/Button';
import { CloseIcon, PlusIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { BoxEditor } from './BoxEditor';
import { referenceStrings } from './reference-strings';
import { addFiles, useReferenceAdds } from './references-actions';
import { formModeOf, type StudioReference } from './studio-form';
import { useStudioStore } from './studio-store';

// The ordered reference strip: "image 1", "image 2"… as the prompt calls them. Reorder by dragging
// a thumbnail or with Alt + ←/→ on it; remove with its × or Delete. Files and library images are
// dropped on the studio as a whole (StudioPage), not only here.

const REORDER_TYPE = 'application/x-wan-reference-index';
const ACCEPT = 'image/png,image/jpeg,image/webp,image/bmp,.png,.jpg,.jpeg,.webp,.bmp';

type ThumbProps = {
  reference: StudioReference;
  index: number;
  total: number;
  allowsBoxes: boolean;
  onEditBoxes: () => void;
};

function ReferenceThumb({ reference, index, total, allowsBoxes, onEditBoxes }: ThumbProps) {
  const t = useT(referenceStrings);
  const move = useStudioStore((s) => s.moveReference);
  const remove = useStudioStore((s) => s.removeReference);
  const [isOver, setIsOver] = useState(false);
  const n = index + 1;
  const { width, height, note, url } = reference.input;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return;
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (e.altKey && step !== 0) {
      e.preventDefault();
      const to = Math.min(Math.max(index + step, 0), total - 1);
      move(index, to);
      // The thumbnail re-renders at its new place; keep the focus on it there.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-testid="reference"][data-index="${to}"]`)?.focus(),
      );
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      remove(index);
    }
  };
  const onDrop = (e: DragEvent<HTMLLIElement>): void => {
    const from = e.dataTransfer.getData(REORDER_TYPE);
    setIsOver(false);
    if (from === '') return;
    e.preventDefault();
    e.stopPropagation();
    move(Number(from), index);
  };

  return (
    <li
      className={isOver ? 'reference is-over' : 'reference'}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(REORDER_TYPE, String(index));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes(REORDER_TYPE)) return;
        e.preventDefault();
        setIsOver(true);
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={onDrop}
    >
      <div
        className="reference-thumb"
        role="img"
        tabIndex={0}
        data-testid="reference"
        data-index={index}
        data-sha256={reference.input.sha256}
        aria-label={t('referenceLabel', { n, total, w: width, h: height })}
        aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight Delete"
        onKeyDown={onKeyDown}
      >
        <img src={url} alt="" draggable={false} />
        {reference.boxes.length > 0 && (
          <span
            className={allowsBoxes ? 'reference-boxes' : 'reference-boxes is-off'}
            data-testid="reference-box-count"
          >
            {t('boxCount', { n: reference.boxes.length })}
          </span>
        )}
      </div>
      <div className="reference-bar">
        <span className="reference-name">{t('imageN', { n })}</span>
        <button
          type="button"
          className="reference-icon"
          aria-label={t('remove', { n })}
          title={t('remove', { n })}
          data-testid="reference-remove"
          onClick={() => remove(index)}
        >
          <CloseIcon size={12} />
        </button>
      </div>
      <Button
        size="sm"
        variant="ghost"
        className="reference-edit"
        data-testid="reference-boxes"
        disabled={!allowsBoxes}
        title={allowsBoxes ? undefined : t('boxesOff')}
        onClick={onEditBoxes}
      >
        {t('editBoxes', { n })}
      </Button>
      {note && (
        <p className="reference-note" data-testid="reference-note">
          {note}
        </p>
      )}
    </li>
  );
}

export function ReferenceStrip({ error }: { error: string | undefined }) {
  const t = useT(referenceStrings);
  const references = useStudioStore((s) => s.references);
  const isSequential = useStudioStore((s) => s.isSequential);
  const pending = useReferenceAdds((s) => s.pending);
  const refusals = useReferenceAdds((s) => s.refusals);
  const dismiss = useReferenceAdds((s) => s.dismiss);
  const fileInput = useRef<HTMLInputElement>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const rule = MODE_RULES[formModeOf({ isSequential, references })];
  const max = REFERENCE_LIMITS.maxImages;
  const isFull = references.length >= max;
  const hasBoxes = references.some((r) => r.boxes.length > 0);

  return (
    <section className="field references" aria-labelledby="references-title" data-testid="references">
      <div className="field-head">
        <h2 id="references-title" className="field-label">
          {t('references')}
        </h2>
        <span className="char-count" data-testid="references-count">
          {t('referencesCount', { n: references.length, max })}
        </span>
      </div>
      <ol className="reference-strip" aria-labelledby="references-title">
        {references.map((reference, index) => (
          <ReferenceThumb
            key={reference.input.sha256}
            reference={reference}
            index={index}
            total={references.length}
            allowsBoxes={rule.allowsBoxes}
            onEditBoxes={() => setEditing(index)}
          />
        ))}
        {pending > 0 && (
          <li className="reference is-pending" aria-live="polite">
            <div className="reference-thumb">{t('adding', { n: pending })}</div>
          </li>
        )}
        <li className="reference is-add">
          <button
            type="button"
            className="reference-add"
            data-testid="reference-add"
            disabled={isFull}
            title={isFull ? t('stripFull', { max }) : undefined}
            onClick={() => fileInput.current?.click()}
          >
            <PlusIcon size={18} />
            <span>{t('addFiles')}</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            data-testid="reference-file-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) void addFiles(files);
            }}
          />
        </li>
      </ol>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {hasBoxes && !rule.allowsBoxes && <p className="field-hint is-reason">{t('boxesOff')}</p>}
      <p className="field-hint">{t('referencesHint', { max })}</p>
      {refusals.length > 0 && (
        <div className="reference-refusals" role="alert" data-testid="reference-refusals">
          <ul>
            {refusals.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
          <Button size="sm" variant="ghost" onClick={dismiss}>
            {t('dismiss')}
          </Button>
        </div>
      )}
      {editing !== null && references[editing] && <BoxEditor index={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
