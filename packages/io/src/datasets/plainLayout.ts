import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetListing } from './DatasetListing.js';
import { dicomSeriesIn, seriesCaseId } from './dicomSeriesCases.js';
import { niftiFiles } from './niftiFiles.js';
import { labelsFromCsv } from './labelsFromCsv.js';
import { readLabelTables } from './readLabelTables.js';

/**
 * A plain folder for inference (or training with CSV labels): NIfTI files in it or in its
 * `images/`, with optional slice_labels.csv / case_labels.csv beside them; or DICOM series,
 * in the folder itself or one folder per series.
 */
export function plainLayout(root: string): DatasetListing {
  const listing: DatasetListing = { layout: 'plain', root, cases: [], masks: new Map(), problems: [] };
  const imageDir = existsSync(join(root, 'images')) ? join(root, 'images') : root;
  const images = niftiFiles(imageDir);
  if (images.size > 0) {
    const { labels, unknown } = labelsFromCsv([...images.keys()], readLabelTables(root));
    if (unknown.rows > 0) listing.notices = [`${root}: ${unknown.rows} label row(s) name cases that are not in the folder (e.g. ${unknown.example ?? '(no case_id)'}); they are ignored`];
    for (const [id, path] of images) listing.cases.push({ id, path, labels: labels.get(id) });
    return listing;
  }
  const folders = [
    root,
    ...readdirSync(root)
      .map((d) => join(root, d))
      .filter((d) => statSync(d).isDirectory()),
  ];
  for (const dir of folders) {
    const series = dicomSeriesIn(dir, dir === root ? [] : listing.problems);
    series.forEach((s, i) => listing.cases.push({ id: seriesCaseId(dir, i, series.length), path: dir, dicomFiles: s.headers.map((h) => h.file) }));
  }
  return listing;
}
