import { useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useLocaleStore, useT } from '../../lib/i18n';
import { deleteForGood } from './selection-actions';
import { selectionStrings } from './selection-strings';

// The one place files are deleted for good, so it says so plainly and asks first. The safe
// button comes first and takes the initial focus: Enter alone never deletes.

type DeleteForGoodDialogProps = {
  count: number;
  /** The whole trash ("Empty trash") rather than the selection in it. */
  isWholeTrash: boolean;
  onClose: () => void;
};

export function DeleteForGoodDialog({ count, isWholeTrash, onClose }: DeleteForGoodDialogProps) {
  const t = useT(selectionStrings);
  const locale = useLocaleStore((s) => s.locale);
  const [isWorking, setIsWorking] = useState(false);
  const n = new Intl.NumberFormat(locale).format(count);

  const confirm = async (): Promise<void> => {
    setIsWorking(true);
    await deleteForGood(isWholeTrash);
    setIsWorking(false);
    onClose();
  };

  return (
    <Dialog
      isOpen
      title={isWholeTrash ? t('emptyTrashTitle') : count === 1 ? t('deleteTitleOne') : t('deleteTitle', { n })}
      onClose={onClose}
      testId="delete-for-good-dialog"
      footer={
        <>
          <Button variant="ghost" autoFocus onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button
            variant="danger"
            data-testid="delete-for-good-confirm"
            disabled={isWorking}
            onClick={() => void confirm()}
          >
            {isWorking ? t('working') : t('deleteConfirm')}
          </Button>
        </>
      }
    >
      <p>{!isWholeTrash ? t('deleteBody') : count === 1 ? t('emptyTrashBodyOne') : t('emptyTrashBody', { n })}</p>
    </Dialog>
  );
}
