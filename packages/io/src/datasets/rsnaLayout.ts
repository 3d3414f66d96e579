import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatasetListing } from './DatasetListing.js';
import { dicomSeriesIn } from './dicomSeriesCases.js';
import { readCsv } from './readCsv.js';

/**
 * RSNA 2019 Intracranial Hemorrhage Detection: one DICOM file per slice in stage_2_train/
 * (ID_<sop>.dcm) and stage_2_train.csv with `ID_<sop>_any` rows; slices are grouped into
 * volumes by SeriesInstanceUID and ordered by position. There are no voxel masks.
 */
export function rsnaLayout(root: string): DatasetListing {
  const folder = ['stage_2_train', 'stage_2_test', 'stage_1_train_images'].map((d) => join(root, d)).find(existsSync)!;
  const listing: DatasetListing = { layout: 'rsna2019', root, cases: [], masks: new Map(), problems: [] };
  const rows = readCsv(join(root, 'stage_2_train.csv'), ['ID', 'Label']) ?? [];
  const any = new Map<string, number>();
  for (const row of rows) if (row.ID.endsWith('_any')) any.set(row.ID.slice(0, -'_any'.length), Number(row.Label) > 0 ? 1 : 0);
  for (const series of dicomSeriesIn(folder, listing.problems)) {
    const slices = series.headers.map((h) => any.get(basename(h.file).replace(/\.dcm$/i, '')) ?? any.get(h.sopUid));
    const labelled = slices.every((s) => s !== undefined);
    listing.cases.push({
      id: series.seriesUid,
      path: folder,
      dicomFiles: series.headers.map((h) => h.file),
      labels: labelled ? { slices, scan: slices.includes(1) ? 1 : 0 } : undefined,
    });
  }
  return listing;
}
