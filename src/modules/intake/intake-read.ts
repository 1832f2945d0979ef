import { createReadStream } from 'node:fs';
import '../../common/exceljs-utf8';
import ExcelJS from 'exceljs';
import { CellError, headerKey, type Cell, type Column } from './intake-columns';

/**
 * Reading a spreadsheet as offices keep them, streamed (a file of 100,000 rows is never held in
 * memory): XLSX (the first worksheet) or CSV (UTF-8, with or without a BOM). The header row is
 * found among the first rows (title rows merged across the top and blank lines are passed over);
 * every row after it becomes a record of the columns' values, or the list of its bad cells.
 */

/** A file peican cannot read as a list at all; `detail` names the header's faults (unknown, missing, twice: column names). */
export class FileError extends Error {
  constructor(message: string, readonly detail: { unknown?: string[]; missing?: string[]; twice?: string[] } = {}) {
    super(message);
  }
}

export interface CellProblem {
  sheet: string;
  row: number;
  column: string;
  value: string;
  message: string;
  allowed: string;
}

export interface ReadRow<K extends string> {
  sheet: string;
  row: number;
  values: Partial<Record<K, unknown>>;
  problems: CellProblem[];
}

/** How far to look for the header row. */
const HEADER_SEARCH = 20;

interface RawRow {
  row: number;
  cells: Cell[];
}

/** The rows of a file, one array of cells each (index 0 is the first column), blank rows left out. */
async function* rawRows(path: string, kind: 'xlsx' | 'csv'): AsyncGenerator<RawRow & { sheet: string }> {
  if (kind === 'csv') {
    let row = 0;
    for await (const cells of csvRecords(path)) {
      row++;
      if (cells.some((c) => c.trim() !== '')) yield { sheet: 'CSV', row, cells };
    }
    return;
  }
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  let yielded = false;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? 'Sheet1';
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(cellOf);
        if (values.some((c) => c !== null && String(c).trim() !== '')) {
          yielded = true;
          yield { sheet: name, row: row.number, cells: values };
        }
      }
      return; // the first worksheet only: the template's data sheet
    }
  } catch (e) {
    if (e instanceof FileError) throw e;
    // ExcelJS's streaming reader takes a worksheet stored before xl/workbook.xml (Excel and WPS store the workbook
    // first; a file ExcelJS wrote stores them in whichever order its writes finished) for one it cannot name, and
    // fails before its first row: such a file is read whole instead.
    if (!yielded && /reading 'sheets'/.test(String((e as Error).message))) {
      yield* wholeWorkbookRows(path);
      return;
    }
    throw new FileError(`This file cannot be read as an Excel workbook (.xlsx): ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The first worksheet's rows of a workbook read whole (memory grows with the file: for the rare file the stream cannot take). */
async function* wholeWorkbookRows(path: string): AsyncGenerator<RawRow & { sheet: string }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch (e) {
    throw new FileError(`This file cannot be read as an Excel workbook (.xlsx): ${(e as Error).message.split('\n')[0]}`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) return;
  const rows: (RawRow & { sheet: string })[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1).map(cellOf);
    if (values.some((c) => c !== null && String(c).trim() !== '')) rows.push({ sheet: sheet.name, row: row.number, cells: values });
  });
  yield* rows;
}

/** An ExcelJS cell value as a plain one: rich text and hyperlinks as their text, a formula as its result. */
function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v = value as { richText?: { text: string }[]; text?: string; result?: unknown; error?: string };
  if (v.richText) return v.richText.map((t) => t.text).join('');
  if (v.result !== undefined) return cellOf(v.result);
  if (typeof v.text === 'string') return v.text;
  return null;
}

/** CSV records (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes), read as the file streams. */
async function* csvRecords(path: string): AsyncGenerator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    let text = chunk as string;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.includes('\u0000')) throw new FileError('This file is not a CSV text file (it holds binary data): save it as .xlsx or as CSV UTF-8');
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else field += c;
      } else if (c === '"' && field === '' && !afterQuote) quoted = true;
      else if (c === ',') {
        record.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        record.push(field);
        yield record;
        record = [];
        field = '';
        afterQuote = false;
      } else field += c;
    }
  }
  if (field !== '' || record.length) {
    record.push(field);
    yield record;
  }
}

export function fileKind(name: string): 'xlsx' | 'csv' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  throw new FileError(`"${name}" is not a spreadsheet peican reads: give an .xlsx workbook or a .csv file (UTF-8)`);
}

/**
 * The file's records under the given columns. Throws FileError, once, for a file that is not a
 * spreadsheet, has no header row, has a column peican does not know, or lacks a required one.
 */
export async function* readRecords<K extends string>(path: string, kind: 'xlsx' | 'csv', columns: readonly Column<K>[]): AsyncGenerator<ReadRow<K>> {
  const byHeader = new Map<string, Column<K>>();
  for (const c of columns) for (const h of [c.header, ...c.aliases]) byHeader.set(headerKey(h), c);
  let header: (Column<K> | null)[] | null = null;
  let seen = 0;
  for await (const { sheet, row, cells } of rawRows(path, kind)) {
    if (!header) {
      seen++;
      const texts = cells.map((c) => (c === null ? '' : String(c)));
      const known = texts.filter((t) => byHeader.has(headerKey(t))).length;
      // A header row names at least two of the columns (a merged title row names none).
      if (known >= 2) header = checkedHeader(texts, byHeader, columns);
      else if (seen >= HEADER_SEARCH) break;
      continue;
    }
    const values: Partial<Record<K, unknown>> = {};
    const problems: CellProblem[] = [];
    header.forEach((column, i) => {
      if (!column) return;
      const cell = cells[i] ?? null;
      try {
        values[column.key] = column.read(cell);
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        problems.push({ sheet, row, column: column.header, value: cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell), message: e.message, allowed: e.allowed });
      }
    });
    yield { sheet, row, values, problems };
  }
  if (!header) {
    throw new FileError(`No header row found in the first ${HEADER_SEARCH} rows: the columns are headed ${columns.filter((c) => c.required).map((c) => c.header).join('、')} (required) and ${columns.filter((c) => !c.required).map((c) => c.header).join('、')}; "peican template" writes a file to fill in`);
  }
}

function checkedHeader<K extends string>(texts: string[], byHeader: Map<string, Column<K>>, columns: readonly Column<K>[]): (Column<K> | null)[] {
  const header = texts.map((t) => (t.trim() === '' ? null : byHeader.get(headerKey(t)) ?? null));
  const unknown = texts.filter((t, i) => t.trim() !== '' && header[i] === null);
  const missing = columns.filter((c) => c.required && !header.includes(c)).map((c) => c.header);
  const twice = columns.filter((c) => header.filter((h) => h === c).length > 1).map((c) => c.header);
  const faults = [
    unknown.length ? `unknown columns ${unknown.map((t) => `"${t.trim()}"`).join(', ')}` : '',
    missing.length ? `missing required columns ${missing.join('、')}` : '',
    twice.length ? `columns given twice: ${twice.join('、')}` : '',
  ].filter(Boolean);
  if (faults.length) {
    throw new FileError(`The header row has ${faults.join('; ')}. The columns are ${columns.map((c) => `${c.header}${c.required ? '（必填）' : ''}`).join('、')}`, {
      unknown: unknown.map((t) => t.trim()), missing, twice,
    });
  }
  return header;
}
