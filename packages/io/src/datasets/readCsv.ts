import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HemocamError } from '@hemocam/core';

/** A CSV row: the required columns are there (readCsv checks), any other may be. */
export type CsvRow<C extends string> = Record<C, string> & Record<string, string>;

/** Rows of a CSV with a header (csv-parse), or undefined when the file is absent; missing columns are an error naming them. */
export function readCsv<C extends string>(file: string, columns: readonly C[]): CsvRow<C>[] | undefined {
  if (!existsSync(file)) return undefined;
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (cause) {
    throw new HemocamError('INPUT', `${file}: not valid CSV (${(cause as Error).message})`, { file, cause });
  }
  const header = rows[0];
  const missing = columns.filter((c) => header !== undefined && !(c in header));
  if (missing.length > 0) throw new HemocamError('INPUT', `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${columns.join(',')})`, { file });
  return rows; // a CsvRow: csv-parse gives every row the header's columns, checked above
}
