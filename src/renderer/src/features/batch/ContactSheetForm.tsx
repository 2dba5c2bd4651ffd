import { useState } from 'react';
import { Button } from '../../components/Button';
import { FolderField } from '../../components/FolderField';
import { showToast } from '../../components/toast-store';
import { useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { reportBatchError } from './batch-store';
import { batchStrings } from './strings';

// "Save contact sheet": the grid as one PNG, written by main into a folder the export checks
// accept (the same axes the grid shows).

export function ContactSheetForm({
  batchId,
  xAxis,
  yAxis,
}: {
  batchId: string;
  xAxis: string | null;
  yAxis: string | null;
}) {
  const t = useT(batchStrings);
  const [folder, setFolder] = useState('');
  const [isSaving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    if (!folder.trim()) return;
    setSaving(true);
    try {
      const result = await call('batch.contactSheet', { batchId, folder: folder.trim(), xAxis, yAxis });
      setSaved(result.path);
      showToast('success', t('sheetSaved', { path: result.path }));
    } catch (err) {
      reportBatchError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="batch-sheet" data-testid="batch-sheet">
      <FolderField
        label={t('noFolderPicker')}
        purpose="export"
        value={folder}
        onChange={setFolder}
        testId="batch-sheet-folder"
      />
      <Button data-testid="batch-sheet-save" disabled={isSaving || folder.trim() === ''} onClick={() => void save()}>
        {t('contactSheet')}
      </Button>
      {saved && (
        <p className="field-hint batch-sheet-saved" data-testid="batch-sheet-saved" role="status">
          {t('sheetSaved', { path: saved })}
        </p>
      )}
    </div>
  );
}
