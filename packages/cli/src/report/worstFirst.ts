import type { CaseMaskScore } from '@hemocam/io';

/**
 * The order a reader acts in: cases with bleed by Dice, worst first (the larger bleed first on a
 * tie); then cases without bleed that have false-positive voxels, most first; then clean negatives.
 */
export function worstFirst(cases: readonly CaseMaskScore[]): CaseMaskScore[] {
  const rank = (c: CaseMaskScore) => (c.referenceVoxels > 0 ? 0 : c.predictedVoxels > 0 ? 1 : 2);
  return [...cases].sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? a.dice - b.dice || b.referenceVoxels - a.referenceVoxels : b.predictedVoxels - a.predictedVoxels) || a.id.localeCompare(b.id));
}
