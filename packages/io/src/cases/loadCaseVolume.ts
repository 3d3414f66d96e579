import { HemocamError, type Logger, type Volume } from '@hemocam/core';
import type { CaseSource } from '../datasets/DatasetListing.js';
import { readDicomFile } from '../dicom/readDicomFile.js';
import { sliceStack } from '../dicom/readDicomSeries.js';
import { readNifti } from '../nifti/readNifti.js';
import { volumeStats } from '@hemocam/imaging';

/** Read a case's CT (NIfTI or a DICOM series) and refuse what no stage can use: 4-D series, NaN/Inf voxels, empty images. */
export async function loadCaseVolume(source: CaseSource, logger: Logger): Promise<Volume> {
  const path = source.path;
  const volume = source.dicomFiles ? sliceStack((await Promise.all(source.dicomFiles.map(readDicomFile))).flat(), path).volume : await readNifti(path);
  if (volume.frames > 1) {
    throw new HemocamError('INPUT', `${path}: a 4-D image (${volume.dims.join('×')}×${volume.frames}); hemocam takes one 3-D CT volume per file`, { file: path });
  }
  const stats = volumeStats(volume.data);
  if (stats.nonFinite > 0) {
    throw new HemocamError('INPUT', `${path}: ${stats.nonFinite} voxels are NaN or infinite; fix or mask them before running hemocam`, { file: path });
  }
  if (stats.min === stats.max) {
    throw new HemocamError('INPUT', `${path}: every voxel is ${stats.min}; the image is empty`, { file: path });
  }
  if (stats.max < 100 || stats.min > -500) {
    logger.warn(`${path}: values ${stats.min}..${stats.max} do not look like CT in Hounsfield units (air ≈ -1000, bone > 300)`);
  }
  delete (volume as Partial<typeof volume> & { info?: unknown }).info;
  return volume;
}
