import { useEffect, type ReactNode } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import type { GenerationRecord } from '../../../../shared/library-types';
import { MODELS, isModelId, parseSize } from '../../../../shared/models';
import { useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { formatBytes, formatSize } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { takePaletteFromImage } from '../studio/palette-actions';
import { inputsOf } from '../studio/inputs-api';
import { copyImage, copyText, editInStudio, rerun, showInFolder, useGenerationCache } from './detail-actions';
import { DetailInputs } from './DetailInputs';
import { detailStrings } from './detail-strings';
import { DetailTags } from './DetailTags';
import { restoreImages, toggleFavorite, trashImages, referenceImages } from './gallery-actions';
import {
  CopyIcon,
  EditIcon,
  FolderIcon,
  RerunIcon,
  RestoreIcon,
  ShuffleIcon,
  StarIcon,
  TrashIcon,
} from './gallery-icons';

// The side panel: what was asked for, how, and what can be done with it.

type T = ReturnType<typeof useT<typeof detailStrings>>;

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function ratioOf(size: string): string {
  const parsed = parseSize(size);
  if (!parsed) return '';
  const known = Object.values(MODELS)
    .flatMap((m) => m.sizes)
    .find((s) => s.width === parsed.width && s.height === parsed.height);
  return known ? known.ratio : '';
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(1);
}

function RecordFields({ record, item, t }: { record: GenerationRecord; item: ImageView; t: T }) {
  const locale = useLocaleStore((s) => s.locale);
  const p = record.parameters;
  const onOff = (value: boolean): string => (value ? t('on') : t('off'));
  const started = record.createdAt;
  const total = record.finishedAt === null ? null : record.finishedAt - started;
  const afterSubmit =
    record.finishedAt !== null && record.submittedAt !== null ? record.finishedAt - record.submittedAt : null;
  return (
    <>
      <Field label={t('imageSet')}>
        {p.isSequential ? t('imageSetOf', { k: item.index + 1, n: item.setSize }) : t('single', { n: record.n })}
      </Field>
      <Field label={t('thinkingMode')}>{onOff(p.thinkingMode)}</Field>
      <Field label={t('colorTheme')}>{p.colorPalette || t('none')}</Field>
      <Field label={t('watermark')}>{onOff(p.watermark)}</Field>
      <Field label={t('responseFormat')}>{p.responseFormat === 'url' ? t('formatUrl') : t('formatB64')}</Field>
      <Field label={t('mode')}>{record.mode === 'sync' ? t('sync') : t('async')}</Field>
      <Field label={t('created')}>
        {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(record.createdAt)}
      </Field>
      {total !== null && (
        <Field label={t('duration')} testId="detail-duration">
          {afterSubmit !== null
            ? t('durationDetail', { total: seconds(total), run: seconds(afterSubmit) })
            : t('durationValue', { s: seconds(total) })}
        </Field>
      )}
    </>
  );
}

export function DetailPanel({ item }: { item: ImageView }) {
  const t = useT(detailStrings);
  const locale = useLocaleStore((s) => s.locale);
  const isElectron = useAppStore((s) => s.info?.host === 'electron');
  const entry = useGenerationCache((s) => s.entries.get(item.generationId));
  const ensure = useGenerationCache((s) => s.ensure);
  useEffect(() => ensure(item.generationId), [ensure, item.generationId]);

  const record = entry?.view?.generation ?? null;
  const prompt = record?.prompt ?? item.prompt;
  const revised = [...new Set(record?.revisedPrompts ?? [])].filter((r) => r.trim() && r !== prompt);
  const isTrashed = item.deletedAt !== null;
  const modelLabel = isModelId(item.model) ? MODELS[item.model].label[locale] : item.model;
  const ratio = ratioOf(item.size);
  // KB below 1 MB, so a small file never reads "0 MB".
  const bytes = formatBytes(item.bytes, locale);

  return (
    <aside className="detail-panel" aria-label={t('details')}>
      <section className="detail-section">
        <h3 className="detail-heading">{t('prompt')}</h3>
        <p className="detail-prompt" data-testid="detail-prompt">
          {prompt}
        </p>
        {revised.map((text, i) => (
          <div key={i} className="detail-revised">
            <h4 className="detail-subheading">
              {revised.length > 1 ? t('revisedPromptN', { k: i + 1 }) : t('revisedPrompt')}
            </h4>
            <p data-testid="detail-revised-prompt">{text}</p>
          </div>
        ))}
      </section>

      <section className="detail-section detail-actions" aria-label={t('actions')}>
        <div className="detail-actions-primary">
          <Button
            variant="primary"
            size="sm"
            icon={<RerunIcon size={14} />}
            data-testid="detail-rerun"
            title={t('rerunHint')}
            disabled={isTrashed}
            onClick={() => void rerun(item.generationId, false)}
          >
            {t('rerun')}
          </Button>
          <Button
            size="sm"
            icon={<ShuffleIcon size={14} />}
            data-testid="detail-vary"
            title={t('varyHint')}
            disabled={isTrashed}
            onClick={() => void rerun(item.generationId, true)}
          >
            {t('vary')}
          </Button>
          <Button
            size="sm"
            icon={<EditIcon size={14} />}
            data-testid="detail-edit"
            disabled={!record}
            onClick={() => record && editInStudio(record, inputsOf(entry?.view))}
          >
            {t('edit')}
          </Button>
          <Button
            size="sm"
            data-testid="detail-use-reference"
            title={t('useAsReferenceHint')}
            disabled={isTrashed}
            onClick={() => referenceImages([item.id])}
          >
            {t('useAsReference')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            data-testid="detail-take-palette"
            title={t('takePaletteHint')}
            onClick={() => void takePaletteFromImage(item.id)}
          >
            {t('takePalette')}
          </Button>
        </div>
        <div className="detail-actions-secondary">
          {isTrashed ? (
            <Button
              size="sm"
              icon={<RestoreIcon size={14} />}
              data-testid="detail-restore"
              onClick={() => void restoreImages([item])}
            >
              {t('restore')}
            </Button>
          ) : (
            <>
              <Button
                variant="ghost"
                size="sm"
                icon={<StarIcon size={14} isFilled={item.isFavorite} />}
                data-testid="detail-favorite"
                aria-pressed={item.isFavorite}
                className={item.isFavorite ? 'is-favorite' : undefined}
                onClick={() => void toggleFavorite(item)}
              >
                {item.isFavorite ? t('unfavorite') : t('favorite')}
              </Button>
              <Button
                variant="ghost"
                size="sm"
                icon={<TrashIcon size={14} />}
                className="btn-danger-text"
                data-testid="detail-delete"
                onClick={() => void trashImages([item])}
              >
                {t('delete')}
              </Button>
            </>
          )}
          <Button
            variant="ghost"
            size="sm"
            icon={<CopyIcon size={14} />}
            data-testid="detail-copy-prompt"
            onClick={() => void copyText(prompt, 'promptCopied')}
          >
            {t('copyPrompt')}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            icon={<CopyIcon size={14} />}
            data-testid="detail-copy-image"
            onClick={() => void copyImage(item.url)}
          >
            {t('copyImage')}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            icon={<FolderIcon size={14} />}
            data-testid="detail-show-in-folder"
            disabled={!isElectron}
            title={isElectron ? t('showInFolder') : t('showInFolderBrowser')}
            aria-describedby={isElectron ? undefined : 'detail-folder-reason'}
            onClick={() => void showInFolder(item.id)}
          >
            {t('showInFolder')}
          </Button>
          {!isElectron && (
            <span id="detail-folder-reason" className="visually-hidden">
              {t('showInFolderBrowser')}
            </span>
          )}
        </div>
      </section>

      <DetailTags item={item} />

      <DetailInputs view={entry?.view ?? null} />

      <section className="detail-section">
        <h3 className="detail-heading">{t('details')}</h3>
        <dl className="detail-fields">
          <Field label={t('model')}>{modelLabel}</Field>
          <Field label={t('size')}>
            {formatSize(item.size)}
            {ratio && <span className="detail-faint"> · {ratio}</span>}
          </Field>
          <Field label={t('seed')}>
            <span className="detail-seed-row">
              <span className="mono" data-testid="detail-seed">
                {item.seed}
              </span>
              <button
                type="button"
                className="detail-inline-copy"
                aria-label={t('copySeed')}
                title={t('copySeed')}
                data-testid="detail-copy-seed"
                onClick={() => void copyText(String(item.seed), 'seedCopied')}
              >
                <CopyIcon size={13} />
              </button>
            </span>
          </Field>
          {record && <RecordFields record={record} item={item} t={t} />}
          <Field label={t('file')}>
            <span className="detail-path mono" data-testid="detail-path">
              {item.filePath}
            </span>
            <span className="detail-faint detail-file-info">
              {t('fileInfo', { w: item.width, h: item.height, kb: bytes })}
            </span>
          </Field>
        </dl>
        {!entry && <p className="detail-faint">{t('loadingDetails')}</p>}
        {entry?.error && (
          <p className="detail-error" role="alert">
            {t('detailsFailed', { reason: describeError(entry.error, locale) })}
          </p>
        )}
      </section>
    </aside>
  );
}
