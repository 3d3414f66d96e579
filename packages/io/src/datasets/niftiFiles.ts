import { existsSync, readdirSync, statSync } from 'node:fs';
import { HemocamError } from '@hemocam/core';
import { basename, join } from 'node:path';

const NIFTI = /\.nii(\.gz)?$/i;

export function isNiftiPath(path: string): boolean {
  return NIFTI.test(path);
}

/** Case id of an image file: its name without `.nii`/`.nii.gz`. */
export function caseIdOf(path: string): string {
  return basename(path).replace(NIFTI, '');
}

/**
 * NIfTI files in a folder by case id, sorted; empty when the folder does not exist. Only regular
 * files (a FIFO or device named like a scan would block a read); two files of one case id
 * (`a.nii` and `a.nii.gz`) are refused, naming both: outputs are named after the id.
 */
export function niftiFiles(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!NIFTI.test(name) || name.startsWith('.') || !statSync(path).isFile()) continue;
    const id = caseIdOf(name);
    const other = files.get(id);
    if (other !== undefined) throw new HemocamError('INPUT', `${other} and ${path} are both case ${id}; case ids must be unique (outputs are named after them): remove or rename one`, { file: path });
    files.set(id, path);
  }
  return files;
}
