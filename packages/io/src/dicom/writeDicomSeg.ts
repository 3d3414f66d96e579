import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dicomParser } from './dicomParser.js';
import dcmjs from 'dcmjs';
import { HemocamError, writeFileAtomic, type Volume } from '@hemocam/core';

/** Segmentation Storage. */
export const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
/** hemocam's implementation class UID (a UUID-derived 2.25 UID, fixed). */
const IMPLEMENTATION_UID = '2.25.170603226411402307473366117005632101842';

/** Who wrote the segmentation, for the segment's algorithm identification. */
export interface SegAlgorithm {
  /** The pipeline's name. */
  pipeline: string;
  /** hemocam's version. */
  version: string;
}

/** A fresh UID under 2.25 (the standard's UUID-derived root). */
function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string) => [{ CodeValue, CodingSchemeDesignator, CodeMeaning }];

/** Patient, study and frame-of-reference attributes copied from the source image (Type 2: present, maybe empty). */
const COPIED: [keyword: string, tag: string][] = [
  ['PatientName', 'x00100010'],
  ['PatientID', 'x00100020'],
  ['PatientBirthDate', 'x00100030'],
  ['PatientSex', 'x00100040'],
  ['StudyInstanceUID', 'x0020000d'],
  ['StudyDate', 'x00080020'],
  ['StudyTime', 'x00080030'],
  ['ReferringPhysicianName', 'x00080090'],
  ['StudyID', 'x00200010'],
  ['AccessionNumber', 'x00080050'],
  ['FrameOfReferenceUID', 'x00200052'],
  ['PositionReferenceIndicator', 'x00201040'],
];

/**
 * Write `mask` (a binary volume on the grid of `source`, which was read from a DICOM series)
 * as one DICOM Segmentation object: BINARY, one segment "Intracranial hemorrhage", one frame
 * per source slice, each frame referencing its source image (and frame), the source's frame of
 * reference and geometry. dcmjs encodes the data set; the SEG's content is built here because
 * dcmjs's own SEG derivation needs its normalised multi-frame copy of the source images.
 */
export async function writeDicomSeg(file: string, mask: Volume, source: Volume, algorithm: SegAlgorithm): Promise<void> {
  const slices = source.source?.dicomSlices;
  const [columns, rows, depth] = source.dims;
  if (!slices || slices.length !== depth) throw new HemocamError('USAGE', `${source.source?.path ?? 'the input'} was not read from DICOM; a DICOM-SEG needs a DICOM source series`);
  if (mask.dims.join() !== source.dims.join()) throw new HemocamError('RUNTIME', `the mask (${mask.dims.join('×')}) is not on the grid of its source (${source.dims.join('×')})`);
  const first = dicomParser.parseDicom(readFileSync(slices[0]!.file), { untilTag: 'x7fe00010' });
  const copied = Object.fromEntries(COPIED.map(([keyword, tag]) => [keyword, first.string(tag) ?? '']));
  // Geometry from the affine (RAS → LPS): columns of the LPS matrix are the row and column steps.
  const lps = source.affine.slice(0, 3).map((row, i) => (i < 2 ? row.map((v) => -v) : row));
  const [sx, sy, sz] = source.spacing;
  const orientation = [...[0, 1, 2].map((i) => lps[i]![0]! / sx), ...[0, 1, 2].map((i) => lps[i]![1]! / sy)].map((v) => Number(v.toFixed(6)));
  const now = new Date();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  const sopUid = newUid();
  const plane = rows * columns;
  const bits = new Uint8Array(Math.ceil((plane * depth) / 8));
  for (let i = 0; i < plane * depth; i++) if (mask.data[i]! > 0) bits[i >> 3]! |= 1 << (i & 7); // frames back to back, first pixel in the low bit
  const sourceInstances = [...new Map(slices.map((s) => [s.sopUid, s])).values()];
  const framesOf = new Map<string, number>();
  for (const s of slices) framesOf.set(s.sopUid, (framesOf.get(s.sopUid) ?? 0) + 1);
  const dataset = {
    _vrMap: { PixelData: 'OB' },
    SOPClassUID: SEG_SOP_CLASS,
    SOPInstanceUID: sopUid,
    SpecificCharacterSet: 'ISO_IR 192',
    ...copied,
    Modality: 'SEG',
    SeriesInstanceUID: newUid(),
    SeriesNumber: 901,
    SeriesDescription: `hemocam ${algorithm.pipeline}`.slice(0, 64),
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
    SeriesDate: date,
    SeriesTime: time,
    Manufacturer: 'hemocam',
    ManufacturerModelName: 'hemocam',
    DeviceSerialNumber: '0',
    SoftwareVersions: algorithm.version,
    ContentLabel: 'HEMORRHAGE',
    ContentDescription: `Intracranial hemorrhage, ${algorithm.pipeline}`.slice(0, 64),
    ContentCreatorName: '',
    ImageType: ['DERIVED', 'PRIMARY'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    NumberOfFrames: depth,
    SegmentSequence: [
      {
        SegmentNumber: 1,
        SegmentLabel: 'Intracranial hemorrhage',
        SegmentAlgorithmType: 'AUTOMATIC',
        SegmentAlgorithmName: `hemocam ${algorithm.pipeline}`.slice(0, 64),
        SegmentedPropertyCategoryCodeSequence: code('49755003', 'SCT', 'Morphologically Abnormal Structure'),
        SegmentedPropertyTypeCodeSequence: code('50960005', 'SCT', 'Hemorrhage'),
        AnatomicRegionSequence: code('12738006', 'SCT', 'Brain'),
        SegmentationAlgorithmIdentificationSequence: [
          {
            AlgorithmFamilyCodeSequence: code('123110', 'DCM', 'Artificial Intelligence'),
            AlgorithmName: 'hemocam',
            AlgorithmVersion: algorithm.version,
            AlgorithmParameters: `pipeline=${algorithm.pipeline}`,
          },
        ],
        RecommendedDisplayCIELabValue: [35000, 53000, 46000],
      },
    ],
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: first.string('x0020000e') ?? '',
        ReferencedInstanceSequence: sourceInstances.map((s) => ({ ReferencedSOPClassUID: s.sopClassUid, ReferencedSOPInstanceUID: s.sopUid })),
      },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: sopUid + '.1' }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: sopUid + '.1', DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID: sopUid + '.1', DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [{ PixelSpacing: [sy, sx], SliceThickness: sz, SpacingBetweenSlices: sz }],
        PlaneOrientationSequence: [{ ImageOrientationPatient: orientation }],
      },
    ],
    PerFrameFunctionalGroupsSequence: slices.map((s, k) => ({
      FrameContentSequence: [{ DimensionIndexValues: [1, k + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: s.position }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
      DerivationImageSequence: [
        {
          DerivationCodeSequence: code('113076', 'DCM', 'Segmentation'),
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: s.sopClassUid,
              ReferencedSOPInstanceUID: s.sopUid,
              ...(framesOf.get(s.sopUid)! > 1 ? { ReferencedFrameNumber: s.frameNumber } : {}), // a frame of a multi-frame source
              PurposeOfReferenceCodeSequence: code('121322', 'DCM', 'Source image for image processing operation'),
            },
          ],
        },
      ],
    })),
    PixelData: [bits.buffer],
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS,
    MediaStorageSOPInstanceUID: sopUid,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: IMPLEMENTATION_UID,
    ImplementationVersionName: `HEMOCAM_${algorithm.version}`.slice(0, 16),
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  await writeFileAtomic(file, new Uint8Array(dict.write()));
}
