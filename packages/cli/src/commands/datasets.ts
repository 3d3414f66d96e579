import type { CommandModule } from 'yargs';
import { openDataset, readDicomHeader, readNifti } from '@hemocam/io';
import { createCliProgress } from '../cliProgress.js';

interface InspectArgs {
  dir: string;
  json: boolean;
}

/** `hemocam datasets inspect DIR`: the layout found, cases, slices, positives, and unreadable files. */
const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <dir>',
  describe: 'Detect the layout of a dataset folder and summarise it',
  builder: (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'Dataset folder' }).option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    const dataset = await openDataset(args.dir);
    const problems = [...dataset.problems];
    let slices = 0;
    const task = createCliProgress({ quiet: args.json }).start('reading headers', dataset.cases.length);
    for (const c of dataset.cases) {
      try {
        if (c.dicomFiles) {
          c.dicomFiles.forEach((f) => readDicomHeader(f));
          slices += c.dicomFiles.length;
        } else {
          slices += (await readNifti(c.path)).dims[2]; // the whole file: a truncated gzip stream shows only past the header
        }
      } catch (error) {
        problems.push({ file: c.path, reason: (error as Error).message.replace(`${c.path}: `, '') });
      }
      task.tick(1, c.id);
    }
    task.done();
    const labelled = dataset.cases.filter((c) => c.labels);
    const positiveSlices = labelled.reduce((n, c) => n + (c.labels?.slices?.filter((s) => s === 1).length ?? 0), 0);
    const positiveCases = labelled.filter((c) => c.labels?.scan === 1 || c.labels?.slices?.includes(1)).length;
    const splits = Object.fromEntries([...new Set(dataset.cases.map((c) => c.split ?? 'none'))].map((s) => [s, dataset.cases.filter((c) => (c.split ?? 'none') === s).length]));
    const summary = {
      root: dataset.root,
      layout: dataset.layout,
      cases: dataset.cases.length,
      slices,
      labelledCases: labelled.length,
      positiveCases,
      positiveSlices,
      masks: dataset.masks.size,
      splits,
      problems,
      notices: dataset.notices ?? [],
    };
    if (args.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    } else {
      process.stdout.write(
        [
          `layout         ${summary.layout} (${summary.root})`,
          `cases          ${summary.cases} (${Object.entries(splits)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', ')})`,
          `slices         ${slices}`,
          `weak labels    ${labelled.length} case(s); ${positiveCases} positive case(s), ${positiveSlices} positive slice(s)`,
          `voxel masks    ${dataset.masks.size} (for evaluation only)`,
          `unreadable     ${problems.length}`,
          ...problems.map((p) => `  ${p.file}: ${p.reason}`),
          ...summary.notices.map((n) => `warning: ${n}`),
        ].join('\n') + '\n',
      );
    }
    if (problems.length > 0) process.exitCode = 2;
  },
};

export const datasetsCommand: CommandModule = {
  command: 'datasets <command>',
  describe: 'Inspect datasets: hemocam, INSTANCE 2022, PhysioNet CT-ICH, BHSD, RSNA 2019, plain NIfTI/DICOM',
  builder: (y) => y.command(inspectCommand).demandCommand(1),
  handler: () => undefined,
};
