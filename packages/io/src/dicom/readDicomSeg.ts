import { readFileSync } from 'node:fs';
import { dicomParser } from './dicomParser.js';
import dcmjs from 'dcmjs';
import { HemocamError, orientationOf, type Volume } from '@hemocam/core';
import { dicomAffine } from './dicomAffine.js';
import { sliceNormal } from './sliceNormal.js';
import { SEG_SOP_CLASS } from './writeDicomSeg.js';

type Item = Record<string, unknown>;
const first = (value: unknown): Item | undefined => (Array.isArray(value) ? (value[0] as Item | undefined) : undefined);
const numbers = (value: unknown, count: number): number[] | undefined => {
  const list = (Array.isArray(value) ? value : [value]).map(Number);
  return list.length === count && list.every(Number.isFinite) ? list : undefined;
};

/**
 * A DICOM Segmentation object as a binary mask volume (every segment united): frames placed by
 * their ImagePositionPatient along the slice normal, on a grid from the first to the last frame
 * position with the slice spacing of SpacingBetweenSlices (else the smallest gap between frames),
 * geometry as a DICOM series is stacked (`dicomAffine`). BINARY and FRACTIONAL
 * (≥ half the maximum) segmentations; anything else is refused naming the file.
 */
export function readDicomSeg(file: string): Volume {
  const refuse = (reason: string): never => {
    throw new HemocamError('INPUT', `${file}: ${reason}`, { file });
  };
  let seg: Item;
  try {
    const bytes = readFileSync(file);
    // dcmjs reads past the end of a cut file without a word; dicom-parser's walk of the data set does not.
    dicomParser.parseDicom(bytes);
    seg = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).dict);
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    const reason = typeof cause === 'string' ? cause : ((cause as { exception?: string }).exception ?? (cause as Error).message);
    return refuse(`not a readable DICOM file (${reason}); a file cut short, or no DICOM at all`);
  }
  if (seg.SOPClassUID !== SEG_SOP_CLASS) return refuse(`SOP class ${String(seg.SOPClassUID)} is not a Segmentation (${SEG_SOP_CLASS})`);
  const rows = Number(seg.Rows);
  const columns = Number(seg.Columns);
  const frames = Number(seg.NumberOfFrames ?? 1);
  const type = String(seg.SegmentationType);
  const bits = Number(seg.BitsAllocated);
  if (!(rows > 0 && columns > 0 && frames > 0)) return refuse(`no frames (rows ${rows}, columns ${columns}, frames ${frames})`);
  if (!((type === 'BINARY' && bits === 1) || (type === 'FRACTIONAL' && bits === 8)))
    return refuse(`a ${type} segmentation of ${bits}-bit pixels; hemocam reads BINARY (1-bit) and FRACTIONAL (8-bit) ones`);
  const pixelData = seg.PixelData;
  const packed = new Uint8Array(Array.isArray(pixelData) ? (pixelData[0] as ArrayBuffer) : (pixelData as ArrayBuffer));
  const plane = rows * columns;
  if (packed.length < (type === 'BINARY' ? Math.ceil((plane * frames) / 8) : plane * frames))
    return refuse(`pixel data has ${packed.length} bytes, too few for ${frames} frames of ${rows}×${columns}; the file is truncated`);
  const shared = first(seg.SharedFunctionalGroupsSequence) ?? {};
  const perFrame = (seg.PerFrameFunctionalGroupsSequence as Item[] | undefined) ?? [];
  const attribute = (k: number, sequence: string, key: string, count: number) => numbers(first(perFrame[k]?.[sequence])?.[key], count) ?? numbers(first(shared[sequence])?.[key], count);
  const orientation = attribute(0, 'PlaneOrientationSequence', 'ImageOrientationPatient', 6) ?? refuse('no ImageOrientationPatient in its functional groups');
  const [rowStep, colStep] = attribute(0, 'PixelMeasuresSequence', 'PixelSpacing', 2) ?? refuse('no PixelSpacing in its functional groups');
  const normal = sliceNormal(orientation);
  const positions = Array.from({ length: frames }, (_, k) => attribute(k, 'PlanePositionSequence', 'ImagePositionPatient', 3) ?? refuse(`frame ${k + 1} has no ImagePositionPatient`));
  const along = positions.map((p) => p[0]! * normal[0] + p[1]! * normal[1] + p[2]! * normal[2]);
  const distinct = [...new Set(along.map((a) => Math.round(a * 1e4) / 1e4))].sort((a, b) => a - b);
  const gaps = distinct.slice(1).map((a, i) => a - distinct[i]!);
  const stated = Number(first(shared.PixelMeasuresSequence)?.SpacingBetweenSlices);
  const spacingZ = Number.isFinite(stated) && stated > 0 ? stated : gaps.length ? Math.min(...gaps) : 1;
  const low = distinct[0]!;
  const depth = Math.round((distinct[distinct.length - 1]! - low) / spacingZ) + 1;
  const data = new Uint8Array(plane * depth);
  const maxFraction = Number(seg.MaximumFractionalValue ?? 255);
  for (let k = 0; k < frames; k++) {
    const exact = (along[k]! - low) / spacingZ;
    const z = Math.round(exact);
    if (Math.abs(exact - z) > 0.1) refuse(`frame ${k + 1} lies between the slices of a ${spacingZ} mm grid`);
    for (let i = 0; i < plane; i++) {
      const at = k * plane + i;
      const on = type === 'BINARY' ? (packed[at >> 3]! >> (at & 7)) & 1 : packed[at]! >= maxFraction / 2 ? 1 : 0;
      if (on) data[z * plane + i] = 1;
    }
  }
  const origin = positions[along.indexOf(Math.min(...along))]!;
  const affine = dicomAffine(orientation, [rowStep!, colStep!], spacingZ, origin);
  return {
    data,
    dims: [columns, rows, depth],
    frames: 1,
    spacing: [colStep!, rowStep!, spacingZ],
    affine,
    orientation: orientationOf(affine),
    source: { path: file, format: 'dicom', qformCode: 0, sformCode: 1 },
  };
}
