import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';
import type { ResnetLstmConfig } from '../config.js';
import type { Classifier } from '../model/buildClassifier.js';
import { forwardWindows } from '../model/forwardWindows.js';

/** Weighted binary cross-entropy (or focal loss) on logits, stable for large |x|. */
export function sliceLoss(tf: typeof tfType, logits: tfType.Tensor, labels: tfType.Tensor, posWeight: number, kind: ResnetLstmConfig['loss']): tfType.Scalar {
  const weights = tf.add(1, tf.mul(labels, posWeight - 1));
  const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  if (kind === 'bce') return tf.div<tfType.Scalar>(tf.sum(tf.mul(bce, weights)), tf.sum(weights));
  const p = tf.sigmoid(logits);
  const pt = tf.add(tf.mul(labels, p), tf.mul(tf.sub(1, labels), tf.sub(1, p)));
  return tf.div<tfType.Scalar>(tf.sum(tf.mul(tf.mul(bce, weights), tf.square(tf.sub(1, pt)))), tf.sum(weights));
}

export function trainableVariables(classifier: Classifier): tfType.Variable[] {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a LayerVariable reads out its tf.Variable, typed as a plain Tensor
  return [classifier.encoder, classifier.head, classifier.aux].flatMap((m) => m.trainableWeights.map((w) => w.read() as tfType.Variable));
}

/**
 * Loss and gradients of one batch on one replica: LSTM-head loss plus the weighted auxiliary
 * loss. Gradients come back as plain arrays, in `trainableVariables` order, so that replicas in
 * other threads can average them.
 */
export function batchGradients(tf: typeof tfType, classifier: Classifier, config: ResnetLstmConfig, x: Float32Array, y: Float32Array, posWeight: number): { loss: number; grads: Float32Array[] } {
  const batch = y.length / config.slices;
  const variables = trainableVariables(classifier);
  // Read the results out inside tidy but return them outside it: tidy walks whatever it returns
  // looking for tensors, element by element through typed arrays — seconds for millions of weights.
  let loss = 0;
  let grads: Float32Array[] = [];
  tf.tidy(() => {
    const xs = tf.tensor5d(x, [batch, config.slices, config.inputSize, config.inputSize, config.windows.length]);
    const ys = tf.tensor2d(y, [batch, config.slices]);
    const result = tf.variableGrads(() => {
      const out = forwardWindows(tf, classifier, xs, true);
      return tf.add<tfType.Scalar>(sliceLoss(tf, out.logits, ys, posWeight, config.loss), tf.mul(config.auxWeight, sliceLoss(tf, out.auxLogits, ys, posWeight, config.loss)));
    }, variables);
    loss = result.value.dataSync()[0]!;
    grads = variables.map((v) => {
      const grad = result.grads[v.name];
      if (!grad) throw new HemocamError('RUNTIME', `resnet-lstm: the loss has no gradient for weight ${v.name}`);
      return grad.dataSync() as Float32Array;
    });
  });
  return { loss, grads };
}

/** Apply (averaged) gradients, given in `trainableVariables` order, with the replica's optimizer. */
export function applyGradients(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, grads: Float32Array[], learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
  const variables = trainableVariables(classifier);
  tf.tidy(() =>
    optimizer.applyGradients(
      variables.map((v, i) => {
        const grad = grads[i];
        if (!grad) throw new HemocamError('RUNTIME', `resnet-lstm: ${grads.length} gradients for ${variables.length} weights`);
        return { name: v.name, tensor: tf.tensor(grad, v.shape) };
      }),
    ),
  );
}
