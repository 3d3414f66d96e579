/** A logistic regression on standardised features: p = σ(bias + Σ weights · (x − mean) / scale). */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/**
 * Fit by full-batch gradient descent on the mean log loss plus `l2` × |w|²/2 (deterministic; a
 * few features and thousands of rows need nothing more than this loop).
 */
export function fitLogistic(x: readonly number[][], y: readonly number[], { l2 = 1e-3, steps = 2000, rate = 0.5 } = {}): LogisticModel {
  const d = x[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, row) => s + row[j]!, 0) / x.length);
  const scale = mean.map((m, j) => Math.sqrt(x.reduce((s, row) => s + (row[j]! - m) ** 2, 0) / x.length) || 1);
  const z = x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
  const model: LogisticModel = { mean, scale, weights: new Array<number>(d).fill(0), bias: 0 };
  for (let step = 0; step < steps; step++) {
    const gradient = new Array<number>(d).fill(0);
    let gradientBias = 0;
    z.forEach((row, k) => {
      const error = 1 / (1 + Math.exp(-(model.bias + row.reduce((s, v, j) => s + v * model.weights[j]!, 0)))) - y[k]!;
      row.forEach((v, j) => (gradient[j]! += error * v));
      gradientBias += error;
    });
    model.weights = model.weights.map((w, j) => w - rate * (gradient[j]! / z.length + l2 * w));
    model.bias -= (rate * gradientBias) / z.length;
  }
  return model;
}

/** The model's probability for one feature row. */
export function logisticProbability(model: LogisticModel, features: readonly number[]): number {
  const t = features.reduce((s, v, j) => s + ((v - model.mean[j]!) / model.scale[j]!) * model.weights[j]!, model.bias);
  return 1 / (1 + Math.exp(-t));
}
