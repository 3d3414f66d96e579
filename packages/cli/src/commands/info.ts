import type { CommandModule } from 'yargs';
import { readNifti, tissueSummary, volumeStats } from '@hemocam/core';

interface InfoArgs {
  file: string;
  json: boolean;
}

/** `hemocam info FILE`: the NIfTI summary a user checks first. */
export const infoCommand: CommandModule<object, InfoArgs> = {
  command: 'info <file>',
  describe: 'Summarise a CT volume (.nii/.nii.gz): dims, spacing, datatype, affine, HU range',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'NIfTI file' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
      .example('$0 info scan.nii.gz', 'show the header and intensity summary'),
  handler: async (args) => {
    const volume = await readNifti(args.file);
    const stats = volumeStats(volume.data);
    const tissue = tissueSummary(volume.data);
    const summary = {
      file: args.file,
      format: volume.source?.format,
      dims: volume.frames > 1 ? [...volume.dims, volume.frames] : volume.dims,
      spacing: volume.spacing,
      datatype: volume.info.datatype,
      byteOrder: volume.info.littleEndian ? 'little-endian' : 'big-endian',
      scaling: volume.info.sclSlope === null ? null : { slope: volume.info.sclSlope, intercept: volume.info.sclInter },
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
