import { readDicomSeg } from '../dicom/readDicomSeg.js';
import { readNifti } from '../nifti/readNifti.js';
import type { Volume } from '@hemocam/core';

/** A predicted or reference mask file: NIfTI, or a DICOM-SEG (`.seg.dcm`, `.dcm`). */
export async function readMaskFile(file: string): Promise<Volume> {
  return /\.dcm$/i.test(file) ? readDicomSeg(file) : readNifti(file);
}
