import { planMessage, type PlanText } from './plan-messages';

// A small RFC 4180 reader for batch plans: quoted fields (with "" for a quote, and commas, tabs
// and line breaks inside), CRLF, LF or CR line ends, a UTF-8 byte-order mark, comma or tab
// separated. Spreadsheets write exactly this; no dependency is worth it for so little.

export type CsvTable = {
  header: string[];
  /** Data rows, each as long as the header (short rows are padded with ''). */
  rows: string[][];
  /** The 1-based spreadsheet row of each data row (the header is row 1). */
  rowNumbers: number[];
  delimiter: ',' | '\t';
};

export class CsvError extends Error {
  constructor(
    readonly row: number,
    readonly text: PlanText,
  ) {
    super(`Row ${row}: ${planMessage(text)}`);
  }
}

/** Tab when the first line has a tab and no comma outside quotes, else comma. */
export function sniffDelimiter(text: string): ',' | '\t' {
  let isQuoted = false;
  let tabs = 0;
  let commas = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (c === '\n' || c === '\r')) break;
    else if (!isQuoted && c === '\t') tabs++;
    else if (!isQuoted && c === ',') commas++;
  }
  return tabs > 0 && commas === 0 ? '\t' : ',';
}

/** Splits text into records of fields; blank lines are skipped (but counted as rows). */
export function parseRecords(text: string, delimiter: ',' | '\t'): Array<{ fields: string[]; row: number }> {
  const out: Array<{ fields: string[]; row: number }> = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  const delim = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  // A quoted field counts even when empty: `""` alone on a line is a record, not a blank line.
  let wasQuoted = false;
  let row = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || field !== '' || wasQuoted) out.push({ fields, row });
    fields = [];
    field = '';
    wasQuoted = false;
    row++;
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 34 /* " */ && field === '' && !wasQuoted) {
      // A quoted field runs to its closing quote; "" inside is one quote.
      const startRow = row;
      let j = i + 1;
      for (;;) {
        const q = src.indexOf('"', j);
        if (q < 0) throw new CsvError(startRow, { code: 'csv_unclosed_quote', params: {} });
        field += src.slice(j, q);
        if (src.charCodeAt(q + 1) === 34) {
          field += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      wasQuoted = true;
      const next = src.charCodeAt(i);
      if (i < n && next !== delim && next !== 10 && next !== 13)
        throw new CsvError(startRow, { code: 'csv_text_after_quote', params: {} });
    } else if (c === delim) {
      fields.push(field);
      field = '';
      wasQuoted = false;
      i++;
    } else if (c === 10 || c === 13) {
      endRecord();
      i += c === 13 && src.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      let j = i + 1;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === delim || d === 10 || d === 13) break;
        j++;
      }
      field += src.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return out;
}

/** A table with a header row. Names are trimmed; an empty or repeated name is refused. */
export function parseCsv(text: string, delimiter: ',' | '\t' = sniffDelimiter(text)): CsvTable {
  const records = parseRecords(text, delimiter);
  const head = records.shift();
  if (!head) throw new CsvError(1, { code: 'csv_empty', params: {} });
  const header = head.fields.map((name) => name.trim());
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') throw new CsvError(head.row, { code: 'csv_unnamed_column', params: { index: i + 1 } });
    if (seen.has(name.toLowerCase())) throw new CsvError(head.row, { code: 'csv_repeated_column', params: { name } });
    seen.add(name.toLowerCase());
  });
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (const record of records) {
    if (record.fields.length > header.length)
      throw new CsvError(record.row, {
        code: 'csv_too_many_fields',
        params: { fields: record.fields.length, columns: header.length, tab: delimiter === '\t' ? 1 : 0 },
      });
    while (record.fields.length < header.length) record.fields.push('');
    rows.push(record.fields);
    rowNumbers.push(record.row);
  }
  return { header, rows, rowNumbers, delimiter };
}
