import { useEffect, type ReactNode } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import type { GenerationRecord } from '../../../../shared/library-types';
import { MODE_RULES, modeOf } from '../../../../shared/capabilities';
import { MODELS, isModelId, parseSize } from '../../../../shared/models';
import { formatBytes, formatSize } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { copyText, useGenerationCache } from './detail-actions';
import { DetailActions } from './DetailActions';
import { TwinActions } from '../compare/TwinActions';
import { VersionsStrip } from '../compare/VersionsStrip';
import { DetailInputs } from './DetailInputs';
import { detailStrings } from './detail-strings';
import { DetailTags } from './DetailTags';
import { RevisedPrompt } from './RevisedPrompt';
import { CopyIcon } from './gallery-icons';

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

/**
 * Thinking mode as it went out: where the mode table says it is not sent (image sets, editing with
 * references), "Off" with why — whatever the stored request asked for.
 */
function thinkingText(record: GenerationRecord, referenceCount: number, t: T): string {
  const mode = modeOf({ isSequential: record.parameters.isSequential, references: Array(referenceCount) });
  if (MODE_RULES[mode].hasThinking) return record.parameters.thinkingMode ? t('on') : t('off');
  return record.parameters.isSequential ? t('thinkingNotSentSet') : t('thinkingNotSentEdit');
}

function RecordFields({
  record,
  item,
  referenceCount,
  t,
}: {
  record: GenerationRecord;
  item: ImageView;
  referenceCount: number;
  t: T;
}) {
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
      <Field label={t('thinkingMode')} testId="detail-thinking">
        {thinkingText(record, referenceCount, t)}
      </Field>
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
  const entry = useGenerationCache((s) => s.entries.get(item.generationId));
  const ensure = useGenerationCache((s) => s.ensure);
  useEffect(() => ensure(item.generationId), [ensure, item.generationId]);

  const record = entry?.view?.generation ?? null;
  const prompt = record?.prompt ?? item.prompt;
  // Each image has its own revised prompt (a set's members differ): this image's, not all of them.
  const ownRevised = record?.revisedPrompts[item.index]?.trim() ?? '';
  const revised = ownRevised && ownRevised !== prompt.trim() ? ownRevised : null;
  const modelLabel = isModelId(item.model) ? MODELS[item.model].label[locale] : item.model;
  const ratio = ratioOf(item.size);
  // KB below 1 MB, so a small file never reads "0 MB".
  const bytes = formatBytes(item.bytes, locale);

  return (
    <aside className="detail-panel" aria-label={t('details')}>
      {/* Actions first: a long prompt (or a set's revised prompt) must not push them out of view. */}
      <DetailActions item={item} view={entry?.view ?? null} />
      <TwinActions item={item} view={entry?.view ?? null} />
      <VersionsStrip item={item} />

      <section className="detail-section">
        <h3 className="detail-heading">{t('prompt')}</h3>
        <p className="detail-prompt" data-testid="detail-prompt">
          {prompt}
        </p>
        {revised && <RevisedPrompt prompt={prompt} revised={revised} />}
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
          {record && (
            <RecordFields record={record} item={item} referenceCount={entry?.view?.inputs.length ?? 0} t={t} />
          )}
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
