import type { CommandModule } from 'yargs';
import { statSync } from 'node:fs';
import { BACKENDS, HemocamError, type BackendName, type Volume } from '@hemocam/core';
import { readDicomFolder, readNifti, sliceStack, readDicomFile, TRANSFER_SYNTAXES } from '@hemocam/io';
import { tissueSummary, volumeStats } from '@hemocam/imaging';

/** A transfer syntax as a reader recognises it: its name and UID. */
const syntaxName = (uid: string) => `${TRANSFER_SYNTAXES[uid]?.name ?? 'unknown syntax'} (${uid})`;

interface Storage {
  datatype: string;
  /** DICOM only: the transfer syntax's name and UID. */
  transferSyntax?: string;
  byteOrder: string;
  scaling: { slope: number; intercept: number | null } | null;
}

/** A NIfTI file, one DICOM file, or a folder holding one DICOM series, with how its voxels were stored. */
async function readForInfo(path: string): Promise<{ volume: Volume; storage: Storage }> {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    const { series, skipped } = await readDicomFolder(path);
    if (series.length > 1) throw new HemocamError('INPUT', `${path} holds ${series.length} DICOM series (${series.map((s) => s.seriesUid).join(', ')}); put each in its own folder`, { file: path });
    const only = series[0]!; // readDicomFolder throws when the folder holds no series
    for (const skip of skipped) process.stderr.write(`hemocam: warning: skipped ${skip.reason.startsWith(skip.file) ? skip.reason : `${skip.file}: ${skip.reason}`}\n`);
    const datatype = `DICOM series, ${only.sopUids.length} images${skipped.length ? `, ${skipped.length} file(s) skipped` : ''}`;
    return { volume: only.volume, storage: { datatype, transferSyntax: syntaxName(only.transferSyntax), byteOrder: 'rescaled', scaling: null } };
  }
  if (/\.dcm$/i.test(path)) {
    const slices = await readDicomFile(path);
    const first = slices[0]!; // readDicomFile returns one slice per frame, at least one
    const datatype = slices.length > 1 ? `DICOM multi-frame, ${slices.length} frames` : 'DICOM image';
    const storage = { datatype, transferSyntax: syntaxName(first.transferSyntax), byteOrder: 'rescaled', scaling: { slope: first.rescaleSlope, intercept: first.rescaleIntercept } };
    return { volume: sliceStack(slices, path).volume, storage };
  }
  const volume = await readNifti(path);
  const { info } = volume;
  const scaling = info.sclSlope === null ? null : { slope: info.sclSlope, intercept: info.sclInter };
  return { volume, storage: { datatype: info.datatype, byteOrder: info.littleEndian ? 'little-endian' : 'big-endian', scaling } };
}

interface InfoArgs {
  file?: string;
  backend?: string;
  json: boolean;
}

/** `hemocam info --backend [name]`: the tensor backend this machine gets, and which kernels run natively. */
async function printBackend(requested: string, json: boolean): Promise<void> {
  if (requested && !(BACKENDS as readonly string[]).includes(requested))
    throw new HemocamError('USAGE', `--backend ${requested}: not a backend; choose one of ${BACKENDS.join(', ')} (or give none for auto)`);
  const { selectBackend, describeBackend } = await import('@hemocam/tensor');
  const selected = await selectBackend((requested || 'auto') as BackendName);
  const native = selected.native;
  const summary = { backend: selected.name, summary: describeBackend(selected), native: native ?? null };
  if (json) return void process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  const lines = [`backend      ${summary.summary}`];
  if (native?.active) lines.push(`native       ${native.kernels.join(', ')}`, `other ops    TensorFlow.js wasm (XNNPACK, one thread)`);
  else if (native) lines.push(`hint         the native kernels build when the package installs (g++, make, python3); \`npm rebuild @hemocam/native\` retries`);
  process.stdout.write(lines.join('\n') + '\n');
}

/** `hemocam info FILE`: the NIfTI summary a user checks first. */
export const infoCommand: CommandModule<object, InfoArgs> = {
  command: 'info [file]',
  describe: 'Summarise a CT volume (.nii/.nii.gz, a .dcm file or a DICOM series folder): dims, spacing, affine, HU; or, with --backend, the tensor backend and its native kernels',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'NIfTI file, DICOM file or DICOM series folder' })
      .option('backend', { type: 'string', describe: `Print the tensor backend this machine gets (${BACKENDS.join(', ')}; none given: auto) and which kernels run natively` })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
      .example('$0 info scan.nii.gz', 'show the header and intensity summary')
      .example('$0 info --backend', 'show the backend and whether native kernels are active'),
  handler: async (args) => {
    if (args.file !== undefined && args.backend !== undefined) throw new HemocamError('USAGE', 'hemocam info: give a file or --backend, not both');
    if (args.backend !== undefined) return printBackend(args.backend, args.json);
    if (args.file === undefined) throw new HemocamError('USAGE', 'hemocam info: give a file to summarise (NIfTI, DICOM file or series folder), or --backend');
    const { volume, storage } = await readForInfo(args.file);
    const stats = volumeStats(volume.data);
    const tissue = tissueSummary(volume.data);
    const summary = {
      file: args.file,
      format: volume.source?.format,
      dims: volume.frames > 1 ? [...volume.dims, volume.frames] : volume.dims,
      spacing: volume.spacing,
      ...storage,
      orientation: volume.orientation,
      affine: volume.affine,
      qformCode: volume.source?.qformCode,
      sformCode: volume.source?.sformCode,
      min: stats.min,
      max: stats.max,
      mean: stats.mean,
      nonFinite: stats.nonFinite,
      tissue,
    };
    if (args.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      return;
    }
    const fmt = (n: number) => String(Number(n.toFixed(4)));
    const lines = [
      `file         ${summary.file} (${summary.format})`,
      `dims         ${summary.dims.join(' × ')}`,
      `spacing mm   ${summary.spacing.map(fmt).join(' × ')}`,
      `datatype     ${summary.datatype} (${summary.byteOrder})${summary.scaling ? `, scaled ×${fmt(summary.scaling.slope)} + ${fmt(summary.scaling.intercept ?? 0)}` : ''}`,
      ...(summary.transferSyntax ? [`syntax       ${summary.transferSyntax}`] : []),
      `orientation  ${summary.orientation} (sform code ${summary.sformCode}, qform code ${summary.qformCode})`,
      `affine       ${summary.affine.map((row) => row.map(fmt).join('  ')).join('\n             ')}`,
      `values       min ${fmt(stats.min)}  max ${fmt(stats.max)}  mean ${fmt(stats.mean)}${stats.nonFinite ? `  (${stats.nonFinite} NaN/Inf voxels)` : ''}`,
      `tissue HU    ${Object.entries({ 'air < -200': tissue.air, 'soft -100..100': tissue.soft, 'bone > 300': tissue.bone })
        .map(([band, t]) => `${band}: ${(t.fraction * 100).toFixed(1)}%${t.fraction > 0 ? ` (median ${t.median})` : ''}`)
        .join('  ')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  },
};
