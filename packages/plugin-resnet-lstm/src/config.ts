import { z } from 'zod';

const windowSchema = z.object({ center: z.number(), width: z.number().positive() }).strict();

/** Options of the `resnet-lstm` stage (`with:` in the pipeline YAML). */
export const resnetLstmConfigSchema = z
  .object({
    depth: z
      .union([z.literal(10), z.literal(18), z.literal(34)])
      .default(18)
      .describe('ResNet depth (BasicBlocks)'),
    width: z.number().positive().max(4).default(1).describe('Width multiplier of the ResNet stages (64·w … 512·w filters)'),
    slices: z
      .number()
      .int()
      .min(3)
      .max(15)
      .refine((n) => n % 2 === 1, 'must be odd')
      .default(5)
      .describe('Contiguous slices per window (≥ 3: tfjs-layers RNNs fail on one-step sequences)'),
    stride: z.number().int().min(1).default(1).describe('Step between training windows'),
    inputSize: z.number().int().min(16).max(512).default(256).describe('Slices (or their brain box, see crop) are resampled to inputSize²'),
    crop: z
      .enum(['brain', 'none'])
      .default('brain')
      .describe("What the classifier sees of each slice: the square around the volume's brain mask (brain-mask's defaults, plus cropMarginMm), or the whole field of view"),
    cropMarginMm: z.number().min(0).default(10).describe('Margin around the brain box, in mm'),
    windows: z
      .array(windowSchema)
      .min(1)
      .default([
        { center: 40, width: 80 },
        { center: 80, width: 200 },
        { center: 40, width: 380 },
      ])
      .describe('HU windows stacked as channels (brain, subdural, bone-ish)'),
    lstmUnits: z.number().int().positive().default(64).describe('Units per LSTM direction'),
    epochs: z.number().int().positive().default(20),
    batchSize: z.number().int().positive().default(4).describe('Windows per step'),
    learningRate: z.number().positive().default(1e-3).describe('Adam learning rate (cosine decay to 5%)'),
    patience: z.number().int().positive().default(4).describe('Early stopping: epochs without a better validation slice AUC'),
    valFraction: z.number().min(0).max(0.5).default(0.15).describe('Training cases held out for validation'),
    loss: z.enum(['bce', 'focal']).default('bce').describe('Class-balanced binary cross-entropy, or focal loss (γ = 2)'),
    auxWeight: z.number().min(0).default(0.3).describe('Weight of the auxiliary GAP→dense slice head (used by classic CAM)'),
    augment: z
      .object({
        flip: z.boolean().default(true),
        huJitter: z.number().min(0).default(5).describe('± HU shift of the whole window'),
        noise: z.number().min(0).default(3).describe('σ of added Gaussian noise, HU'),
      })
      .strict()
      .default({ flip: true, huJitter: 5, noise: 3 }),
    stepsPerEpoch: z.number().int().positive().optional().describe('Default: every training window once'),
    workers: z
      .union([z.literal('auto'), z.number().int().min(1).max(16)])
      .default('auto')
      .describe('Data-parallel replicas (main thread + worker threads); auto: 1 where the native kernels run (they thread over every core themselves), else up to 2 cores, for training and inference'),
  })
  .strict();

export type ResnetLstmConfig = z.output<typeof resnetLstmConfigSchema>;
