import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { SavedTemplate } from '../../../../shared/batch/batch-types';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Select } from '../../components/Select';
import { useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { fileKindOf, isCapValid, SOURCE_KINDS, type SourceForm, type SourceKind } from './batch-source';
import { batchStrings } from './strings';

// Where a batch's rows come from: the studio's prompt × seeds, a list of prompts, a CSV/TSV
// (chosen or dropped, read here and sent as text), or a template; then the caps.

type Props = { form: SourceForm; onChange: (patch: Partial<SourceForm>) => void; studioPrompt: string };

const KIND_LABEL = {
  prompt: 'sourcePrompt',
  lines: 'sourceLines',
  file: 'sourceFile',
  template: 'sourceTemplate',
} as const satisfies Record<SourceKind, keyof typeof batchStrings>;

function FilePicker({ form, onChange }: Omit<Props, 'studioPrompt'>) {
  const t = useT(batchStrings);
  const inputRef = useRef<HTMLInputElement>(null);
  const [isOver, setIsOver] = useState(false);
  const read = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    const text = await file.text();
    onChange({ file: { name: file.name, text, kind: fileKindOf(file.name, text) } });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    setIsOver(false);
    void read(e.dataTransfer.files[0]);
  };
  const lines = form.file ? form.file.text.split(/\r?\n/).filter((l) => l.trim() !== '').length : 0;
  return (
    <Field label={t('file')} hint={t('fileHint')} testId="batch-file-field">
      {(control) => (
        <div
          className={isOver ? 'batch-drop is-over' : 'batch-drop'}
          data-testid="batch-file-drop"
          onDragOver={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setIsOver(true);
          }}
          onDragLeave={() => setIsOver(false)}
          onDrop={onDrop}
        >
          {/* The button is the control people reach; the input behind it only holds the chosen file. */}
          <input
            ref={inputRef}
            tabIndex={-1}
            aria-hidden="true"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            className="batch-file-input"
            data-testid="batch-file"
            onChange={(e) => void read(e.target.files?.[0])}
          />
          <Button size="sm" {...control} onClick={() => inputRef.current?.click()}>
            {t('chooseFile')}
          </Button>
          <span className="batch-drop-text">
            {form.file ? t('fileChosen', { name: form.file.name, rows: lines }) : t('dropFile')}
          </span>
        </div>
      )}
    </Field>
  );
}

function TemplateFields({ form, onChange }: Omit<Props, 'studioPrompt'>) {
  const t = useT(batchStrings);
  const [saved, setSaved] = useState<SavedTemplate[]>([]);
  useEffect(() => {
    call('templates.list', undefined)
      .then((all) => setSaved(all.filter((s) => s.kind === 'template')))
      .catch(() => setSaved([]));
  }, []);
  return (
    <>
      {saved.length > 0 && (
        <Field label={t('savedTemplate')}>
          {(control) => (
            <Select
              {...control}
              value={form.savedTemplate}
              data-testid="batch-saved-template"
              options={[
                { value: '', label: t('noSavedTemplate') },
                ...saved.map((s) => ({ value: s.name, label: s.name })),
              ]}
              onValueChange={(savedTemplate) => onChange({ savedTemplate })}
            />
          )}
        </Field>
      )}
      {form.savedTemplate === '' && (
        <Field label={t('template')} hint={t('templateHint')}>
          {(control) => (
            <textarea
              {...control}
              className="input batch-textarea"
              rows={3}
              value={form.templateText}
              data-testid="batch-template"
              onChange={(e) => onChange({ templateText: e.target.value })}
            />
          )}
        </Field>
      )}
      <Field label={t('combine')}>
        {(control) => (
          <Select
            {...control}
            value={form.combine}
            data-testid="batch-combine"
            options={[
              { value: 'cross', label: t('combineCross') },
              { value: 'zip', label: t('combineZip') },
            ]}
            onValueChange={(v) => onChange({ combine: v === 'zip' ? 'zip' : 'cross' })}
          />
        )}
      </Field>
      <FilePicker form={form} onChange={onChange} />
    </>
  );
}

export function BatchSourceForm({ form, onChange, studioPrompt }: Props) {
  const t = useT(batchStrings);
  return (
    <div className="batch-form">
      <fieldset className="fieldset">
        <legend className="field-label">{t('source')}</legend>
        <div className="segmented batch-kinds" data-testid="batch-source">
          {SOURCE_KINDS.map((kind) => (
            <label key={kind} className="segment">
              <input
                type="radio"
                name="batch-source"
                value={kind}
                checked={form.kind === kind}
                data-testid={`batch-source-${kind}`}
                // Seeds multiply every row: many for one prompt, one for a list or a table.
                onChange={() => onChange({ kind, seeds: kind === 'prompt' ? 4 : 1 })}
              />
              <span>{t(KIND_LABEL[kind])}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {form.kind === 'prompt' && (
        <p className="field-hint batch-studio-prompt" data-testid="batch-studio-prompt">
          {studioPrompt.trim() ? `${t('promptFromStudio')} “${studioPrompt.trim()}”` : t('noPrompt')}
        </p>
      )}
      {form.kind === 'lines' && (
        <Field label={t('lines')}>
          {(control) => (
            <textarea
              {...control}
              className="input batch-textarea"
              rows={4}
              value={form.lines}
              data-testid="batch-lines"
              onChange={(e) => onChange({ lines: e.target.value })}
            />
          )}
        </Field>
      )}
      {form.kind === 'file' && <FilePicker form={form} onChange={onChange} />}
      {form.kind === 'template' && <TemplateFields form={form} onChange={onChange} />}
      <div className="batch-row">
        <Field label={t('seeds')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="number"
              min={1}
              max={1000}
              value={form.seeds}
              data-testid="batch-seeds"
              onChange={(e) => onChange({ seeds: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('maxImages')} error={isCapValid(form.maxImages) ? undefined : t('capInvalid')}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="numeric"
              placeholder={t('noCap')}
              value={form.maxImages}
              data-testid="batch-max-images"
              onChange={(e) => onChange({ maxImages: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('maxCost')} error={isCapValid(form.maxCost) ? undefined : t('capInvalid')}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="decimal"
              placeholder={t('noCap')}
              value={form.maxCost}
              data-testid="batch-max-cost"
              onChange={(e) => onChange({ maxCost: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label={t('name')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={form.name}
            maxLength={120}
            data-testid="batch-name"
            onChange={(e) => onChange({ name: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
