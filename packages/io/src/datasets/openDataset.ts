import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HemocamError } from '@hemocam/core';
import type { DatasetListing } from './DatasetListing.js';
import { hemocamLayout } from './hemocamLayout.js';
import { caseIdOf, isNiftiPath } from './niftiFiles.js';
import { pairedLayout } from './pairedLayout.js';
import { physionetLayout } from './physionetLayout.js';
import { plainLayout } from './plainLayout.js';
import { rsnaLayout } from './rsnaLayout.js';

/**
 * Detect a dataset's layout and list its cases: hemocam's dataset.json; MICCAI 2022 INSTANCE
 * (data/, label/); PhysioNet CT-ICH (ct_scans/, masks/, hemorrhage_diagnosis_raw_ct.csv);
 * BHSD (images/, "ground truths/", multi-class masks made binary); RSNA 2019 (stage_2_train/
 * DICOM slices, stage_2_train.csv); else a plain folder of NIfTI files or DICOM series.
 * A single NIfTI file is a dataset of one case.
 */
export async function openDataset(path: string): Promise<DatasetListing> {
  const root = resolve(path);
  if (!existsSync(root)) throw new HemocamError('INPUT', `${path} does not exist`, { file: path });
  let listing: DatasetListing;
  const stat = statSync(root);
  if (!stat.isFile() && !stat.isDirectory())
    throw new HemocamError('INPUT', `${path} is not a regular file or a folder (a FIFO, socket or device); give a scan file or a dataset folder`, { file: path });
  if (stat.isFile()) {
    if (!isNiftiPath(root)) throw new HemocamError('INPUT', `${path} is not a NIfTI file (.nii or .nii.gz); give a file or a dataset folder`, { file: path });
    listing = { layout: 'plain', root: dirname(root), cases: [{ id: caseIdOf(root), path: root }], masks: new Map(), problems: [] };
  } else {
    const has = (name: string) => existsSync(join(root, name));
    if (has('dataset.json')) listing = hemocamLayout(root);
    else if (has('data') && has('label')) listing = await pairedLayout(root, 'instance2022', join(root, 'data'), join(root, 'label'), true);
    else if (has('ct_scans') && has('hemorrhage_diagnosis_raw_ct.csv')) listing = physionetLayout(root);
    else if (has('images') && has('ground truths')) listing = await pairedLayout(root, 'bhsd', join(root, 'images'), join(root, 'ground truths'), true);
    else if (['stage_2_train', 'stage_2_test', 'stage_1_train_images'].some(has)) listing = rsnaLayout(root);
    else listing = plainLayout(root);
  }
  const byId = new Map<string, string>();
  for (const c of listing.cases) {
    const other = byId.get(c.id);
    if (other !== undefined) throw new HemocamError('INPUT', `${path}: two cases have the id ${c.id} (${other} and ${c.path}); case ids must be unique (outputs are named after them)`, { file: path });
    byId.set(c.id, c.path);
  }
  if (listing.cases.length === 0) {
    const seen = readdirSync(listing.root).slice(0, 5).join(', ');
    throw new HemocamError('INPUT', `${path}: no cases found (layout ${listing.layout}; it holds ${seen || 'nothing'}); see the README's "Datasets" for the layouts hemocam reads`, { file: path });
  }
  return listing;
}
