import { z } from 'zod';

const automatic = (describe: string, fallback: number | 'auto') =>
  z
    .union([z.number().min(0), z.literal('auto')])
    .default(fallback)
    .describe(describe);

/** Clean-up options every pseudo-mask stage shares. */
export const cleanupShape = {
  boneHu: z.number().default(300).describe('HU from which a voxel counts as bone'),
  boneMarginMm: automatic('Drop candidates closer than this to bone (partial volume with the inner table); auto: 1.5 × the in-plane voxel size', 'auto'),
  restoreSteps: z.number().int().min(0).default(2).describe('Candidates within the bone margin come back if within this many voxels of a candidate outside it (0: never)'),
  openingMm: automatic('Morphological opening radius: removes structures thinner than about twice this; auto: the in-plane voxel size', 0),
  calcificationHu: z.number().default(100).describe('HU above which a voxel inside the brain counts as calcification'),
  calcificationRimMm: z.number().min(0).default(2).describe('Drop candidates within this distance of a calcification (its partial-volume rim)'),
  minVolumeMm3: z.number().min(0).default(30).describe('Drop 3-D components smaller than this'),
};

export interface CleanupConfig {
  boneHu: number;
  boneMarginMm: number | 'auto';
  restoreSteps: number;
  openingMm: number | 'auto';
  calcificationHu: number;
  calcificationRimMm: number;
  minVolumeMm3: number;
}
