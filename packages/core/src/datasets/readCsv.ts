import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HemocamError } from '../errors/HemocamError.js';

/** Rows of a CSV with a header (csv-parse), or undefined when the file is absent; missing columns are an error naming them. */
export function readCsv(file: string, columns: readonly string[]): Record<string, string>[] | undefined {
  if (!existsSync(file)) return undefined;
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (cause) {
    throw new HemocamError('INPUT', `${file}: not valid CSV (${(cause as Error).message})`, { file, cause });
  }
  const missing = columns.filter((c) => rows.length > 0 && !(c in rows[0]));
  if (missing.length > 0) throw new HemocamError('INPUT', `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${columns.join(',')})`, { file });
  return rows;
}
