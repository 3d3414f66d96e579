import { z } from 'zod';
import { growRegion, maskWhere } from '@hemocam/imaging';
import { volumeLike, type Case, type Stage } from '@hemocam/core';
import { cleanupCandidates } from './cleanupCandidates.js';
import { cleanupShape } from './cleanupConfig.js';

const configSchema = z
  .object({
    seeds: z.enum(['hyperdense', 'cam']).default('hyperdense').describe('Seeds: clearly hyperdense voxels, or CAM peaks (needs a cam artifact)'),
    seedLow: z.number().default(60).describe('Hyperdense seeds: lowest HU'),
    camSeed: z.number().min(0).max(1).default(0.8).describe('CAM seeds: lowest CAM value (the seed must also be in the blood HU range)'),
    low: z.number().default(45).describe('Growth: lowest HU'),
    high: z.number().default(90).describe('Growth and seeds: highest HU'),
    maxStep: z.number().positive().default(20).describe('Growth: largest HU difference between neighbouring voxels (a gradient limit)'),
    ...cleanupShape,
  })
  .strict();

type Config = z.output<typeof configSchema>;

/**
 * Stage `region-grow`: seeds (clearly hyperdense voxels, or CAM peaks in the blood range) grown
 * through 6-connected brain voxels whose HU stays in range and changes by at most `maxStep`
 * from the voxel it grows from; then the shared clean-up.
 */
export class RegionGrowStage implements Stage {
  static readonly description = 'Unsupervised pseudo mask: region growing from hyperdense voxels or CAM peaks under HU and gradient limits';
  static readonly configSchema = configSchema;
  static readonly needs = (config: Config) => (config.seeds === 'cam' ? ['volume', 'brainMask', 'cam'] : ['volume', 'brainMask']);
  static readonly provides = ['pseudoMask'] as const;

  constructor(private readonly config: Config) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const cam = this.config.seeds === 'cam' ? item.get('cam').data : undefined;
    const { data, dims } = volume;
    const { seedLow, camSeed, low, high, maxStep } = this.config;
    const seeds = maskWhere(data.length, (i) => {
      const v = data[i]!;
      return brain[i] && v <= high && (cam ? cam[i]! >= camSeed && v >= low : v >= seedLow);
    });
    const grown = growRegion(seeds, dims, (j, i) => brain[j] !== 0 && data[j]! >= low && data[j]! <= high && Math.abs(data[j]! - data[i]!) <= maxStep);
    item.set('pseudoMask', volumeLike(volume, cleanupCandidates(grown, volume, brain, this.config)));
  }

  dispose(): void {}
}
