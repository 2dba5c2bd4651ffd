import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseRecords, sniffDelimiter } from '../../../src/shared/batch/csv';

const fields = (text: string, delimiter: ',' | '\t' = ','): string[][] =>
  parseRecords(text, delimiter).map((r) => r.fields);

describe('the RFC 4180 reader', () => {
  it('reads plain fields, CRLF, LF and lone CR line ends alike', () => {
    expect(fields('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(fields('"a, b","say ""hi""","two\nlines","crlf\r\ninside"\nx,y,z,w\n')).toEqual([
      ['a, b', 'say "hi"', 'two\nlines', 'crlf\r\ninside'],
      ['x', 'y', 'z', 'w'],
    ]);
  });

  it('drops a byte-order mark, skips blank lines but counts them as rows', () => {
    const records = parseRecords('\uFEFFprompt\n\ncat\n\n""\n', ',');
    expect(records.map((r) => r.fields)).toEqual([['prompt'], ['cat'], ['']]);
    expect(records.map((r) => r.row)).toEqual([1, 3, 5]);
  });

  it('counts a quoted empty field as a record and keeps empty trailing fields', () => {
    expect(fields('""\na,\n,b,')).toEqual([[''], ['a', ''], ['', 'b', '']]);
  });

  it('numbers rows as a spreadsheet shows them, a multi-line cell being one row', () => {
    const table = parseCsv('prompt,seed\n"line one\nline two",1\ncat,2\n');
    expect(table.rows).toEqual([
      ['line one\nline two', '1'],
      ['cat', '2'],
    ]);
    expect(table.rowNumbers).toEqual([2, 3]);
  });

  it('reads TSV, and tells tabs from commas by the header', () => {
    const text = 'prompt\tsize\n一只猫, 水彩\t1024x1024\n';
    expect(sniffDelimiter(text)).toBe('\t');
    expect(sniffDelimiter('prompt,size\n')).toBe(',');
    expect(sniffDelimiter('"a\tb",c\n')).toBe(',');
    expect(parseCsv(text).rows).toEqual([['一只猫, 水彩', '1024x1024']]);
  });

  it('pads short rows and refuses long ones, naming the row', () => {
    expect(parseCsv('prompt,size,seed\ncat\n').rows).toEqual([['cat', '', '']]);
    expect(() => parseCsv('prompt,size\ncat,1024x1024\ndog,1024x1024,7\n')).toThrow(
      /^Row 3: 3 fields, but the header names 2 columns/,
    );
  });

  it('refuses an unclosed quote and text after a closing quote, naming the row', () => {
    expect(() => parseCsv('prompt\n"never closed\n')).toThrow(CsvError);
    expect(() => parseCsv('prompt\n"never closed\n')).toThrow(/^Row 2: a quoted field is never closed/);
    expect(() => parseCsv('prompt\ncat\n"a"b\n')).toThrow(/^Row 3: text follows a closing quote/);
  });

  it('refuses an empty file, an unnamed column and a repeated one', () => {
    expect(() => parseCsv('')).toThrow(/^Row 1: the file is empty/);
    expect(() => parseCsv('prompt,,seed\n')).toThrow(/column 2 has no name/);
    expect(() => parseCsv('prompt,Prompt\n')).toThrow(/"Prompt" appears twice/);
  });
});
