import { join, relative, resolve, isAbsolute } from 'node:path';
import { HemocamError } from '../errors/HemocamError.js';
import { ARTIFACT_KINDS } from '../contracts/artifacts.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { writeNifti } from '../nifti/writeNifti.js';
import type { Volume } from '../volume/Volume.js';

export function isVolume(value: unknown): value is Volume {
  return typeof value === 'object' && value !== null && 'data' in value && 'dims' in value && 'affine' in value;
}

/** File name of an artifact of a case in the output folder: NIfTI for volumes, JSON for the rest. */
export function artifactFileName(caseId: string, artifact: string, value: unknown): string {
  return `${caseId}_${artifact}${isVolume(value) ? '.nii.gz' : '.json'}`;
}

/** The names an artifact may be written under before its value is known (a plugin's own artifacts may be either). */
export function possibleArtifactFileNames(caseId: string, artifact: string): string[] {
  const kind = ARTIFACT_KINDS[artifact];
  const names: [string, string] = [`${caseId}_${artifact}.nii.gz`, `${caseId}_${artifact}.json`];
  return kind === undefined ? names : [names[kind === 'json' ? 1 : 0]];
}

/** Write one artifact: volumes as NIfTI (masks uint8, maps float32) on the source grid, the rest as JSON. */
export async function writeArtifact(outDir: string, caseId: string, artifact: string, value: unknown): Promise<string> {
  const file = join(outDir, artifactFileName(caseId, artifact, value));
  const inside = relative(resolve(outDir), resolve(file));
  if (inside.startsWith('..') || isAbsolute(inside) || inside.includes('/') || inside.includes('\\')) {
    throw new HemocamError('INPUT', `case id '${caseId}' would write outside the output folder (${file}); case ids may not contain path separators`, { file });
  }
  if (isVolume(value)) {
    const declared = ARTIFACT_KINDS[artifact];
    const kind = declared === 'image' || declared === 'mask' || declared === 'heatmap' ? declared : value.data instanceof Uint8Array ? 'mask' : 'heatmap';
    await writeNifti(file, value, kind);
  } else {
    await writeFileAtomic(file, JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v), 2) + '\n');
  }
  return file;
}
