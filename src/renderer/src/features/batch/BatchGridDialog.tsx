import { useEffect, useMemo, useState } from 'react';
import type { BatchView } from '../../../../shared/batch/batch-types';
import { buildGrid, pageLabel } from '../../../../shared/batch/batch-grid';
import type { ImageView } from '../../../../shared/contract';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Select } from '../../components/Select';
import { useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { galleryStore } from '../gallery/gallery-store';
import { openInGallery } from '../queue/queue-actions';
import { loadGridRows, type GridRow } from './batch-grid-data';
import { batchSearch, reportBatchError, showBatchInGallery, useBatchStore } from './batch-store';
import { ContactSheetForm } from './ContactSheetForm';
import { openExportDialog } from '../export/export-store';
import { batchStrings } from './strings';
import './batch-grid.css';

// A batch as the X/Y plot: the chosen axes' values as column and row headers, the other axes as
// pages; each cell shows its rows' images, and a click opens one in the gallery's detail view.

const NONE = '\u0000none';

function Cell({ rows, onOpen }: { rows: GridRow[]; onOpen: (image: ImageView) => void }) {
  const t = useT(batchStrings);
  const images = rows.flatMap((r) => r.images);
  if (images.length === 0) return <span className="batch-grid-empty">{t('emptyCell')}</span>;
  return (
    <div className="batch-grid-images">
      {images.map((image) => (
        <button
          key={image.id}
          type="button"
          className="batch-grid-image"
          data-testid="batch-grid-image"
          aria-label={t('cellLabel', { label: `${image.prompt.slice(0, 60)} · ${image.size} · ${image.seed}` })}
          onClick={() => onOpen(image)}
        >
          <img src={image.thumbUrl ?? image.url} alt="" loading="lazy" draggable={false} />
        </button>
      ))}
    </div>
  );
}

function AxisSelect(props: {
  label: string;
  value: string | null;
  axes: string[];
  onPick: (v: string | null) => void;
  testId: string;
}) {
  const t = useT(batchStrings);
  return (
    <Field label={props.label}>
      {(control) => (
        <Select
          {...control}
          value={props.value ?? NONE}
          data-testid={props.testId}
          options={[{ value: NONE, label: t('noAxis') }, ...props.axes.map((a) => ({ value: a, label: a }))]}
          onValueChange={(v) => props.onPick(v === NONE ? null : v)}
        />
      )}
    </Field>
  );
}

function GridBody({ batch }: { batch: BatchView }) {
  const t = useT(batchStrings);
  const [rows, setRows] = useState<GridRow[] | null>(null);
  const [choice, setChoice] = useState<{ x?: string | null; y?: string | null }>({});
  const [pageIndex, setPageIndex] = useState(0);
  // Reloaded as the batch lands more images.
  const landed = batch.counts.images;
  useEffect(() => {
    let isCurrent = true;
    loadGridRows(batch.id)
      .then((r) => isCurrent && setRows(r))
      .catch(reportBatchError);
    return () => {
      isCurrent = false;
    };
  }, [batch.id, landed]);
  const grid = useMemo(() => buildGrid(rows ?? [], { ...choice, preferred: batch.source.axes }), [rows, choice, batch]);
  if (!rows) return <p className="field-hint">{t('loading')}</p>;
  const page = grid.pages[Math.min(pageIndex, grid.pages.length - 1)];
  const open = (image: ImageView): void => {
    useBatchStore.setState({ isOpen: false, gridBatchId: null, gridBatch: null });
    galleryStore.getState().setFilters({ search: batchSearch(batch.id) });
    void openInGallery(image);
  };
  return (
    <>
      <div className="batch-grid-controls">
        <AxisSelect
          label={t('xAxis')}
          value={grid.x}
          axes={grid.axes}
          testId="batch-grid-x"
          onPick={(x) => setChoice({ ...choice, x })}
        />
        <AxisSelect
          label={t('yAxis')}
          value={grid.y}
          axes={grid.axes}
          testId="batch-grid-y"
          onPick={(y) => setChoice({ ...choice, y })}
        />
        {grid.pages.length > 1 && (
          <Field label={t('page')}>
            {(control) => (
              <Select
                {...control}
                value={String(pageIndex)}
                data-testid="batch-grid-page"
                options={grid.pages.map((p, i) => ({ value: String(i), label: pageLabel(p) }))}
                onValueChange={(v) => setPageIndex(Number(v))}
              />
            )}
          </Field>
        )}
      </div>
      {page && (
        <div className="batch-grid-scroll" tabIndex={0} aria-label={t('gridTitle', { name: batch.name })}>
          <table className="batch-grid" data-testid="batch-grid">
            {grid.x && (
              <thead>
                <tr>
                  <td />
                  {grid.xValues.map((v) => (
                    <th key={v} scope="col" data-testid="batch-grid-col">
                      <span className="batch-axis-name">{grid.x}</span> {v}
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {grid.yValues.map((yv, y) => (
                <tr key={yv}>
                  {grid.y ? (
                    <th scope="row" data-testid="batch-grid-row">
                      <span className="batch-axis-name">{grid.y}</span> {yv}
                    </th>
                  ) : (
                    <td />
                  )}
                  {grid.xValues.map((xv, x) => (
                    <td key={xv} data-testid="batch-grid-cell">
                      <Cell rows={page.cells[y]?.[x] ?? []} onOpen={open} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ContactSheetForm batchId={batch.id} xAxis={grid.x} yAxis={grid.y} />
    </>
  );
}

export function BatchGridDialog() {
  const t = useT(batchStrings);
  const gridBatchId = useBatchStore((s) => s.gridBatchId);
  const batch = useBatchStore((s) => s.gridBatch);
  const closeGrid = useBatchStore((s) => s.closeGrid);
  const exportFolder = async (view: BatchView): Promise<void> => {
    try {
      const query = { search: batchSearch(view.id) };
      // The file-name preview is planned by main (export.preview) for this very selection.
      const { total } = await call('library.count', { query });
      openExportDialog({ selection: { kind: 'query', query }, count: total });
    } catch (err) {
      reportBatchError(err);
    }
  };
  return (
    <Dialog
      isOpen={gridBatchId !== null && batch !== null}
      title={t('gridTitle', { name: batch?.name ?? '' })}
      onClose={closeGrid}
      testId="batch-grid-dialog"
      className="batch-grid-dialog"
      footer={
        batch && (
          <>
            <Button variant="ghost" data-testid="batch-grid-close" onClick={closeGrid}>
              {t('close')}
            </Button>
            <Button data-testid="batch-grid-gallery" onClick={() => showBatchInGallery(batch.id)}>
              {t('showInGallery')}
            </Button>
            <Button data-testid="batch-export-folder" onClick={() => void exportFolder(batch)}>
              {t('exportFolder')}
            </Button>
          </>
        )
      }
    >
      {batch && <GridBody key={batch.id} batch={batch} />}
    </Dialog>
  );
}
