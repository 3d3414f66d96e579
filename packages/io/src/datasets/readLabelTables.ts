import { join } from 'node:path';
import type { LabelTables } from './labelsFromCsv.js';
import { readCsv } from './readCsv.js';

/** slice_labels.csv and case_labels.csv of a dataset folder, where they exist. */
export function readLabelTables(root: string): LabelTables {
  const [slicesFile, casesFile] = [join(root, 'slice_labels.csv'), join(root, 'case_labels.csv')];
  const slices = readCsv(slicesFile, ['case_id', 'slice', 'label']);
  const cases = readCsv(casesFile, ['case_id', 'label']);
  return { ...(slices ? { slices: { file: slicesFile, rows: slices } } : {}), ...(cases ? { cases: { file: casesFile, rows: cases } } : {}) };
}
