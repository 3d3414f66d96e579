import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';

/** Picks the score a map explains from class logits [N, C]: one value per sample, [N]. */
export type CamTarget = (tf: typeof tfType, logits: tfType.Tensor2D) => tfType.Tensor1D;

/**
 * A target from a spec: a class index (one-hot multiply and sum — wasm has no gradient for
 * `gather`), or `positive` / `negative` for a binary classifier's single logit (+logit or
 * −logit: the map of evidence for, or against, the positive class).
 */
export function scoreTarget(spec: number | 'positive' | 'negative'): CamTarget {
  return (tf, logits) => {
    const classes = logits.shape[1];
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < 0 || spec >= classes)
        throw new HemocamError(
          'CONFIG',
          `stages.cam.with.target: class ${spec} is outside the model's ${classes} class(es); give 0 to ${classes - 1}, or positive / negative for a binary classifier`,
          { path: 'stages.cam.with.target' },
        );
      return tf.sum<tfType.Tensor1D>(tf.mul(logits, tf.oneHot(tf.tensor1d([spec], 'int32'), classes).asType('float32')), 1);
    }
    if (classes !== 1)
      throw new HemocamError('CONFIG', `stages.cam.with.target: '${spec}' needs a single-logit (binary) classifier; this one has ${classes} classes: give a class index`, {
        path: 'stages.cam.with.target',
      });
    const logit = tf.reshape<tfType.Rank.R1>(logits, [-1]);
    return spec === 'positive' ? logit : tf.neg(logit);
  };
}
