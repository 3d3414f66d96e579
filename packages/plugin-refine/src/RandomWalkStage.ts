import { z } from 'zod';
import { growRegion, maskWhere, randomWalk, removeSmallVolumes } from '@hemocam/imaging';
import { sliceLabelsOf, volumeLike, type Case, type Stage } from '@hemocam/core';
import { IGNORE_LABEL } from './ignoreLabel.js';

const configSchema = z
  .object({
    sigma: z.number().positive().default(10).describe('HU contrast between neighbouring voxels that stops the walk (edge weight exp(−ΔHU² / 2σ²))'),
    radius: z.number().int().min(1).max(20).default(4).describe('Voxels (6-connected steps inside the brain) around the seeds the walk decides; everything farther is background'),
    zWeight: z.number().min(0).max(1).default(1).describe('Factor on the edge weights between slices'),
    slices: z.enum(['all', 'labels']).default('all').describe("Where the walk may add voxels: every slice, or (a trainOnly teacher) only slices a training case's own slice labels call positive"),
    confidence: z
      .number()
      .min(0.5)
      .max(1)
      .default(0.5)
      .describe('A voxel the walk reaches a seed from with probability ≥ this is bleed, ≤ 1 − this background; between, it is marked ignore (output pseudoLabel only)'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop final 3-D components smaller than this'),
    output: z.enum(['mask', 'pseudoLabel']).default('mask').describe('Artifact to set: the final mask, or pseudo labels a light-unet stage learns from'),
  })
  .strict()
  .refine((c) => c.confidence === 0.5 || c.output === 'pseudoLabel', {
    error: 'confidence above 0.5 marks voxels ignore, which only pseudo labels can hold: set output: pseudoLabel',
    path: ['confidence'],
  });

type Config = z.output<typeof configSchema>;

/**
 * Stage `random-walk` (no training): refinement along image affinity. The `seeds` mask (for
 * instance cam-guided's output, renamed) grows by Grady's random walker on HU: each brain voxel
 * within `radius` of a seed gets the probability that a walk from it reaches a seed before the
 * background around, so the border settles on the strongest HU edge (seeds stay bleed).
 * Uncertain voxels can be marked ignore for the light U-Net instead of being forced to 0 or 1.
 */
export class RandomWalkStage implements Stage {
  static readonly description = 'Refinement along image affinity: a random walk on HU from the seeds mask decides the voxels around it';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask', 'seeds'] as const;
  static readonly provides = (config: Config) => [config.output];

  constructor(private readonly config: Config) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const seed = item.get('seeds').data;
    const [nx, ny, nz] = volume.dims;
    const plane = nx * ny;
    const positive = this.config.slices === 'labels' ? sliceLabelsOf(item, nz) : undefined;
    const open = (j: number) => brain[j] !== 0 && (!positive || positive[Math.floor(j / plane)] === 1);
    const start = maskWhere(seed.length, (i) => seed[i] !== 0 && brain[i] !== 0);
    const band = growRegion(start, volume.dims, open, this.config.radius);
    const seeds = Int8Array.from(band, (inBand, i) => (start[i] ? 1 : inBand ? -1 : 0));
    const probability = randomWalk(volume.data, volume.dims, seeds, { sigma: this.config.sigma, zWeight: this.config.zWeight });
    const { confidence } = this.config;
    const mask = removeSmallVolumes(
      maskWhere(probability.length, (i) => probability[i]! >= confidence),
      volume,
      this.config.minVolumeMm3,
    );
    if (confidence > 0.5) for (let i = 0; i < mask.length; i++) if (!mask[i] && probability[i]! > 1 - confidence) mask[i] = IGNORE_LABEL;
    item.set(this.config.output, volumeLike(volume, mask));
  }

  dispose(): void {}
}
