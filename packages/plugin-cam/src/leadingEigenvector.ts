/**
 * Leading eigenpair of a symmetric positive semi-definite n×n matrix (row-major) by power
 * iteration, started from its largest column. A zero matrix gives a zero vector. Written by hand:
 * tfjs has no eigen/SVD routine, and n is at most a few hundred here.
 */
export function leadingEigenvector(matrix: Float64Array, n: number, maxIterations = 1000): { vector: Float64Array; value: number } {
  let best = 0;
  for (let j = 1; j < n; j++) if (matrix[j * n + j]! > matrix[best * n + best]!) best = j;
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = matrix[i * n + best]!;
  let norm = Math.hypot(...v);
  if (norm === 0) return { vector: new Float64Array(n), value: 0 };
  for (let i = 0; i < n; i++) v[i]! /= norm;
  let value = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * v[j]!;
      next[i] = sum;
    }
    norm = Math.hypot(...next);
    if (norm === 0) return { vector: new Float64Array(n), value: 0 };
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i]! /= norm;
      change = Math.max(change, Math.abs(next[i]! - v[i]!));
    }
    v = next;
    value = norm;
    if (change < 1e-13) break;
  }
  return { vector: v, value };
}
