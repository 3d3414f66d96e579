import { z } from 'zod';
import { HemocamError, SERVICES, volumeLike, type Case, type Stage, type StageInfo } from '@hemocam/core';

const configSchema = z
  .object({
    maps: z.number().int().min(2).max(4).default(2).describe('How many maps to fuse: the stage reads cam1 … camN (rename them with inputs: { cam1: …, cam2: … })'),
    method: z
      .enum(['mean', 'max', 'geometric', 'uncertainty'])
      .default('mean')
      .describe(
        'Voxel-wise (weighted) mean, maximum, (weighted) geometric mean, which keeps only what every map points at, or uncertainty-weighted mean (UM-CAM): each map weighted per voxel by exp(−its binary entropy) there, so a map sure of a voxel (near 0 or 1) outweighs one that hesitates (near 0.5); rescaled to peak 1',
      ),
    weights: z.array(z.number().min(0)).optional().describe('One weight per map for mean and geometric (default equal)'),
  })
  .strict()
  .refine((c) => c.weights === undefined || (c.weights.length === c.maps && c.weights.some((w) => w > 0)), { error: 'weights needs one value per map, not all 0', path: ['weights'] });

type Config = z.output<typeof configSchema>;
/** Binary entropy of p in nats (0 at 0 and 1, ln 2 at 0.5). */
const binaryEntropy = (p: number) => (p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)));
const inputsOf = (config: Config) => Array.from({ length: config.maps }, (_, i) => `cam${i + 1}`);

/**
 * Stage `cam-fusion` (no training): several CAMs of one case, on the same grid and in [0, 1],
 * fused voxel by voxel into one `cam`; the result is again in [0, 1]. `uncertainty` follows UM-CAM
 * (Fu et al., 2023): weights exp(−H(p)) per voxel and map, then the fused volume rescaled to peak 1. With renamed inputs, two
 * CAM methods (or two layers) run side by side and a later stage reads their fusion.
 */
export class CamFusionStage implements Stage {
  static readonly description = 'Fuse 2–4 CAMs (cam1 … camN, renamed in YAML) by mean, max or geometric mean into one cam';
  static readonly configSchema = configSchema;
  static readonly needs = inputsOf;
  static readonly provides = ['cam'] as const;
  static readonly inject = [SERVICES.config, SERVICES.stage];

  constructor(
    private readonly config: Config,
    private readonly stage: StageInfo,
  ) {}

  async run(item: Case): Promise<void> {
    const maps = inputsOf(this.config).map((name) => item.get(name as 'cam1' | 'cam2' | 'cam3' | 'cam4'));
    const first = maps[0]!;
    const other = maps.findIndex((m) => m.data.length !== first.data.length || m.dims.some((d, i) => d !== first.dims[i]));
    if (other >= 0) {
      throw new HemocamError('RUNTIME', `stages.${this.stage.key}: ${item.id}: cam${other + 1} is ${maps[other]!.dims.join('×')} but cam1 is ${first.dims.join('×')}; fuse maps on the same grid`);
    }
    const weights = this.config.weights ?? maps.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const fused = new Float32Array(first.data.length);
    for (let i = 0; i < fused.length; i++) {
      let value = this.config.method === 'geometric' ? 1 : 0;
      let weightSum = 0;
      for (let m = 0; m < maps.length; m++) {
        const v = Math.min(1, Math.max(0, maps[m]!.data[i]!));
        if (this.config.method === 'max') value = Math.max(value, v);
        else if (this.config.method === 'mean') value += (weights[m]! / total) * v;
        else if (this.config.method === 'geometric') value *= v ** (weights[m]! / total);
        else {
          const w = weights[m]! * Math.exp(-binaryEntropy(v));
          value += w * v;
          weightSum += w;
        }
      }
      fused[i] = this.config.method === 'uncertainty' ? (weightSum > 0 ? value / weightSum : 0) : value;
    }
    if (this.config.method === 'uncertainty') {
      const peak = fused.reduce((a, b) => Math.max(a, b), 0);
      if (peak > 0) for (let i = 0; i < fused.length; i++) fused[i]! /= peak;
    }
    item.set('cam', volumeLike(first, fused));
  }

  dispose(): void {}
}
