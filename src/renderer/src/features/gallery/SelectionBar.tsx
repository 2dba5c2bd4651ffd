import { useState } from 'react';
import { Button } from '../../components/Button';
import { useLocaleStore, useT } from '../../lib/i18n';
import { DeleteForGoodDialog } from './DeleteForGoodDialog';
import { useGalleryStore } from './gallery-store';
import { RestoreIcon, StarIcon, TrashIcon } from './gallery-icons';
import {
  exportSelection,
  favoriteSelection,
  referenceSelection,
  restoreSelection,
  trashSelection,
} from './selection-actions';
import { selectionStrings } from './selection-strings';
import { selectionStore, useSelectedCount, useSelectionStore } from './selection-store';
import { TagDialog } from './TagDialog';
import { canCompare, compareSelection } from '../compare/compare-actions';
import { compareStrings } from '../compare/compare-strings';

// Shown while anything is selected: how many, and what can be done with them. In the trash the
// actions are restore and delete for good; elsewhere export, favourite, tag and trash.

const clear = (): void => selectionStore.getState().clear();
const selectAll = (): void => selectionStore.getState().selectAll();

export function SelectionBar() {
  const t = useT(selectionStrings);
  const tc = useT(compareStrings);
  const locale = useLocaleStore((s) => s.locale);
  const count = useSelectedCount();
  const isAll = useSelectionStore((s) => s.selection.mode === 'query');
  const total = useGalleryStore((s) => s.total) ?? 0;
  const isTrash = useGalleryStore((s) => s.filters.isTrash);
  const [dialog, setDialog] = useState<'tag' | 'delete' | null>(null);
  if (count === 0) return null;
  const number = new Intl.NumberFormat(locale);
  const label =
    isAll && count === total
      ? t('selectedAll', { n: number.format(count) })
      : t('selectedCount', { n: number.format(count) });

  return (
    <div className="selection-bar" role="toolbar" aria-label={t('selectionBar')} data-testid="selection-bar">
      <span className="selection-count" data-testid="selection-count" aria-live="polite">
        {label}
      </span>
      {count < total && (
        <button type="button" className="link-button" data-testid="selection-all" onClick={selectAll}>
          {t('selectAllMatching', { n: number.format(total) })}
        </button>
      )}
      <span className="selection-spacer" />
      {isTrash ? (
        <>
          <Button
            size="sm"
            icon={<RestoreIcon size={14} />}
            data-testid="selection-restore"
            onClick={() => void restoreSelection()}
          >
            {t('restoreAction')}
          </Button>
          <Button size="sm" variant="danger" data-testid="selection-delete" onClick={() => setDialog('delete')}>
            {t('deleteForGood')}
          </Button>
        </>
      ) : (
        <>
          <Button size="sm" variant="primary" data-testid="selection-export" onClick={() => exportSelection(count)}>
            {t('exportAction')}
          </Button>
          <Button
            size="sm"
            data-testid="selection-compare"
            title={tc('compareHint')}
            disabled={!canCompare(isAll ? 'query' : 'ids', count)}
            onClick={compareSelection}
          >
            {tc('compare')}
          </Button>
          <Button
            size="sm"
            icon={<StarIcon size={14} />}
            data-testid="selection-favorite"
            onClick={() => void favoriteSelection()}
          >
            {t('favoriteAction')}
          </Button>
          <Button
            size="sm"
            data-testid="selection-use-reference"
            title={t('useAsReferenceHint')}
            onClick={() => void referenceSelection()}
          >
            {t('useAsReference')}
          </Button>
          <Button size="sm" data-testid="selection-tag" onClick={() => setDialog('tag')}>
            {t('tagAction')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="btn-danger-text"
            icon={<TrashIcon size={14} />}
            data-testid="selection-trash"
            onClick={() => void trashSelection()}
          >
            {t('trashAction')}
          </Button>
        </>
      )}
      <Button size="sm" variant="ghost" data-testid="selection-clear" aria-keyshortcuts="Escape" onClick={clear}>
        {t('clearSelection')}
      </Button>
      {dialog === 'tag' && <TagDialog count={count} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <DeleteForGoodDialog count={count} isWholeTrash={false} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
