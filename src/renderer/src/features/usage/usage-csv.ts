import type { UsageRow } from '../../../../shared/batch/batch-types';
import { currenciesOf } from './usage-math';

// The CSV export of what the Usage screen shows: one line per period or model, then the total.
// RFC 4180 (quoted where needed, CRLF), a BOM so spreadsheet apps read UTF-8 (Chinese headers).

const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function usageCsv(keyHeader: string, rows: readonly UsageRow[], total: UsageRow): string {
  const currencies = currenciesOf([...rows, total]);
  const header = [
    keyHeader,
    'generations',
    'images',
    'billed_images',
    'possibly_billed_images',
    ...currencies.map((c) => `cost_${c}`),
    ...currencies.map((c) => `possible_cost_${c}`),
  ];
  const line = (row: UsageRow): string =>
    [
      row.key,
      row.generations,
      row.images,
      row.billedImages,
      row.possiblyBilledImages,
      ...currencies.map((c) => row.cost[c] ?? 0),
      ...currencies.map((c) => row.possibleCost[c] ?? 0),
    ]
      .map(cell)
      .join(',');
  return `\uFEFF${[header.map(cell).join(','), ...rows.map(line), line(total)].join('\r\n')}\r\n`;
}

/** File name for an export: usage-day-2026-12-01.csv. */
export function usageCsvName(grouping: string, today: string): string {
  return `usage-${grouping}-${today}.csv`;
}

/**
 * Saves text as a download. It works the same in both hosts: the browser saves it to Downloads;
 * Electron (no will-download handler) shows the system Save dialog. The export-destination
 * machinery writes image files from main and would need a new contract method for one small text.
 */
export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
