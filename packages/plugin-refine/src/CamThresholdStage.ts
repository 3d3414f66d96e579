import { z } from 'zod';
import { maskWhere, removeSmallVolumes } from '@hemocam/imaging';
import { volumeLike, type Case, type Stage } from '@hemocam/core';
import { camLevel } from './camLevel.js';

const configSchema = z
  .object({
    camThreshold: z
      .union([z.literal('otsu'), z.number().min(0).max(1)])
      .default('otsu')
      .describe('CAM level: per case by Otsu over brain voxels, or fixed'),
    sliceThreshold: z.number().min(0).max(1).default(0.5).describe('Nothing on slices whose sliceProbs are below this'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop 3-D components smaller than this'),
  })
  .strict();

/**
 * Stage `cam-threshold`: the CAM-only baseline — brain voxels whose CAM is above the level, on
 * slices called positive. No pseudo mask; shows what the other components add.
 */
export class CamThresholdStage implements Stage {
  static readonly description = 'Baseline mask: the CAM thresholded inside the brain on slices called positive (no pseudo mask)';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask', 'cam', 'sliceProbs'] as const;
  static readonly provides = ['mask'] as const;

  constructor(private readonly config: z.output<typeof configSchema>) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const cam = item.get('cam').data;
    const probs = item.get('sliceProbs');
    const plane = volume.dims[0] * volume.dims[1];
    const level = camLevel(cam, brain, this.config.camThreshold);
    const sliceThreshold = this.config.sliceThreshold;
    const mask = maskWhere(cam.length, (i) => brain[i] && cam[i]! >= level && probs[Math.floor(i / plane)]! >= sliceThreshold);
    item.set('mask', volumeLike(volume, removeSmallVolumes(mask, volume, this.config.minVolumeMm3)));
  }

  dispose(): void {}
}
