import { useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useLocaleStore, useT } from '../../lib/i18n';
import { useGalleryStore } from './gallery-store';
import { isSelected } from './selection-model';
import { tagSelection } from './selection-actions';
import { selectionStrings } from './selection-strings';
import { useSelectionStore } from './selection-store';
import { TagChip, TagInput } from './TagInput';

// Bulk tagging: tags to add (typed or picked from those in use) and tags to take off, offered
// from what the selected images on screen carry.

/** Tags carried by the selected images the gallery holds, most common first. */
function useSelectedTags(): string[] {
  const cache = useGalleryStore((s) => s.cache);
  const selection = useSelectionStore((s) => s.selection);
  const counts = new Map<string, number>();
  for (const item of cache.items.values()) {
    if (!isSelected(selection, item.id)) continue;
    for (const tag of item.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}

export function TagDialog({ count, onClose }: { count: number; onClose: () => void }) {
  const t = useT(selectionStrings);
  const locale = useLocaleStore((s) => s.locale);
  const present = useSelectedTags();
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const [isWorking, setIsWorking] = useState(false);

  const apply = async (): Promise<void> => {
    setIsWorking(true);
    const isDone = await tagSelection(add, remove);
    setIsWorking(false);
    if (isDone) onClose();
  };

  return (
    <Dialog
      isOpen
      title={
        count === 1 ? t('tagDialogTitleOne') : t('tagDialogTitle', { n: new Intl.NumberFormat(locale).format(count) })
      }
      onClose={onClose}
      testId="tag-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button
            variant="primary"
            data-testid="tag-dialog-apply"
            disabled={isWorking || (add.length === 0 && remove.length === 0)}
            onClick={() => void apply()}
          >
            {isWorking ? t('working') : t('tagDialogApply')}
          </Button>
        </>
      }
    >
      <div className="tag-dialog">
        <h3 className="tag-dialog-heading">{t('tagDialogAdd')}</h3>
        {add.length > 0 && (
          <div className="tag-list">
            {add.map((name) => (
              <TagChip
                key={name}
                name={name}
                removeLabel={t('removeTag', { name })}
                onRemove={() => setAdd((list) => list.filter((x) => x !== name))}
              />
            ))}
          </div>
        )}
        <TagInput
          existing={add}
          testId="tag-dialog-input"
          autoFocus
          onAdd={(tags) => {
            setAdd((list) => [...list, ...tags]);
            setRemove((list) => list.filter((x) => !tags.includes(x)));
          }}
        />
        {present.length > 0 && (
          <>
            <h3 className="tag-dialog-heading">{t('tagDialogRemove')}</h3>
            <p className="field-hint">{t('tagDialogRemoveHint')}</p>
            <div className="chips">
              {present.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="chip"
                  aria-pressed={remove.includes(name)}
                  onClick={() =>
                    setRemove((list) => (list.includes(name) ? list.filter((x) => x !== name) : [...list, name]))
                  }
                >
                  {remove.includes(name) ? `− ${name}` : name}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}
