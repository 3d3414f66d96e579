import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const NIFTI = /\.nii(\.gz)?$/i;

export function isNiftiPath(path: string): boolean {
  return NIFTI.test(path);
}

/** Case id of an image file: its name without `.nii`/`.nii.gz`. */
export function caseIdOf(path: string): string {
  return basename(path).replace(NIFTI, '');
}

/** NIfTI files in a folder by case id, sorted; empty when the folder does not exist. */
export function niftiFiles(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((f) => NIFTI.test(f) && !f.startsWith('.'))
      .sort()
      .map((f) => [caseIdOf(f), join(dir, f)]),
  );
}
