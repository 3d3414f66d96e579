import { z } from 'zod';
import { growRegion, labelComponents, maskWhere, removeSmallVolumes } from '@hemocam/imaging';
import { HemocamError, sliceLabelsOf, volumeLike, type Case, type Stage } from '@hemocam/core';
import { camLevel } from './camLevel.js';

const configSchema = z
  .object({
    camThreshold: z
      .union([z.literal('otsu'), z.number().min(0).max(1)])
      .default('otsu')
      .describe('CAM level that counts as support: per case by Otsu over brain voxels, or fixed'),
    minSupport: z.number().min(0).max(1).default(0.2).describe('Keep a pseudo-mask component if at least this fraction of its voxels has CAM support'),
    sliceThreshold: z.number().min(0).max(1).default(0.5).describe('Drop everything on slices whose sliceProbs are below this'),
    sliceSource: z
      .enum(['sliceProbs', 'labels'])
      .default('sliceProbs')
      .describe("Which slices count as positive: the classifier's sliceProbs, or a training case's own slice labels where it has them (a trainOnly teacher; `hemocam run` never passes labels)"),
    grow: z.boolean().default(false).describe('Grow kept components into CAM-supported voxels in the blood HU range'),
    growHu: z.tuple([z.number(), z.number()]).default([45, 90]).describe('HU range growth may enter'),
    growSteps: z.number().int().min(1).default(3).describe('Voxels growth may advance'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop final 3-D components smaller than this'),
    output: z.enum(['mask', 'pseudoLabel', 'seeds']).default('mask').describe('Artifact to set: the final mask, pseudo labels a light-unet stage learns from, or seeds for random-walk'),
  })
  .strict();

type Config = z.output<typeof configSchema>;

/**
 * Stage `cam-guided` (no training): the pseudo-mask components the CAM supports, on slices the
 * classifier calls positive, optionally grown into CAM-supported hyperdense neighbours, with a
 * final 3-D clean-up. The weak-label pipeline's training-free refinement; as a trainOnly teacher
 * with `sliceSource: labels` it trusts the training cases' slice labels over the classifier.
 */
export class CamGuidedStage implements Stage {
  static readonly description = 'Final mask without training: pseudo-mask components supported by the CAM, on slices called positive';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask', 'pseudoMask', 'cam', 'sliceProbs'] as const;
  static readonly provides = (config: Config) => [config.output];

  constructor(private readonly config: Config) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const pseudo = item.get('pseudoMask').data;
    const cam = item.get('cam').data;
    const [nx, ny, nz] = volume.dims;
    const probs = (this.config.sliceSource === 'labels' ? sliceLabelsOf(item, nz) : undefined) ?? item.get('sliceProbs');
    const plane = nx * ny;
    if (probs.length !== nz) throw new HemocamError('RUNTIME', `${item.id}: sliceProbs has ${probs.length} values for ${nz} slices`);
    const threshold = camLevel(cam, brain, this.config.camThreshold);
    const supported = (i: number) => cam[i]! >= threshold && probs[Math.floor(i / plane)]! >= this.config.sliceThreshold;

    const { labels, sizes } = labelComponents(pseudo, volume.dims);
    const support = new Float64Array(sizes.length);
    for (let i = 0; i < labels.length; i++) if (labels[i] && supported(i)) support[labels[i]!]!++;
    const { minSupport, sliceThreshold } = this.config;
    let mask: Uint8Array = maskWhere(labels.length, (i) => {
      const l = labels[i]!;
      return l && support[l]! >= minSupport * sizes[l]! && probs[Math.floor(i / plane)]! >= sliceThreshold;
    });
    if (this.config.grow) {
      const [lo, hi] = this.config.growHu;
      mask = growRegion(mask, volume.dims, (j) => brain[j] !== 0 && volume.data[j]! >= lo && volume.data[j]! <= hi && supported(j), this.config.growSteps);
    }
    item.set(this.config.output, volumeLike(volume, removeSmallVolumes(mask, volume, this.config.minVolumeMm3)));
  }

  dispose(): void {}
}
