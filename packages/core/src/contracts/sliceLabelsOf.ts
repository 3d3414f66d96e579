import type { Case } from './Case.js';

/**
 * Slice labels of a case with `slices` slices: its own (slices past the end of its list count as
 * 0), all 0 for a scan labelled negative (a weak bound), undefined where it has neither.
 */
export function sliceLabelsOf(item: Pick<Case, 'labels'>, slices: number): number[] | undefined {
  const own = item.labels?.slices;
  if (own) return Array.from({ length: slices }, (_, z) => own[z] ?? 0);
  if (item.labels?.scan === 0) return new Array<number>(slices).fill(0);
  return undefined;
}
