import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { HemocamError } from '../errors/HemocamError.js';
import type { DatasetListing } from './DatasetListing.js';
import { labelsFromCsv } from './labelsFromCsv.js';
import { readCsv } from './readCsv.js';

const manifestSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string().min(1),
      image: z.string().min(1),
      label: z.string().optional(),
      split: z.enum(['train', 'val', 'test']).optional(),
    }),
  ),
});

/** hemocam's own layout: dataset.json (cases, paths, split), slice_labels.csv, case_labels.csv. */
export function hemocamLayout(root: string): DatasetListing {
  const file = join(root, 'dataset.json');
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new HemocamError('INPUT', `${file}: not a hemocam dataset manifest (${(cause as Error).message.split('\n')[0]})`, { file, cause });
  }
  const sliceRows = readCsv(join(root, 'slice_labels.csv'), ['case_id', 'slice', 'label']) ?? [];
  const caseRows = readCsv(join(root, 'case_labels.csv'), ['case_id', 'label']) ?? [];
  const listing: DatasetListing = { layout: 'hemocam', root, cases: [], masks: new Map(), problems: [] };
  const inside = (relative: string) => {
    const path = resolve(root, relative);
    if (!path.startsWith(resolve(root) + '/')) throw new HemocamError('INPUT', `${file}: path ${relative} leaves the dataset folder`, { file });
    return path;
  };
  for (const entry of manifest.cases) {
    const labels = labelsFromCsv(entry.id, sliceRows, caseRows);
    listing.cases.push({ id: entry.id, path: inside(entry.image), labels, split: entry.split });
    if (entry.label) listing.masks.set(entry.id, { path: inside(entry.label), binarize: true });
  }
  return listing;
}
