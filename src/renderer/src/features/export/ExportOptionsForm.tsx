import { useId, useState } from 'react';
import type { ConflictPolicy, ExportFormat, ExportLayout } from '../../../../shared/export-types';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { FolderField } from '../../components/FolderField';
import { Select } from '../../components/Select';
import { Switch } from '../../components/Switch';
import { useT } from '../../lib/i18n';
import { browserStorage, checkForm, loadForm, saveForm, type ExportForm } from './export-form';
import { useExportStore, type ExportRequest } from './export-store';
import { exportStrings } from './strings';
import { TemplateField } from './TemplateField';

// The options half of the export dialog. Starts from the last options used; problems with the
// destination show once the person has typed one or pressed Export, template problems at once.

type Key = keyof typeof exportStrings;

const LAYOUTS = [
  { value: 'flat', label: 'layoutFlat' },
  { value: 'date', label: 'layoutDate' },
  { value: 'generation', label: 'layoutGeneration' },
  { value: 'set', label: 'layoutSet' },
] as const satisfies readonly { value: ExportLayout; label: Key }[];

const FORMATS = [
  { value: 'png', label: 'formatPng' },
  { value: 'jpeg', label: 'formatJpeg' },
  { value: 'webp', label: 'formatWebp' },
] as const satisfies readonly { value: ExportFormat; label: Key }[];

const CONFLICTS = [
  { value: 'rename', label: 'conflictRename' },
  { value: 'skip', label: 'conflictSkip' },
  { value: 'overwrite', label: 'conflictOverwrite' },
] as const satisfies readonly { value: ConflictPolicy; label: Key }[];

function Segmented<V extends string>(props: {
  legend: string;
  name: string;
  value: V;
  options: readonly { value: V; label: Key }[];
  onChange: (value: V) => void;
  testId: string;
}) {
  const t = useT(exportStrings);
  return (
    <fieldset className="field fieldset" data-testid={props.testId}>
      <legend className="field-label">{props.legend}</legend>
      <div className="segmented export-segmented">
        {props.options.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              data-testid={`${props.testId}-${option.value}`}
              onChange={() => props.onChange(option.value)}
            />
            <span>{t(option.label)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ExportOptionsForm({ request }: { request: ExportRequest }) {
  const t = useT(exportStrings);
  const name = useId();
  const start = useExportStore((s) => s.start);
  const close = useExportStore((s) => s.close);
  const openList = useExportStore((s) => s.openList);
  const isBusy = useExportStore((s) => s.isBusy);
  const [form, setForm] = useState<ExportForm>(() => loadForm(browserStorage()));
  const [isTried, setIsTried] = useState(false);
  const problems = checkForm(form);
  const patch = (change: Partial<ExportForm>): void => setForm((f) => ({ ...f, ...change }));

  const showDestination = isTried || (form.destination.trim() !== '' && problems.destination === 'not_absolute');
  const destinationError =
    showDestination && problems.destination
      ? t(problems.destination === 'missing' ? 'destinationMissing' : 'destinationNotAbsolute')
      : undefined;

  const submit = (): void => {
    setIsTried(true);
    if (problems.destination || problems.template) return;
    void start(form);
  };

  return (
    <form
      className="export-form"
      data-testid="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <FolderField
        label={t('destination')}
        purpose="export"
        value={form.destination}
        error={destinationError}
        testId="export-destination"
        onChange={(destination) => patch({ destination })}
      />
      <Segmented
        legend={t('layout')}
        name={`${name}-layout`}
        value={form.layout}
        options={LAYOUTS}
        testId="export-layout"
        onChange={(layout) => patch({ layout })}
      />
      <TemplateField
        form={form}
        problem={problems.template}
        selection={request.selection}
        onChange={(template) => patch({ template })}
      />
      <div className="export-format-row">
        <Segmented
          legend={t('format')}
          name={`${name}-format`}
          value={form.format}
          options={FORMATS}
          testId="export-format"
          onChange={(format) => patch({ format })}
        />
        {form.format !== 'png' && (
          <Field label={t('quality')} aside={<span className="export-quality-value mono">{form.quality}</span>}>
            {(control) => (
              <input
                {...control}
                type="range"
                min={1}
                max={100}
                className="export-quality"
                data-testid="export-quality"
                value={form.quality}
                onChange={(e) => patch({ quality: Number(e.target.value) })}
              />
            )}
          </Field>
        )}
      </div>
      <Switch
        label={t('metadata')}
        description={t('metadataHint')}
        isOn={form.isMetadataIncluded}
        testId="export-metadata"
        onChange={(isMetadataIncluded) => patch({ isMetadataIncluded })}
      />
      <Field label={t('onConflict')}>
        {(control) => (
          <Select
            {...control}
            data-testid="export-conflict"
            value={form.onConflict}
            options={CONFLICTS.map((c) => ({ value: c.value, label: t(c.label) }))}
            onValueChange={(value) => {
              const policy = CONFLICTS.find((c) => c.value === value);
              if (policy) patch({ onConflict: policy.value });
            }}
          />
        )}
      </Field>
      <footer className="export-foot">
        <button
          type="button"
          className="link-button"
          data-testid="export-open-list"
          onClick={() => {
            // Coming back from the list reloads the form, so what was typed is kept.
            saveForm(browserStorage(), form);
            openList();
          }}
        >
          {t('recent')}
        </button>
        <span className="export-foot-spacer" />
        <Button variant="ghost" onClick={close}>
          {t('cancel')}
        </Button>
        <Button type="submit" variant="primary" data-testid="export-start" disabled={isBusy}>
          {isBusy ? t('starting') : request.count === 1 ? t('titleOne') : t('title', { n: request.count })}
        </Button>
      </footer>
    </form>
  );
}
