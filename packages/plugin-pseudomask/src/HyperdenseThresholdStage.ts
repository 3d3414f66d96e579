import { maskWhere } from '@hemocam/imaging';
import { z } from 'zod';
import { volumeLike, type Case, type Stage } from '@hemocam/core';
import { cleanupCandidates } from './cleanupCandidates.js';
import { cleanupShape } from './cleanupConfig.js';

const configSchema = z
  .object({
    low: z.number().default(50).describe('Lowest HU of acute blood'),
    high: z.number().default(90).describe('Highest HU of acute blood'),
    ...cleanupShape,
  })
  .strict()
  .refine((c) => c.low < c.high, { error: 'low must be below high', path: ['low'] });

/**
 * Stage `hyperdense-threshold`: voxels in the acute-blood HU range inside the brain mask,
 * then the shared clean-up (bone margin, calcifications and their rim, small components).
 * No labels of any kind.
 */
export class HyperdenseThresholdStage implements Stage {
  static readonly description = 'Unsupervised pseudo mask: acute-blood HU range inside the brain, away from bone and calcification';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask'] as const;
  static readonly provides = ['pseudoMask'] as const;

  constructor(private readonly config: z.output<typeof configSchema>) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const { low, high } = this.config;
    const hu = volume.data;
    const candidates = maskWhere(hu.length, (i) => hu[i]! >= low && hu[i]! <= high);
    item.set('pseudoMask', volumeLike(volume, cleanupCandidates(candidates, volume, brain, this.config)));
  }

  dispose(): void {}
}
