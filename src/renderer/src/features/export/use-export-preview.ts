import { useEffect, useState } from 'react';
import type { ExportSelection } from '../../../../shared/contract';
import { checkTemplate } from '../../../../shared/export-names';
import { call } from '../../lib/wan';
import type { ExportForm } from './export-form';

// The names shown under the template are planned by main, with the code that writes the files:
// set numbers and de-duplication count over the whole selection, so the preview cannot drift from
// the folders the export makes. Asked again shortly after the person stops typing.

const PREVIEW_COUNT = 5;
const SETTLE_MS = 150;

export type ExportPreview = { paths: string[]; total: number } | null;

export function useExportPreview(form: ExportForm, selection: ExportSelection): ExportPreview {
  const [preview, setPreview] = useState<ExportPreview>(null);
  const { template, layout, format } = form;
  useEffect(() => {
    const trimmed = template.trim();
    // A broken template shows its problem instead (TemplateField); there is nothing to plan.
    if (!checkTemplate(trimmed).ok) return;
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      call('export.preview', { selection, options: { template: trimmed, layout, format }, limit: PREVIEW_COUNT }).then(
        (result) => isCurrent && setPreview(result),
        // A preview is a courtesy: the export itself reports what is wrong.
        () => isCurrent && setPreview(null),
      );
    }, SETTLE_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [template, layout, format, selection]);
  return preview;
}
