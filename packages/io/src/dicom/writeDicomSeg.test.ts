import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/testVolumes.js';
import { readDicomFolder } from './readDicomSeries.js';
import { readDicomSeg } from './readDicomSeg.js';
import { SEG_SOP_CLASS, writeDicomSeg } from './writeDicomSeg.js';

const SERIES = resolve(import.meta.dirname, '../../test/fixtures/compressed/series');
const hasDciodvfy = spawnSync('dciodvfy', ['-'], { stdio: 'ignore' }).error === undefined;
if (!hasDciodvfy) console.warn('writeDicomSeg.test: dciodvfy (Debian dicom3tools) is not installed; the SEG validation check is skipped');

type Item = Record<string, unknown>;
const first = (value: unknown) => (value as Item[])[0]!;

/** Write a SEG of the fixture's bleed (55..95 HU) and read it back with dcmjs. */
async function roundTrip(name: string) {
  const { series } = await readDicomFolder(join(SERIES, name));
  const source = series[0]!.volume;
  const mask = { ...source, data: Uint8Array.from(source.data, (v) => (v >= 55 && v <= 95 ? 1 : 0)) };
  const file = join(tempDir(), `${name}.seg.dcm`);
  await writeDicomSeg(file, mask, source, { pipeline: 'default', version: '9.9.9' });
  const bytes = readFileSync(file);
  const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { file, source, mask, seg: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) };
}

describe('writeDicomSeg', () => {
  it.each(['jpegls-lossless', 'enhanced-ct-jpegls'])('%s: reads back to the same voxels at every frame position, referencing its sources', async (name) => {
    const { source, mask, seg } = await roundTrip(name);
    const [columns, rows, depth] = source.dims;
    expect([seg.SOPClassUID, seg.Modality, seg.SegmentationType, seg.Rows, seg.Columns, seg.NumberOfFrames]).toEqual([SEG_SOP_CLASS, 'SEG', 'BINARY', rows, columns, depth]);
    const packed = new Uint8Array((seg.PixelData as ArrayBuffer[])[0]!);
    const frames = seg.PerFrameFunctionalGroupsSequence as Item[];
    const slices = source.source!.dicomSlices!;
    let voxels = 0;
    frames.forEach((frame, k) => {
      // Frame k sits where source slice k does, and holds mask plane k.
      expect(first(frame.PlanePositionSequence).ImagePositionPatient).toEqual(slices[k]!.position);
      const reference = first(first(frame.DerivationImageSequence).SourceImageSequence);
      expect(reference.ReferencedSOPInstanceUID).toBe(slices[k]!.sopUid);
      if (name.startsWith('enhanced')) expect(reference.ReferencedFrameNumber).toBe(slices[k]!.frameNumber);
      for (let i = 0; i < rows * columns; i++) {
        const at = k * rows * columns + i;
        const bit = (packed[at >> 3]! >> (at & 7)) & 1;
        expect(bit).toBe(mask.data[at]);
        voxels += bit;
      }
    });
    expect(voxels).toBeGreaterThan(100); // the fixture's bleed, on every slice
    const segment = first(seg.SegmentSequence);
    expect(segment.SegmentLabel).toBe('Intracranial hemorrhage');
    expect(first(segment.SegmentedPropertyTypeCodeSequence)).toMatchObject({ CodeValue: '50960005', CodingSchemeDesignator: 'SCT' });
    expect(first(segment.SegmentationAlgorithmIdentificationSequence)).toMatchObject({ AlgorithmName: 'hemocam', AlgorithmVersion: '9.9.9', AlgorithmParameters: 'pipeline=default' });
    const shared = first(seg.SharedFunctionalGroupsSequence);
    expect(first(shared.PlaneOrientationSequence).ImageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
    expect(first(shared.PixelMeasuresSequence).PixelSpacing).toEqual([0.5, 0.5]);
    const sourceHeader = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(readFileSync(slices[0]!.file)).buffer).dict);
    for (const key of ['PatientID', 'StudyInstanceUID', 'FrameOfReferenceUID']) expect(seg[key]).toBe(sourceHeader[key]);
    expect(first(seg.ReferencedSeriesSequence).SeriesInstanceUID).toBe(sourceHeader.SeriesInstanceUID);
  });

  it.skipIf(!hasDciodvfy)('passes dciodvfy (dicom3tools) without errors or warnings', async () => {
    for (const name of ['jpegls-lossless', 'enhanced-ct-jpegls']) {
      const { file } = await roundTrip(name);
      const report = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
      const findings = (report.stdout + report.stderr).split('\n').filter((line) => /^(Error|Warning)/.test(line));
      expect(findings).toEqual([]);
    }
  });

  it('refuses a volume that did not come from DICOM', async () => {
    const { source, mask } = await roundTrip('rle');
    const plain = { ...source, source: { path: 'scan.nii.gz', format: 'nifti1' as const, qformCode: 1, sformCode: 1 } };
    await expect(writeDicomSeg(join(tempDir(), 'x.seg.dcm'), mask, plain, { pipeline: 'p', version: '1' })).rejects.toThrow(/scan\.nii\.gz was not read from DICOM/);
  });
});

describe('readDicomSeg', () => {
  it.each(['jpegls-lossless', 'enhanced-ct-jpegls'])('%s: a SEG hemocam wrote reads back as the mask, on the source grid', async (name) => {
    const { file, source, mask } = await roundTrip(name);
    const back = readDicomSeg(file);
    expect(back.dims).toEqual(source.dims);
    back.affine.flat().forEach((v, i) => expect(v).toBeCloseTo(source.affine.flat()[i]!, 5));
    expect(Array.from(back.data)).toEqual(Array.from(mask.data));
  });

  it('refuses a file that is no SEG, and a truncated SEG, naming the file', async () => {
    await expect(Promise.resolve().then(() => readDicomSeg(join(SERIES, 'rle', '1.dcm')))).rejects.toThrow(/rle\/1\.dcm: SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2 is not a Segmentation/);
    const { file } = await roundTrip('rle');
    const bytes = readFileSync(file);
    const cut = join(tempDir(), 'cut.seg.dcm');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 200));
    expect(() => readDicomSeg(cut)).toThrow(/cut\.seg\.dcm: /);
  });
});
