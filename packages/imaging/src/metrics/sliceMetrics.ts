import { rocAuc } from './rocAuc.js';

export interface SliceMetrics {
  slices: number;
  positives: number;
  auc: number;
  threshold: number;
  sensitivity: number;
  specificity: number;
}

/** Slice-level classifier metrics: ROC AUC, and sensitivity/specificity at the operating threshold. */
export function sliceMetrics(probs: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): SliceMetrics {
  let tp = 0;
  let tn = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const positive = labels[i]! > 0;
    const called = probs[i]! >= threshold;
    if (positive) positives++;
    if (positive && called) tp++;
    if (!positive && !called) tn++;
  }
  const negatives = labels.length - positives;
  return {
    slices: labels.length,
    positives,
    auc: rocAuc(probs, labels),
    threshold,
    sensitivity: positives === 0 ? NaN : tp / positives,
    specificity: negatives === 0 ? NaN : tn / negatives,
  };
}
