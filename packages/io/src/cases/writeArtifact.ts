import { join, relative, resolve, isAbsolute } from 'node:path';
import { HemocamError, writeFileAtomic, type ArtifactKind, type Volume } from '@hemocam/core';
import { writeNifti } from '../nifti/writeNifti.js';
import { writeDicomSeg, type SegAlgorithm } from '../dicom/writeDicomSeg.js';

/** How `hemocam run` writes masks: NIfTI, DICOM-SEG (DICOM input only), or both. Other artifacts are NIfTI or JSON whatever it says. */
export type OutputFormat = 'nifti' | 'dicom-seg' | 'both';

/** What a mask needs to be written as DICOM-SEG: the case's input volume (read from DICOM) and who made it. */
export interface SegContext {
  source: Volume;
  algorithm: SegAlgorithm;
}

const segFor = (kind: ArtifactKind | undefined, format: OutputFormat) => kind === 'mask' && format !== 'nifti';
const niftiFor = (kind: ArtifactKind | undefined, format: OutputFormat) => kind !== 'mask' || format !== 'dicom-seg';

export function isVolume(value: unknown): value is Volume {
  return typeof value === 'object' && value !== null && 'data' in value && 'dims' in value && 'affine' in value;
}

/** File name of an artifact of a case in the output folder: NIfTI for volumes, JSON for the rest. */
export function artifactFileName(caseId: string, artifact: string, value: unknown): string {
  return `${caseId}_${artifact}${isVolume(value) ? '.nii.gz' : '.json'}`;
}

/** The names an artifact may be written under before its value is known (one no plugin declares may be either NIfTI or JSON). */
export function possibleArtifactFileNames(caseId: string, artifact: string, kind: ArtifactKind | undefined, format: OutputFormat = 'nifti'): string[] {
  const names: [string, string] = [`${caseId}_${artifact}.nii.gz`, `${caseId}_${artifact}.json`];
  const plain = kind === undefined ? names : [names[kind === 'json' ? 1 : 0]];
  return [...(niftiFor(kind, format) ? plain : []), ...(segFor(kind, format) ? [`${caseId}_${artifact}.seg.dcm`] : [])];
}

/** How many files a case's outputs make: one per artifact, two for a mask written as both NIfTI and DICOM-SEG. */
export function outputFileCount(artifacts: readonly string[], kinds: ReadonlyMap<string, ArtifactKind>, format: OutputFormat): number {
  return artifacts.reduce((n, a) => n + (niftiFor(kinds.get(a), format) && segFor(kinds.get(a), format) ? 2 : 1), 0);
}

/**
 * Write one artifact of the declared `kind`: volumes as NIfTI (masks uint8, maps float32) on the
 * source grid, the rest as JSON; masks as DICOM-SEG instead of or beside NIfTI when `format` says
 * so. An undeclared kind is taken from the value. Returns the files.
 */
export async function writeArtifact(outDir: string, caseId: string, artifact: string, value: unknown, kind?: ArtifactKind, format: OutputFormat = 'nifti', seg?: SegContext): Promise<string[]> {
  const file = join(outDir, artifactFileName(caseId, artifact, value));
  const inside = relative(resolve(outDir), resolve(file));
  if (inside.startsWith('..') || isAbsolute(inside) || inside.includes('/') || inside.includes('\\')) {
    throw new HemocamError('INPUT', `case id '${caseId}' would write outside the output folder (${file}); case ids may not contain path separators`, { file });
  }
  if (!isVolume(value)) {
    await writeFileAtomic(file, JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v), 2) + '\n');
    return [file];
  }
  const written: string[] = [];
  if (segFor(kind, format)) {
    if (!seg) throw new HemocamError('RUNTIME', `no DICOM source to write ${caseId}_${artifact} as DICOM-SEG`);
    const segFile = join(outDir, `${caseId}_${artifact}.seg.dcm`);
    await writeDicomSeg(segFile, value, seg.source, seg.algorithm);
    written.push(segFile);
  }
  if (niftiFor(kind, format)) {
    await writeNifti(file, value, kind === 'image' || kind === 'mask' || kind === 'heatmap' ? kind : value.data instanceof Uint8Array ? 'mask' : 'heatmap');
    written.push(file);
  }
  return written;
}
