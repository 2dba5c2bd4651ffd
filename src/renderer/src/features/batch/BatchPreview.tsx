import { useEffect, useState } from 'react';
import type { BatchPlanInput, BatchPreview as Preview } from '../../../../shared/batch/batch-types';
import { planErrorText } from '../../../../shared/batch/plan-messages';
import { describeError, type ErrorValue } from '../../../../shared/errors';
import type { Locale } from '../../../../shared/i18n-messages';
import { toErrorValue } from '../../app/app-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { formatDuration, formatMoney } from './batch-progress';
import { batchStrings } from './strings';

// The plan before it starts: generations, images, cost and time from `batch.preview`, the rows
// that cannot be sent (row and column), the cap's refusal, and the first rows with their axes.

export type PreviewState = { preview: Preview | null; error: ErrorValue | null; isLoading: boolean };

/** Asks main again a moment after the plan stops changing (a CSV of 10,000 rows takes a while). */
export function usePreview(input: BatchPlanInput | null): PreviewState {
  const key = input ? JSON.stringify(input) : '';
  // The answer remembers the plan it is for: a newer plan shows as loading until its own arrives.
  const [answer, setAnswer] = useState<{ key: string; preview: Preview | null; error: ErrorValue | null }>({
    key: '',
    preview: null,
    error: null,
  });
  useEffect(() => {
    if (!key) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      call('batch.preview', JSON.parse(key) as BatchPlanInput)
        .then((preview) => isCurrent && setAnswer({ key, preview, error: null }))
        .catch((err: unknown) => isCurrent && setAnswer({ key, preview: null, error: toErrorValue(err) }));
    }, 250);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key]);
  if (!key) return { preview: null, error: null, isLoading: false };
  const isLoading = answer.key !== key;
  return { preview: answer.preview, error: isLoading ? null : answer.error, isLoading };
}

type Translate = (key: keyof typeof batchStrings, params?: Record<string, string | number>) => string;

/** A cap's refusal in the panel's own words (main's names the CLI's flags), or null under the caps. */
export function capReason(p: Preview, input: BatchPlanInput | null, t: Translate, locale: Locale): string | null {
  if (!p.capRefusal) return null;
  const e = p.estimate;
  if (e && input?.maxImages != null && e.images > input.maxImages)
    return t('capImages', { images: e.images, cap: input.maxImages });
  if (e && e.cost !== null && input?.maxCost != null && e.cost > input.maxCost)
    return t('capCost', {
      cost: formatMoney(e.cost, e.currency, locale),
      cap: formatMoney(input.maxCost, e.currency, locale),
    });
  return p.capProblem ? planErrorText({ message: p.capRefusal, ...p.capProblem }, locale) : p.capRefusal;
}

/** Why Start is refused, or null when it may start. */
export function startBlock(
  state: PreviewState,
  input: BatchPlanInput | null,
  t: Translate,
  locale: 'en' | 'zh-CN',
): string | null {
  if (state.error) return describeError(state.error, locale);
  const p = state.preview;
  if (!p || state.isLoading) return null;
  if (p.errorCount > 0) {
    const first = p.errors[0];
    return first ? planErrorText(first, locale) : null;
  }
  return capReason(p, input, t, locale);
}

export function BatchPreview({ state, input }: { state: PreviewState; input: BatchPlanInput | null }) {
  const t = useT(batchStrings);
  const locale = useLocaleStore((s) => s.locale);
  const number = new Intl.NumberFormat(locale);
  const { preview, error, isLoading } = state;
  if (error)
    return (
      <p className="field-error" role="alert" data-testid="batch-preview-error">
        {describeError(error, locale)}
      </p>
    );
  if (!preview) return <p className="field-hint">{isLoading ? t('previewing') : t('nothingToRun')}</p>;
  const e = preview.estimate;
  const vars = preview.axes;
  return (
    <section
      className="batch-preview"
      aria-labelledby="batch-estimate-title"
      data-testid="batch-preview"
      aria-busy={isLoading}
    >
      <h3 id="batch-estimate-title" className="batch-subtitle">
        {t('estimate')}
      </h3>
      {e && (
        <p className="batch-estimate" data-testid="batch-estimate">
          <span data-testid="batch-estimate-counts">
            {t('estimateLine', { generations: number.format(e.generations), images: number.format(e.images) })}
          </span>
          <span data-testid="batch-estimate-cost">
            {e.cost === null ? t('costUnknown') : t('costLine', { cost: formatMoney(e.cost, e.currency, locale) })}
          </span>
          <span data-testid="batch-estimate-time">{t('timeLine', { time: formatDuration(e.seconds, locale) })}</span>
        </p>
      )}
      {preview.capRefusal && (
        <p className="field-error" role="alert" data-testid="batch-cap-refusal">
          {capReason(preview, input, t, locale)}
        </p>
      )}
      {preview.errorCount > 0 && (
        <div className="batch-errors" role="alert" data-testid="batch-row-errors">
          <p className="field-error">{t('rowErrors', { count: number.format(preview.errorCount) })}</p>
          <ul>
            {preview.errors.slice(0, 5).map((err, i) => (
              <li key={i} data-testid="batch-row-error">
                {err.row !== null
                  ? t('rowError', { row: err.row, column: err.column ?? '—', message: planErrorText(err, locale) })
                  : t('planError', { message: planErrorText(err, locale) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview.rows.length > 0 && (
        <div className="batch-rows" tabIndex={0} aria-label={t('firstRows')}>
          <table className="batch-table" data-testid="batch-preview-rows">
            <caption className="batch-caption">{t('firstRows')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                {vars.map((v) => (
                  <th key={v} scope="col">
                    {v}
                  </th>
                ))}
                {!vars.includes('prompt') && <th scope="col">prompt</th>}
              </tr>
            </thead>
            <tbody>
              {preview.rows.slice(0, 6).map((row) => (
                <tr key={row.index}>
                  <td>{row.index + 1}</td>
                  {vars.map((v) => (
                    <td key={v}>{row.vars[v] ?? ''}</td>
                  ))}
                  {!vars.includes('prompt') && (
                    <td className="batch-prompt-cell">{String(row.request.prompt ?? '')}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
