import { z } from 'zod';

const windowSchema = z.object({ center: z.number(), width: z.number().positive() }).strict();

/** Options of the `light-unet` stage. */
export const lightUnetConfigSchema = z
  .object({
    labels: z
      .string()
      .default('pseudoLabel')
      .describe('Training-case artifact it learns from (pseudo labels from a trainOnly cam-guided or random-walk stage; never ground truth); voxels of 2 in it are ignored'),
    inputSize: z
      .number()
      .int()
      .min(16)
      .max(512)
      .refine((n) => n % 8 === 0, 'must be a multiple of 8')
      .default(64)
      .describe('Slices (or their brain box, see crop) are resampled to inputSize²'),
    crop: z.enum(['brain', 'none']).default('brain').describe("What the net sees of each slice: the square around the case's brain mask (plus cropMarginMm), or the whole field of view"),
    cropMarginMm: z.number().min(0).default(10).describe('Margin around the brain box, in mm'),
    filters: z.number().int().min(2).max(64).default(12).describe('Filters of the first level (doubled per level, 3 levels + bottleneck)'),
    windows: z
      .array(windowSchema)
      .min(1)
      .default([
        { center: 40, width: 80 },
        { center: 60, width: 120 },
      ])
      .describe('HU windows stacked as channels'),
    epochs: z.number().int().positive().default(20),
    batchSize: z.number().int().positive().default(16).describe('Slices per step'),
    learningRate: z.number().positive().default(2e-3).describe('Adam learning rate (cosine decay to 5%)'),
    patience: z.number().int().positive().default(5).describe('Early stopping: epochs without a better validation Dice against the pseudo labels'),
    valFraction: z.number().min(0).max(0.5).default(0.15),
    negativeRatio: z.number().min(0).default(1).describe('Slices without label drawn per labelled slice, each epoch'),
    diceWeight: z.number().min(0).default(1).describe('Weight of the soft Dice loss next to binary cross-entropy'),
    flip: z.boolean().default(true).describe('Augment with left-right flips'),
    rounds: z.number().int().min(0).max(5).default(0).describe('Self-training rounds: the best model relabels the training cases with its confident predictions and a fresh one learns them'),
    confidence: z
      .number()
      .gt(0.5)
      .max(1)
      .default(0.8)
      .describe('Self-training: a prediction at or above this becomes a positive label, at or below 1 − this a negative one; between, the voxel is ignored'),
    threshold: z.number().min(0).max(1).default(0.5).describe('Probability threshold of the mask'),
    sliceHead: z
      .boolean()
      .default(true)
      .describe('A slice-level head (pooled bottleneck features, one logit per slice) learns the slice labels beside the masks; at run time masks on slices it calls negative are dropped'),
    sliceWeight: z.number().min(0).default(0.5).describe("Weight of the slice head's cross-entropy in the loss"),
    sliceThreshold: z.number().min(0).max(1).default(0.5).describe('Slices whose slice-head probability is below this get an empty mask'),
    ignoreDropped: z.boolean().default(true).describe('Slices the slice labels call positive but the pseudo labels leave empty are left out of the voxel loss, not taught as background'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop 3-D components smaller than this'),
  })
  .strict();

export type LightUnetConfig = z.output<typeof lightUnetConfigSchema>;
