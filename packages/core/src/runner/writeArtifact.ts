import { join } from 'node:path';
import { ARTIFACT_KINDS } from '../contracts/artifacts.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { writeNifti } from '../nifti/writeNifti.js';
import type { Volume } from '../volume/Volume.js';

export function isVolume(value: unknown): value is Volume {
  return typeof value === 'object' && value !== null && 'data' in value && 'dims' in value && 'affine' in value;
}

/** File name of an artifact of a case in the output folder. */
export function artifactFileName(caseId: string, artifact: string, value?: unknown): string {
  const kind = ARTIFACT_KINDS[artifact];
  const asVolume = kind === undefined ? value === undefined || isVolume(value) : kind !== 'json';
  return `${caseId}_${artifact}${asVolume ? '.nii.gz' : '.json'}`;
}

/** Write one artifact: volumes as NIfTI (masks uint8, maps float32) on the source grid, the rest as JSON. */
export async function writeArtifact(outDir: string, caseId: string, artifact: string, value: unknown): Promise<string> {
  const file = join(outDir, artifactFileName(caseId, artifact, value));
  if (isVolume(value)) {
    const declared = ARTIFACT_KINDS[artifact];
    const kind = declared === 'image' || declared === 'mask' || declared === 'heatmap' ? declared : value.data instanceof Uint8Array ? 'mask' : 'heatmap';
    await writeNifti(file, value, kind);
  } else {
    await writeFileAtomic(file, JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v), 2) + '\n');
  }
  return file;
}
