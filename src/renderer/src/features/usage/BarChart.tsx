import { useId, useState } from 'react';
import { useT } from '../../lib/i18n';
import { niceScale } from './usage-math';
import { usageStrings } from './strings';

// A plain-SVG stacked bar chart (no chart library: the renderer bundle stays small). For people
// who cannot see it, the SVG carries a summary with the figures, and every chart can be read as
// a table below it.

export type ChartSeries = { name: string; className: string };
export type ChartRow = { key: string; label: string; values: readonly number[] };

type BarChartProps = {
  title: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: (value: number) => string;
  testId: string;
  /** Header of the table's first column (period or model). */
  keyHeader: string;
};

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 56;
const BOTTOM = 22;
const TOP = 8;

export function BarChart({ title, series, rows, format, testId, keyHeader }: BarChartProps) {
  const t = useT(usageStrings);
  const titleId = useId();
  // The table is built only once asked for: a year of days is thousands of cells nobody sees.
  const [isTableOpen, setTableOpen] = useState(false);
  const totals = rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...totals);
  const { top, ticks } = niceScale(max);
  const plotW = WIDTH - LEFT - 4;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = rows.length > 0 ? plotW / rows.length : plotW;
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number): number => TOP + plotH - (v / top) * plotH;
  // A few x labels, evenly picked, so day bars over months do not overprint.
  const labelEvery = Math.max(1, Math.ceil(rows.length / 6));
  const summary = t('chartSummary', {
    title,
    count: rows.length,
    max: format(max),
    total: format(totals.reduce((a, b) => a + b, 0)),
  });
  return (
    <figure className="usage-chart" data-testid={testId}>
      <figcaption id={titleId} className="usage-chart-title">
        {title}
      </figcaption>
      <ul className="usage-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`usage-swatch ${s.className}`} />
            {s.name}
          </li>
        ))}
      </ul>
      <svg
        className="usage-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={`${titleId}-summary`}
      >
        <desc id={`${titleId}-summary`}>{summary}</desc>
        {ticks.map((tick) => (
          <g key={tick} className="usage-tick">
            <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          let base = 0;
          const x = LEFT + i * slot + (slot - barW) / 2;
          return (
            <g key={row.key} data-key={row.key}>
              {row.values.map((value, s) => {
                if (value <= 0) return null;
                const y0 = y(base);
                base += value;
                return (
                  <rect key={s} className={series[s]?.className} x={x} width={barW} y={y(base)} height={y0 - y(base)} />
                );
              })}
              {i % labelEvery === 0 && (
                <text className="usage-xlabel" x={x + barW / 2} y={HEIGHT - 6} textAnchor="middle">
                  {row.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details className="usage-table-details" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>{t('showTable')}</summary>
        {isTableOpen && (
          <div className="usage-table-wrap">
            <table className="usage-table" data-testid={`${testId}-table`}>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{keyHeader}</th>
                  {series.map((s) => (
                    <th scope="col" key={s.name}>
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    {row.values.map((v, s) => (
                      <td key={s}>{format(v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </figure>
  );
}
