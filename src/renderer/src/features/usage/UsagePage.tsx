import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors';
import { MODELS, isModelId } from '../../../../shared/models';
import { useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Select } from '../../components/Select';
import { useLocaleStore, useT } from '../../lib/i18n';
import { BarChart } from './BarChart';
import { UsageTotals } from './UsageTotals';
import { downloadText, usageCsv, usageCsvName } from './usage-csv';
import { formatCount, formatMoney } from './usage-format';
import {
  bucketRows,
  chartPeriod,
  currenciesOf,
  dayKeyOf,
  PERIODS,
  RANGES,
  type Period,
  type Range,
} from './usage-math';
import { useUsageStore } from './usage-store';
import { usageStrings } from './strings';
import './usage.css';

// The Usage screen: images, billed and possibly billed images and cost per day, week or month and
// per model over a chosen range, totals per currency, the month against the budget, CSV export.

const RANGE_LABEL = {
  '30d': 'range30d',
  '90d': 'range90d',
  '12m': 'range12m',
  all: 'rangeAll',
  custom: 'rangeCustom',
} as const;
const PERIOD_NOUN = { day: 'periodDay', week: 'periodWeek', month: 'periodMonth' } as const;

export function UsagePage() {
  const t = useT(usageStrings);
  const locale = useLocaleStore((s) => s.locale);
  const { range, customDay, period, status, data, error, setRange, setCustomDay, setPeriod, load } = useUsageStore();
  const budget = useAppStore((s) => s.settings?.monthlyBudget ?? null);

  useEffect(() => {
    void load();
  }, [load]);

  const today = dayKeyOf(new Date());
  const fromDay = data?.since !== undefined ? dayKeyOf(new Date(data.since)) : undefined;
  const firstDay = fromDay ?? data?.days.rows[0]?.key;
  // Years of days would be thousands of slivers: the charts draw weeks or months instead.
  const shownPeriod = chartPeriod(period, firstDay, today);
  const rows = data ? bucketRows(data.days.rows, shownPeriod, today, fromDay) : [];
  const currencies = data ? currenciesOf([data.days.total]) : [];
  const modelLabel = (key: string): string => (isModelId(key) ? MODELS[key].label[locale] : key);
  const count = (v: number): string => formatCount(v, locale);
  const periodNoun = t(PERIOD_NOUN[shownPeriod]);
  const isEmpty = data !== null && data.days.total.generations === 0;

  const exportCsv = (): void => {
    if (!data) return;
    const csvRows = shownPeriod === period ? rows : bucketRows(data.days.rows, period, today, fromDay);
    downloadText(usageCsvName(period, today), usageCsv(period, csvRows, data.days.total));
  };

  return (
    <section className="usage" aria-labelledby="usage-title" data-testid="usage" data-status={status}>
      <header className="page-head usage-head">
        <div>
          <h1 id="usage-title" className="page-title">
            {t('title')}
          </h1>
          <p className="usage-hint">{t('hint')}</p>
        </div>
        <div className="usage-controls">
          <Field label={t('range')}>
            {(control) => (
              <Select
                {...control}
                data-testid="usage-range"
                value={range}
                options={RANGES.map((r) => ({ value: r, label: t(RANGE_LABEL[r]) }))}
                onValueChange={(v) => setRange(v as Range)}
              />
            )}
          </Field>
          {range === 'custom' && (
            <Field label={t('customDay')}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  className="input"
                  data-testid="usage-since"
                  max={today}
                  value={customDay}
                  onChange={(e) => e.target.value && setCustomDay(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field label={t('period')}>
            {(control) => (
              <Select
                {...control}
                data-testid="usage-period"
                value={period}
                options={PERIODS.map((p) => ({ value: p, label: t(p) }))}
                onValueChange={(v) => setPeriod(v as Period)}
              />
            )}
          </Field>
          <Button data-testid="usage-export" disabled={!data || isEmpty} onClick={exportCsv}>
            {t('exportCsv')}
          </Button>
        </div>
      </header>
      <div className="usage-scroll">
        {status === 'failed' && error && (
          <p className="banner banner-error" role="alert">
            {t('loadFailed', { reason: describeError(error, locale) })}
          </p>
        )}
        {!data && status !== 'failed' && <p className="usage-hint">{t('loading')}</p>}
        {data && <UsageTotals total={data.days.total} month={data.month.total} budget={budget} />}
        {isEmpty && <p className="usage-hint">{t('empty')}</p>}
        {data && !isEmpty && (
          <>
            {shownPeriod !== period && (
              <p className="usage-hint" data-testid="usage-coarser">
                {t('coarser', { period: periodNoun })}
              </p>
            )}
            <BarChart
              testId="usage-images-chart"
              title={t('imagesChart', { period: periodNoun })}
              keyHeader={t('colPeriod')}
              series={[
                { name: t('billed'), className: 'usage-fill-billed' },
                { name: t('possibly'), className: 'usage-fill-possibly' },
              ]}
              rows={rows.map((r) => ({ key: r.key, label: r.key, values: [r.billedImages, r.possiblyBilledImages] }))}
              format={count}
            />
            {currencies.map((currency) => (
              <BarChart
                key={currency}
                testId={`usage-cost-chart-${currency}`}
                title={t('costChart', { period: periodNoun, currency })}
                keyHeader={t('colPeriod')}
                series={[
                  { name: t('cost'), className: 'usage-fill-billed' },
                  { name: t('possibleCost'), className: 'usage-fill-possibly' },
                ]}
                rows={rows.map((r) => ({
                  key: r.key,
                  label: r.key,
                  values: [r.cost[currency] ?? 0, r.possibleCost[currency] ?? 0],
                }))}
                format={(v) => formatMoney(v, currency, locale)}
              />
            ))}
            <BarChart
              testId="usage-model-chart"
              title={t('modelChart')}
              keyHeader={t('colModel')}
              series={[
                { name: t('billed'), className: 'usage-fill-billed' },
                { name: t('possibly'), className: 'usage-fill-possibly' },
              ]}
              rows={data.models.rows.map((r) => ({
                key: r.key,
                label: modelLabel(r.key),
                values: [r.billedImages, r.possiblyBilledImages],
              }))}
              format={count}
            />
          </>
        )}
      </div>
    </section>
  );
}
