import type { WeakLabels } from '../contracts/Case.js';

/** A case's weak labels from slice_labels.csv rows (`case_id,slice,label`) and case_labels.csv rows (`case_id,label`). */
export function labelsFromCsv(id: string, sliceRows: readonly Record<string, string>[] = [], caseRows: readonly Record<string, string>[] = []): WeakLabels | undefined {
  const slices: (number | undefined)[] = []; // sparse: slices without a row are holes
  for (const row of sliceRows) if (row.case_id === id) slices[Number(row.slice)] = Number(row.label) > 0 ? 1 : 0;
  const scanRow = caseRows.find((r) => r.case_id === id);
  if (slices.length === 0 && !scanRow) return undefined;
  const labels: WeakLabels = {};
  if (slices.length > 0) labels.slices = Array.from(slices, (v) => v ?? 0);
  if (scanRow) labels.scan = Number(scanRow.label) > 0 ? 1 : 0;
  return labels;
}
