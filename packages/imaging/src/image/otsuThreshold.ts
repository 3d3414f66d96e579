/**
 * Otsu (1979) threshold of values: the cut maximising the between-class variance of a
 * `bins`-bin histogram over [min, max]. Returns the upper edge of the best lower class;
 * constant or empty input returns that value (or NaN).
 */
export function otsuThreshold(values: ArrayLike<number>, bins = 256): number {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < lo) lo = values[i]!;
    if (values[i]! > hi) hi = values[i]!;
  }
  if (!(hi > lo)) return values.length ? lo : NaN;
  const histogram = new Float64Array(bins);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) histogram[Math.min(bins - 1, Math.floor((values[i]! - lo) / width))]!++;
  let total = 0,
    sum = 0;
  for (let b = 0; b < bins; b++) {
    total += histogram[b]!;
    sum += b * histogram[b]!;
  }
  let w0 = 0,
    sum0 = 0,
    best = 0,
    bestVar = -1;
  for (let b = 0; b < bins - 1; b++) {
    w0 += histogram[b]!;
    sum0 += b * histogram[b]!;
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const between = w0 * w1 * (sum0 / w0 - (sum - sum0) / w1) ** 2;
    if (between > bestVar) [bestVar, best] = [between, b];
  }
  return lo + (best + 1) * width;
}
