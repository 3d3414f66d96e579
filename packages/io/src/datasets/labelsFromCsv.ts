import { type WeakLabels, HemocamError } from '@hemocam/core';

/** More slices than any CT has: a bigger index is a typo, and would allocate a huge label array. */
const MAX_SLICES = 10_000;

/** The label CSVs of a dataset folder, parsed, with their file names for messages. */
export interface LabelTables {
  slices?: { file: string; rows: readonly Record<string, string>[] };
  cases?: { file: string; rows: readonly Record<string, string>[] };
}

/** 0 or 1, as a CSV writes it; anything else ('maybe', 2, '') names its file and line. */
function binary(value: string | undefined, file: string, line: number): 0 | 1 {
  if (value === '0' || value === '1') return Number(value) as 0 | 1;
  throw new HemocamError('INPUT', `${file} line ${line}: label '${value ?? ''}' must be 0 or 1`, { file });
}

/**
 * Every case's weak labels from slice_labels.csv rows (`case_id,slice,label`, slices from 0) and
 * case_labels.csv rows (`case_id,label`), checked row by row: a slice that is not an index
 * (−1, 2.5, abc), a label other than 0/1, or two rows that disagree on one slice are refused
 * with the file and line. Rows of cases the dataset does not have are counted in `unknown`.
 */
export function labelsFromCsv(ids: readonly string[], tables: LabelTables): { labels: Map<string, WeakLabels>; unknown: { rows: number; example?: string } } {
  const known = new Set(ids);
  const slices = new Map<string, (number | undefined)[]>(); // sparse: slices without a row are holes
  const seen = new Map<string, { line: number; label: number }>();
  const scans = new Map<string, 0 | 1>();
  const unknown: { rows: number; example?: string } = { rows: 0 };
  const skip = (id: string | undefined) => {
    if (id !== undefined && known.has(id)) return false;
    unknown.rows++;
    unknown.example ??= id;
    return true;
  };
  tables.slices?.rows.forEach((row, i) => {
    const { file } = tables.slices!;
    const line = i + 2; // the header is line 1
    if (skip(row.case_id)) return;
    const slice = row.slice ?? '';
    if (!/^\d+$/.test(slice)) throw new HemocamError('INPUT', `${file} line ${line}: slice '${slice}' is not a slice index (0, 1, 2, … from the first slice)`, { file });
    if (Number(slice) >= MAX_SLICES) throw new HemocamError('INPUT', `${file} line ${line}: slice ${slice} is beyond any scan (hemocam reads up to ${MAX_SLICES} slices)`, { file });
    const label = binary(row.label, file, line);
    const key = `${row.case_id!}\u0000${slice}`;
    const before = seen.get(key);
    if (before && before.label !== label)
      throw new HemocamError('INPUT', `${file} lines ${before.line} and ${line} give slice ${slice} of ${row.case_id!} the labels ${before.label} and ${label}; keep one`, { file });
    seen.set(key, { line, label });
    const list = slices.get(row.case_id!) ?? [];
    list[Number(slice)] = label;
    slices.set(row.case_id!, list);
  });
  tables.cases?.rows.forEach((row, i) => {
    if (skip(row.case_id)) return;
    scans.set(row.case_id!, binary(row.label, tables.cases!.file, i + 2));
  });
  const labels = new Map<string, WeakLabels>();
  for (const id of ids) {
    const list = slices.get(id);
    const scan = scans.get(id);
    if (!list && scan === undefined) continue;
    labels.set(id, { ...(list ? { slices: Array.from(list, (v) => v ?? 0) } : {}), ...(scan === undefined ? {} : { scan }) });
  }
  return { labels, unknown };
}
