import type { DatasetListing } from './DatasetListing.js';
import { openDataset } from './openDataset.js';

/**
 * The reference masks to score predictions against: a dataset root of any layout hemocam reads
 * (its masks), or a plain folder of mask files (INSTANCE 2022's `label/`, PhysioNet's `masks/`,
 * any folder of `<id>.nii.gz`), whose files are then the masks themselves (non-zero = bleed).
 * `cases` holds the images where the dataset has them, and is empty for a folder of masks.
 */
export async function openReferenceMasks(path: string): Promise<DatasetListing> {
  const dataset = await openDataset(path);
  if (dataset.masks.size > 0 || dataset.layout !== 'plain' || dataset.cases.some((c) => c.dicomFiles)) return dataset;
  return { ...dataset, cases: [], masks: new Map(dataset.cases.map((c) => [c.id, { path: c.path, binarize: true }])) };
}
