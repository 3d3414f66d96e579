import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDicomHeader, type DicomHeader } from '../dicom/readDicomFile.js';
import { sliceNormal } from '../dicom/sliceNormal.js';
import type { DatasetListing } from './DatasetListing.js';

export interface SeriesGroup {
  seriesUid: string;
  /** Headers sorted along the slice normal, as the volume will be stacked. */
  headers: DicomHeader[];
}

/** Group the DICOM files of a folder by series, sorted by position along the slice normal; others go to `problems`. */
export function dicomSeriesIn(dir: string, problems: DatasetListing['problems']): SeriesGroup[] {
  const groups = new Map<string, DicomHeader[]>();
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (name.startsWith('.') || !statSync(file).isFile() || /\.(csv|json|txt|md)$/i.test(name)) continue;
    try {
      const header = readDicomHeader(file);
      groups.set(header.seriesUid, [...(groups.get(header.seriesUid) ?? []), header]);
    } catch (error) {
      problems.push({ file, reason: (error as Error).message });
    }
  }
  return [...groups.entries()].map(([seriesUid, headers]) => {
    // A header without all six direction cosines gets the axial default.
    const n = sliceNormal(headers[0]?.orientation.length === 6 ? headers[0].orientation : []);
    const along = (h: DicomHeader) => h.position[0] * n[0] + h.position[1] * n[1] + h.position[2] * n[2];
    return { seriesUid, headers: [...headers].sort((a, b) => along(a) - along(b)) };
  });
}

/** Case id for series `index` of `count` in a folder: the folder's name, suffixed when it holds several. */
export function seriesCaseId(dir: string, index: number, count: number): string {
  return count === 1 ? basename(dir) : `${basename(dir)}_${index + 1}`;
}
