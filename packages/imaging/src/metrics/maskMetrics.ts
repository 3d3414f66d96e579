import { distanceTransform } from '../image/distanceTransform.js';

type Dims = readonly [number, number, number];

/** The INSTANCE 2022 metric set for one case. NaN where a metric is undefined (see `maskMetrics`). */
export interface MaskMetrics {
  dice: number;
  iou: number;
  /** Hausdorff distance, mm. */
  hd: number;
  /** 95th percentile of the pooled symmetric surface distances, mm (as medpy's hd95). */
  hd95: number;
  /** Relative volume difference (V_pred − V_ref) / V_ref. */
  rvd: number;
  /** Normalised surface Dice at the tolerance (Nikolov et al., 2021), on boundary voxels. */
  nsd: number;
  sensitivity: number;
  precision: number;
  referenceMl: number;
  predictedMl: number;
}

/** Boundary voxels: mask voxels with a 6-neighbour outside the mask (or at the grid's edge). */
export function surfaceVoxels(mask: ArrayLike<number>, dims: Dims): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / plane);
    if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - nx] || !mask[i + nx] || !mask[i - plane] || !mask[i + plane])
      out[i] = 1;
  }
  return out;
}

/** Linear-interpolated percentile (as numpy's default) of unsorted values. */
function percentile(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const value = (i: number) => sorted[i] ?? NaN; // no values: NaN
  return value(lo) + (value(Math.min(sorted.length - 1, lo + 1)) - value(lo)) * (at - lo);
}

/**
 * Dice, IoU, HD, HD95, RVD, NSD, sensitivity, precision and volumes of a predicted mask
 * against a reference on one grid with voxel spacing in mm. Surface distances are exact
 * Euclidean distances between boundary-voxel centres. Empty masks: both empty → Dice, IoU and
 * NSD 1, HD and HD95 0, RVD 0; only one empty → Dice, IoU and NSD 0, HD and HD95 NaN; RVD and
 * sensitivity NaN for an empty reference; precision NaN for an empty prediction.
 */
export function maskMetrics(predicted: ArrayLike<number>, reference: ArrayLike<number>, dims: Dims, spacing: Dims, toleranceMm = 1): MaskMetrics {
  if (predicted.length !== reference.length) throw new RangeError(`masks differ in size: ${predicted.length} vs ${reference.length} voxels`);
  let tp = 0,
    np = 0,
    nr = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] ? 1 : 0;
    const r = reference[i] ? 1 : 0;
    tp += p & r;
    np += p;
    nr += r;
  }
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  const base = { referenceMl: nr * voxelMl, predictedMl: np * voxelMl, sensitivity: nr ? tp / nr : NaN, precision: np ? tp / np : NaN };
  if (np === 0 && nr === 0) return { ...base, dice: 1, iou: 1, hd: 0, hd95: 0, rvd: 0, nsd: 1 };
  const overlap = { dice: (2 * tp) / (np + nr), iou: tp / (np + nr - tp), rvd: nr ? (np - nr) / nr : NaN };
  if (np === 0 || nr === 0) return { ...base, ...overlap, hd: NaN, hd95: NaN, nsd: 0 };
  const surfaceP = surfaceVoxels(predicted, dims);
  const surfaceR = surfaceVoxels(reference, dims);
  const toR = distanceTransform(surfaceR, dims, spacing);
  const toP = distanceTransform(surfaceP, dims, spacing);
  const distances: number[] = [];
  let within = 0;
  const tolerance2 = toleranceMm * toleranceMm + 1e-9;
  for (let i = 0; i < surfaceP.length; i++) {
    if (surfaceP[i]) {
      distances.push(Math.sqrt(toR[i]!));
      if (toR[i]! <= tolerance2) within++;
    }
    if (surfaceR[i]) {
      distances.push(Math.sqrt(toP[i]!));
      if (toP[i]! <= tolerance2) within++;
    }
  }
  // A loop, not Math.max(...distances): 10⁵ and more surface distances (a large bleed at 512²) overflow the call's argument limit.
  const hd = distances.reduce((m, d) => (d > m ? d : m), 0);
  return { ...base, ...overlap, hd, hd95: percentile(distances, 95), nsd: within / distances.length };
}
