import { distance } from 'fastest-levenshtein';

/** The candidate closest to `word` by edit distance, if it is close enough to be a typo. */
export function suggestNearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const normal = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  for (const candidate of candidates) {
    const d = distance(normal(word), normal(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
