import { dilate, distanceTransform, erode, growRegion, maskWhere, removeSmallVolumes } from '@hemocam/imaging';
import type { Volume } from '@hemocam/core';
import type { CleanupConfig } from './cleanupConfig.js';

/**
 * The clean-up all pseudo-mask methods share: candidates inside the brain mask only, away from
 * bone (partial volume with the inner table) unless they continue a candidate farther from it,
 * away from calcifications and their rim, and no 3-D component smaller than the minimum volume.
 */
export function cleanupCandidates(candidates: Uint8Array, volume: Volume, brain: ArrayLike<number>, config: CleanupConfig): Uint8Array {
  const { dims, spacing, data } = volume;
  const bone = maskWhere(data.length, (i) => data[i]! >= config.boneHu);
  const calcification = maskWhere(data.length, (i) => brain[i] && data[i]! > config.calcificationHu && data[i]! < config.boneHu);
  const toBone = distanceTransform(bone, dims, spacing);
  const toCalcification = distanceTransform(calcification, dims, spacing);
  const boneMargin2 = (config.boneMarginMm === 'auto' ? 1.5 * Math.max(spacing[0], spacing[1]) : config.boneMarginMm) ** 2;
  const rim2 = config.calcificationRimMm ** 2;
  const allowed = maskWhere(candidates.length, (i) => candidates[i] && brain[i] && toCalcification[i]! > rim2);
  let kept: Uint8Array = maskWhere(allowed.length, (i) => allowed[i] && toBone[i]! > boneMargin2);
  // Candidates near bone come back where they continue a candidate farther from it (the outer
  // layer of a subdural or epidural collection); isolated partial-volume rim does not.
  kept = growRegion(kept, dims, (j) => allowed[j] === 1, config.restoreSteps);
  const opening = config.openingMm === 'auto' ? Math.max(spacing[0], spacing[1]) : config.openingMm;
  if (opening > 0) kept = dilate(erode(kept, dims, spacing, opening), dims, spacing, opening).map((v, i) => v & kept[i]!);
  return removeSmallVolumes(kept, volume, config.minVolumeMm3);
}
