import { join } from 'node:path';
import type { DatasetListing } from './DatasetListing.js';
import { niftiFiles } from './niftiFiles.js';
import { readCsv } from './readCsv.js';

/**
 * PhysioNet CT-ICH 1.3.x: ct_scans/NNN.nii, masks/NNN.nii and hemorrhage_diagnosis_raw_ct.csv
 * (PatientNumber, SliceNumber from 1, one column per subtype, No_Hemorrhage).
 */
export function physionetLayout(root: string): DatasetListing {
  const csv = join(root, 'hemorrhage_diagnosis_raw_ct.csv');
  const rows = readCsv(csv, ['PatientNumber', 'SliceNumber', 'No_Hemorrhage']) ?? [];
  const masks = niftiFiles(join(root, 'masks'));
  const listing: DatasetListing = { layout: 'physionet-ct-ich', root, cases: [], masks: new Map(), problems: [] };
  for (const [id, path] of niftiFiles(join(root, 'ct_scans'))) {
    const slices: (number | undefined)[] = []; // sparse: slices without a row are holes
    for (const row of rows) if (Number(row.PatientNumber) === Number(id)) slices[Number(row.SliceNumber) - 1] = Number(row.No_Hemorrhage) === 1 ? 0 : 1;
    if (slices.length === 0) listing.problems.push({ file: path, reason: `no rows for patient ${Number(id)} in ${csv}` });
    listing.cases.push({ id, path, labels: slices.length > 0 ? { slices: Array.from(slices, (v) => v ?? 0), scan: slices.includes(1) ? 1 : 0 } : undefined });
    const mask = masks.get(id);
    if (mask) listing.masks.set(id, { path: mask, binarize: true });
  }
  return listing;
}
