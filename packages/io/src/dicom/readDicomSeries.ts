import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HemocamError, orientationOf, type Volume } from '@hemocam/core';
import { dicomAffine } from './dicomAffine.js';
import { sliceNormal } from './sliceNormal.js';
import { readDicomFile, type DicomSlice } from './readDicomFile.js';

export interface DicomSeries {
  seriesUid: string;
  volume: Volume;
  /** SOP Instance UIDs in slice order (z), for slice-level labels keyed by instance. */
  sopUids: string[];
  /** Transfer syntax UID of the series' files (one for all: sliceStack refuses a mix). */
  transferSyntax: string;
}

export interface DicomFolderResult {
  series: DicomSeries[];
  /** Files that were not readable DICOM images, with the reason. */
  skipped: { file: string; reason: string }[];
}

/** Read every DICOM image in a folder (not recursive) and build one volume per series. */
export async function readDicomFolder(dir: string): Promise<DicomFolderResult> {
  const files = readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
  const skipped: DicomFolderResult['skipped'] = [];
  const bySeries = new Map<string, DicomSlice[]>();
  for (const file of files) {
    try {
      const slices = await readDicomFile(file);
      const uid = slices[0]?.seriesUid ?? '';
      bySeries.set(uid, [...(bySeries.get(uid) ?? []), ...slices]);
    } catch (error) {
      skipped.push({ file, reason: (error as Error).message });
    }
  }
  if (bySeries.size === 0) {
    throw new HemocamError('INPUT', `${dir} holds no readable DICOM image${skipped[0] ? ` (first problem: ${skipped[0].reason})` : ''}`, { file: dir });
  }
  return { series: [...bySeries.entries()].map(([uid, slices]) => ({ seriesUid: uid, ...sliceStack(slices, dir) })), skipped };
}

/**
 * Stack the slices of one series into a volume: sorted along the slice normal by
 * ImagePositionPatient, slice spacing from the positions (not SliceThickness), and the
 * LPS patient geometry turned into a RAS affine as NIfTI expects.
 */
export function sliceStack(slices: DicomSlice[], where: string): Omit<DicomSeries, 'seriesUid'> {
  const first = slices[0];
  if (!first) throw new HemocamError('INPUT', `${where}: a DICOM series without images`, { file: where });
  const normal = sliceNormal(first.imageOrientation);
  const along = (s: DicomSlice) => s.imagePosition[0] * normal[0] + s.imagePosition[1] * normal[1] + s.imagePosition[2] * normal[2];
  const sorted = [...slices].sort((a, b) => along(a) - along(b));
  for (const s of sorted) {
    if (s.transferSyntax !== first.transferSyntax) {
      throw new HemocamError(
        'INPUT',
        `${s.file}: transfer syntax ${s.transferSyntax} in series ${first.seriesUid}, whose other images (${first.file}) are ${first.transferSyntax}; a series must be stored in one syntax — re-export it, or convert it with \`gdcmconv\``,
        { file: s.file },
      );
    }
    if (s.rows !== first.rows || s.columns !== first.columns) {
      throw new HemocamError('INPUT', `${where}: series ${first.seriesUid} mixes ${first.rows}×${first.columns} and ${s.rows}×${s.columns} images (${s.file})`, { file: s.file });
    }
  }
  const gaps = sorted.slice(1).map((s, i) => along(s) - along(sorted[i]!));
  if (gaps.some((g) => g < 1e-3)) {
    throw new HemocamError('INPUT', `${where}: series ${first.seriesUid} has two images at the same position; it may hold several acquisitions or a localizer`, { file: where });
  }
  const spacingZ = gaps.slice().sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 1; // one slice: 1 mm
  if (gaps.some((g) => Math.abs(g - spacingZ) > 0.1 * spacingZ)) {
    throw new HemocamError(
      'INPUT',
      `${where}: series ${first.seriesUid} has uneven slice spacing (${Math.min(...gaps).toFixed(2)}–${Math.max(...gaps).toFixed(2)} mm); missing slices or a gantry tilt`,
      { file: where },
    );
  }
  const [rowStep, colStep] = first.pixelSpacing; // PixelSpacing: between rows, then between columns
  const affine = dicomAffine(first.imageOrientation, first.pixelSpacing, spacingZ, (sorted[0] ?? first).imagePosition);
  const plane = first.rows * first.columns;
  const data = new Float32Array(plane * sorted.length);
  sorted.forEach((s, k) => data.set(s.values, k * plane));
  const integral = data.every((v) => Number.isInteger(v) && v >= -32768 && v <= 32767);
  return {
    volume: {
      data: integral ? Int16Array.from(data) : data,
      dims: [first.columns, first.rows, sorted.length],
      frames: 1,
      spacing: [colStep, rowStep, spacingZ],
      affine,
      orientation: orientationOf(affine),
      source: {
        path: where,
        format: 'dicom',
        qformCode: 0,
        sformCode: 1,
        dicomSlices: sorted.map((s) => ({ file: s.file, sopClassUid: s.sopClassUid, sopUid: s.sopUid, frameNumber: s.frameNumber, position: s.imagePosition })),
      },
    },
    sopUids: sorted.map((s) => s.sopUid),
    transferSyntax: first.transferSyntax,
  };
}
