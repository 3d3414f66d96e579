import type { VoxelData } from '@hemocam/core';

export interface TissueClass {
  /** Share of the finite voxels, 0..1. */
  fraction: number;
  /** Median HU of the class, NaN when empty. */
  median: number;
}

/** HU bands a reader checks first on a head CT: air, soft tissue (brain, CSF, blood), bone. */
export const TISSUE_BANDS = { air: [-Infinity, -200], soft: [-100, 100], bone: [300, Infinity] } as const;

/**
 * Share and median HU of air, soft tissue and bone: on a head CT, soft tissue's median is
 * brain (≈ 20–45 HU) and bone's is skull (hundreds to ~1500 HU). Medians from a 1-HU histogram.
 */
export function tissueSummary(data: VoxelData): Record<keyof typeof TISSUE_BANDS, TissueClass> {
  const offset = 1100;
  const histogram = new Uint32Array(5200);
  let finite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    finite++;
    histogram[Math.min(histogram.length - 1, Math.max(0, Math.round(v) + offset))]!++;
  }
  const summarise = ([lo, hi]: readonly [number, number]): TissueClass => {
    const from = Math.max(0, Math.ceil(lo) + offset);
    const to = Math.min(histogram.length - 1, Math.floor(hi) + offset);
    let count = 0;
    for (let b = from; b <= to; b++) count += histogram[b]!;
    let seen = 0;
    let median = NaN;
    for (let b = from; b <= to && count > 0; b++) {
      seen += histogram[b]!;
      if (seen * 2 >= count) {
        median = b - offset;
        break;
      }
    }
    return { fraction: finite === 0 ? 0 : count / finite, median };
  };
  return { air: summarise(TISSUE_BANDS.air), soft: summarise(TISSUE_BANDS.soft), bone: summarise(TISSUE_BANDS.bone) };
}
