import type { CommandModule } from 'yargs';
import { HemocamError } from '@hemocam/core';
import { PHANTOM_DIFFICULTIES, synthDataset, type PhantomDifficulty } from '@hemocam/phantom';
import { createCliProgress } from '../cliProgress.js';

interface SynthArgs {
  out: string;
  cases: number;
  seed: number;
  size: number;
  slices: number;
  'positive-fraction': number;
  difficulty: PhantomDifficulty;
  force: boolean;
}

/** `hemocam synth`: a synthetic head-CT dataset with ground truth in hemocam's own layout. */
export const synthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: 'Make a synthetic head-CT phantom dataset (images, masks, slice labels, splits)',
  builder: (y) =>
    y
      .option('out', { type: 'string', demandOption: true, describe: 'Folder to create' })
      .option('cases', { type: 'number', default: 20, describe: 'Number of cases' })
      .option('seed', { type: 'number', default: 0, describe: 'Same seed, same bytes' })
      .option('size', { type: 'number', default: 512, describe: 'In-plane voxels (0.42–0.49 mm at 512)' })
      .option('slices', { type: 'number', default: 32, describe: 'Axial slices over ~160 mm (5 mm at 32)' })
      .option('positive-fraction', { type: 'number', default: 0.55, describe: 'Fraction of cases with hemorrhage' })
      .option('difficulty', {
        choices: PHANTOM_DIFFICULTIES,
        default: 'standard' as const,
        describe:
          'standard: acute blood, cleanly hyperdense; hard: hyperacute, mixed and isodense bleeds, mimics in the blood range (calcifications, dense vessels, cupping, streaks), RSNA type proportions',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Write into a folder that is not empty' })
      .example('$0 synth --out phantom --cases 4 --size 128 --slices 16 --seed 1', 'a small set for a quick look')
      .example('$0 synth --out hard --cases 60 --size 256 --difficulty hard', 'a set that HU thresholds alone cannot solve'),
  handler: async (args) => {
    for (const [name, value, min, max] of [
      ['size', args.size, 16, 1024],
      ['slices', args.slices, 4, 256],
      ['cases', args.cases, 1, 100000],
      ['seed', args.seed, 0, 2 ** 32 - 1],
    ] as const) {
      if (!Number.isInteger(value) || value < min || value > max) throw new HemocamError('USAGE', `--${name} must be an integer from ${min} to ${max} (got ${value})`);
    }
    const fraction = args['positive-fraction'];
    if (!(fraction >= 0 && fraction <= 1)) throw new HemocamError('USAGE', `--positive-fraction must lie in [0, 1] (got ${fraction})`);
    const entries = await synthDataset({
      out: args.out,
      cases: args.cases,
      seed: args.seed,
      size: args.size,
      slices: args.slices,
      positiveFraction: fraction,
      difficulty: args.difficulty,
      force: args.force,
      progress: createCliProgress(),
    });
    const positives = entries.filter((e) => e.positive).length;
    process.stdout.write(`${args.out}: ${entries.length} cases (${positives} with hemorrhage), ${args.size}×${args.size}×${args.slices}, ${args.difficulty}; see ${args.out}/dataset.json\n`);
  },
};
