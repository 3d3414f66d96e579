import type { Summary } from '@hemocam/io';

/**
 * Mean Dice of the cases that contain each hemorrhage type, from the per-combination summaries
 * of `scoreMasks` ("IPH;SDH" counts for IPH and for SDH): the n-weighted mean of the combinations, sorted by type.
 */
export function diceByType(byType: Record<string, Summary>): Map<string, { n: number; mean: number }> {
  const sums = new Map<string, { n: number; total: number }>();
  for (const [combination, summary] of Object.entries(byType)) {
    if (summary.n === 0) continue;
    for (const type of combination.split(';')) {
      const sum = sums.get(type) ?? { n: 0, total: 0 };
      sum.n += summary.n;
      sum.total += summary.mean * summary.n;
      sums.set(type, sum);
    }
  }
  return new Map([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([type, { n, total }]) => [type, { n, mean: total / n }]));
}
