import { useT } from '../../lib/i18n';
import { useBatchStore } from './batch-store';
import { batchStrings } from './strings';

/** On the gallery's `batch:` chip: the same batch as its X/Y grid. */
export function BatchChipAction({ batchId }: { batchId: string }) {
  const t = useT(batchStrings);
  return (
    <button
      type="button"
      className="search-chip-action"
      data-testid="search-chip-batch-grid"
      onClick={() => void useBatchStore.getState().openGrid(batchId)}
    >
      {t('grid')}
    </button>
  );
}
