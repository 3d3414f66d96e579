import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { HemocamError } from '@hemocam/core';
import { openReferenceMasks } from '@hemocam/io';
import { createCliLogger } from '../cliLogger.js';
import { assetsFolderOf, writeReport } from '../report/writeReport.js';

interface ReportArgs {
  pred: string;
  data: string;
  gt?: string;
  out: string;
  viewer: number;
  force: boolean;
  quiet: boolean;
}

/** `hemocam report`: see `writeReport`. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report',
  describe: 'Write an HTML report (metrics, per-case slice strips, an interactive viewer) for a hemocam run output',
  builder: (y) =>
    y
      .option('pred', {
        type: 'string',
        demandOption: true,
        describe: 'Output folder of `hemocam run` (run it with --save-intermediates to see CAM and pseudo masks), or any folder of <id>.nii.gz / <id>_mask / _pred / _seg masks',
      })
      .option('data', { type: 'string', demandOption: true, describe: 'The dataset: its images, and its reference masks unless --gt gives them' })
      .option('gt', { type: 'string', describe: 'Reference masks from elsewhere, as for `eval --gt` (a dataset root or a folder of <id>.nii.gz masks), e.g. for DICOM series' })
      .option('out', { type: 'string', demandOption: true, describe: 'HTML file to write; its assets go to <name>_files/ beside it' })
      .option('viewer', { type: 'number', default: 20, describe: 'How many cases, worst first, the viewer can open (each writes its volumes beside the page)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing report' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors' })
      .example('$0 report --pred pred --data ph64/test --out report.html', '')
      .example('$0 report --pred seg --data dicom-series --gt masks --out report.html', 'DICOM series, reference masks beside, DICOM-SEG predictions'),
  handler: async (args) => {
    if (!Number.isInteger(args.viewer) || args.viewer < 0) throw new HemocamError('USAGE', `--viewer must be a number of cases, 0 or more (got ${String(args.viewer)})`);
    const logger = createCliLogger({ quiet: args.quiet });
    const out = resolve(args.out);
    const assets = assetsFolderOf(out);
    if ((existsSync(out) || existsSync(assets)) && !args.force)
      throw new HemocamError('EXISTS', `${args.out} (or ${basename(assets)}/) already exists; choose another --out or pass --force`, { file: out });
    const images = await openReferenceMasks(args.data);
    const dataset = args.gt === undefined ? images : { ...images, masks: (await openReferenceMasks(args.gt)).masks };
    if (dataset.cases.length === 0)
      throw new HemocamError('INPUT', `${args.data} holds masks but no CT images; give the dataset root (images and masks) so that the report can show the scans`, { file: args.data });
    if (dataset.masks.size === 0) {
      const where = args.gt ?? args.data;
      throw new HemocamError('INPUT', `${where} has no reference masks to report against; give a dataset with masks${args.gt === undefined ? ', or the masks with --gt' : ''}`, { file: where });
    }
    const cases = await writeReport({ pred: args.pred, dataset, out, viewer: args.viewer, logger });
    logger.info(`wrote ${args.out} (${cases} cases; open it in a browser)`);
  },
};
