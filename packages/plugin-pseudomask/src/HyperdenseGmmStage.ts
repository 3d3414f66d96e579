import { z } from 'zod';
import { volumeLike, type Case, type Stage } from '@hemocam/core';
import { cleanupCandidates } from './cleanupCandidates.js';
import { cleanupShape } from './cleanupConfig.js';
import { fitGaussianMixture } from './fitGaussianMixture.js';

const configSchema = z
  .object({
    range: z.tuple([z.number(), z.number()]).default([-5, 100]).describe('HU range of brain voxels the mixture is fitted to'),
    bloodPrior: z.number().positive().default(60).describe('Starting mean (HU) of the hyperdense component'),
    minMeanHu: z.number().default(48).describe('The hyperdense component counts as blood only if its mean is at least this'),
    posterior: z.number().min(0).max(1).default(0.5).describe('Posterior of the hyperdense component a voxel needs'),
    high: z.number().default(90).describe('Highest HU of acute blood'),
    ...cleanupShape,
  })
  .strict();

/**
 * Stage `hyperdense-gmm`: a three-component Gaussian mixture (CSF/white matter, grey matter,
 * hyperdense) fitted per case to the HU histogram of brain voxels; voxels whose posterior of
 * the hyperdense component is high are candidates, then the shared clean-up. When the fitted
 * hyperdense component is not dense enough to be blood, the mask is empty.
 */
export class HyperdenseGmmStage implements Stage {
  static readonly description = 'Unsupervised pseudo mask: per-case Gaussian mixture of brain HU, hyperdense component posterior';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask'] as const;
  static readonly provides = ['pseudoMask'] as const;

  constructor(private readonly config: z.output<typeof configSchema>) {}

  async run(item: Case): Promise<void> {
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const [lo, hi] = this.config.range;
    const bins = Math.max(1, Math.ceil(hi - lo));
    const counts = new Float64Array(bins);
    const centres = Float64Array.from({ length: bins }, (_, b) => lo + b + 0.5);
    for (let i = 0; i < volume.data.length; i++) {
      const v = volume.data[i]!;
      if (brain[i] && v >= lo && v < hi) counts[Math.min(bins - 1, Math.floor(v - lo))]!++;
    }
    const mask = new Uint8Array(volume.data.length);
    const quantile = (q: number) => {
      const total = counts.reduce((s, c) => s + c, 0);
      let seen = 0;
      for (let b = 0; b < bins; b++) if ((seen += counts[b]!) >= q * total) return centres[b]!;
      return centres[bins - 1]!; // bins ≥ 1
    };
    if (counts.some((c) => c > 0)) {
      const fitted = fitGaussianMixture(centres, counts, [
        { weight: 0.3, mean: quantile(0.2), sd: 6 },
        { weight: 0.6, mean: quantile(0.7), sd: 6 },
        { weight: 0.1, mean: this.config.bloodPrior, sd: 10 },
      ]);
      const blood = fitted.reduce((best, c) => (c.mean > best.mean ? c : best)); // the first of the highest means
      if (blood.mean >= this.config.minMeanHu && blood.weight > 0) {
        const density = (c: (typeof fitted)[number], v: number) => (c.weight / c.sd) * Math.exp(-0.5 * ((v - c.mean) / c.sd) ** 2);
        for (let i = 0; i < volume.data.length; i++) {
          const v = volume.data[i]!;
          if (!brain[i] || v < lo || v > this.config.high) continue;
          // Above the blood mean the posterior only grows; below, compare the densities.
          const total = fitted.reduce((s, c) => s + density(c, v), 0);
          if (v >= blood.mean || (total > 0 && density(blood, v) / total >= this.config.posterior)) mask[i] = 1;
        }
      }
    }
    item.set('pseudoMask', volumeLike(volume, cleanupCandidates(mask, volume, brain, this.config)));
  }

  dispose(): void {}
}
