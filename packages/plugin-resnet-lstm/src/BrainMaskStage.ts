import { z } from 'zod';
import { brainMask } from './brainMask.js';
import type { Case, Stage } from '@hemocam/core';

const configSchema = z
  .object({
    boneHu: z.number().default(300).describe('HU above which a voxel is bone'),
    softMin: z.number().default(-15).describe('Lowest HU kept inside the skull'),
    softMax: z.number().default(300).describe('Highest HU kept inside the skull (default: up to bone, so blood in partial volume with the inner table stays)'),
  })
  .strict();

/**
 * Stage `brain-mask`: intracranial soft tissue without supervision (skull by HU threshold,
 * what it encloses per slice, the largest 3-D component); the `brainMask` pseudo masks and
 * refinement restrict themselves to.
 */
export class BrainMaskStage implements Stage {
  static readonly description = 'Unsupervised brain mask: soft tissue enclosed by the skull, largest 3-D component';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume'] as const;
  static readonly provides = ['brainMask'] as const;

  constructor(private readonly config: z.output<typeof configSchema>) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    item.set('brainMask', brainMask(volume, { boneHu: this.config.boneHu, softRange: [this.config.softMin, this.config.softMax] }));
  }

  dispose(): void {}
}
