import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { HemocamError } from '@hemocam/core';
import type { DatasetListing } from './DatasetListing.js';
import { labelsFromCsv } from './labelsFromCsv.js';
import { readLabelTables } from './readLabelTables.js';

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
  const listing: DatasetListing = { layout: 'hemocam', root, cases: [], masks: new Map(), problems: [] };
  const inside = (relative: string) => {
    const path = resolve(root, relative);
    if (!path.startsWith(resolve(root) + '/')) throw new HemocamError('INPUT', `${file}: path ${relative} leaves the dataset folder`, { file });
    return path;
  };
  const { labels, unknown } = labelsFromCsv(
    manifest.cases.map((c) => c.id),
    readLabelTables(root),
  );
  if (unknown.rows > 0) listing.notices = [`${root}: ${unknown.rows} label row(s) name cases that are not in dataset.json (e.g. ${unknown.example ?? '(no case_id)'}); they are ignored`];
  for (const entry of manifest.cases) {
    listing.cases.push({ id: entry.id, path: inside(entry.image), labels: labels.get(entry.id), split: entry.split });
    if (entry.label) listing.masks.set(entry.id, { path: inside(entry.label), binarize: true });
  }
  return listing;
}
