import type { Volume } from '../volume/Volume.js';

/** Weak labels a training case may carry. Voxel masks are never part of a case. */
export interface WeakLabels {
  /** One 0/1 label per axial slice (z), where the dataset has them. */
  slices?: number[];
  /** Whole-scan label, where that is all the dataset has. */
  scan?: 0 | 1;
}

/**
 * One CT volume moving through the pipeline. Stages read and write named artifacts on it;
 * `volume` is there from the start. Masks for evaluation are read by `eval` alone, never here.
 */
export interface Case {
  readonly id: string;
  readonly labels?: WeakLabels;
  readonly artifacts: Map<string, unknown>;
}

/** The volume artifact of a case (always present). */
export function caseVolume(item: Case): Volume {
  return item.artifacts.get('volume') as Volume;
}
