import { z } from 'zod';

/** Options of every CAM stage (`with:` in the pipeline YAML). */
export const camConfigSchema = z
  .object({
    layer: z.string().min(1).optional().describe("Layer whose activations are weighted (default: the classifier's last conv layer)"),
    target: z
      .union([z.enum(['positive', 'negative']), z.number().int().min(0)])
      .default('positive')
      .describe('Score explained: the positive (or negative) logit of a binary classifier, or a class index'),
    normalize: z.enum(['per-slice', 'per-volume']).default('per-slice').describe('Divide each slice (or the whole volume) by its maximum: values in [0, 1]'),
    upsample: z.enum(['bilinear']).default('bilinear').describe('How feature maps reach the input grid'),
    smooth: z.number().min(0).default(0).describe('Gaussian σ in mm applied on the native grid (0: none)'),
    batchSize: z.number().int().positive().default(64).describe('Masked inputs per forward pass (score-cam)'),
  })
  .strict();

export type CamConfig = z.output<typeof camConfigSchema>;
