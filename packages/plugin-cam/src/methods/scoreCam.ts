// Wang, Wang, Du, Yang, Zhang, Ding, Mardziel & Hu (2020), "Score-CAM: Score-Weighted Visual
// Explanations for Convolutional Neural Networks", CVPR workshops: each channel's map, upsampled to
// the input and min-max normalised, masks the input; the target scores of the masked inputs,
// softmaxed over channels, weight the channels. Forward passes only, no gradients.
import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';
import type { CamMethod } from '../CamMethod.js';
import { spatialAxes } from '../spatialAxes.js';
import { upsampleMaps } from '../upsampleMaps.js';
import { weightedSum } from '../weightedSum.js';

export const scoreCam: CamMethod = {
  id: 'score-cam',
  paper: 'Wang et al., CVPR-W 2020',
  gradients: false,
  map: ({ tf, activations, subject, input, target, batchSize }) => {
    const [n] = activations.shape;
    const channels = activations.shape[activations.rank - 1];
    if (channels === undefined) throw new HemocamError('RUNTIME', 'score-cam needs activations with a channel axis');
    const inputSpatial = input.shape.slice(1, -1);
    // Channels a forward pass can take: all samples of one channel at least; several channels
    // at once only when the subject's samples are independent.
    const group = subject.mixesSamples ? 1 : Math.max(1, Math.floor(batchSize / n));
    const scores: tfType.Tensor[] = [];
    for (let k0 = 0; k0 < channels; k0 += group) {
      const count = Math.min(group, channels - k0);
      scores.push(
        tf.tidy(() => {
          // [n, ...spatial, count] → [count, n, ...spatial] masks on the input grid, each in [0, 1].
          const part = tf.slice(activations, [...new Array<number>(activations.rank - 1).fill(0), k0], [...new Array<number>(activations.rank - 1).fill(-1), count]);
          const moved = tf.transpose(part, [activations.rank - 1, ...Array.from({ length: activations.rank - 1 }, (_, i) => i)]);
          const flat = tf.reshape(moved, [count * n, ...activations.shape.slice(1, -1)]);
          const up = upsampleMaps(tf, flat, inputSpatial);
          const axes = spatialAxes(tf.expandDims(up, -1));
          const lo = tf.min(up, axes, true);
          const range = tf.sub(tf.max(up, axes, true), lo);
          const masks = tf.where(tf.greater(range, 0), tf.div(tf.sub(up, lo), tf.maximum(range, 1e-12)), tf.zerosLike(up));
          const masked = tf.mul(tf.tile(input, [count, ...new Array<number>(input.rank - 1).fill(1)]), tf.expandDims(masks, -1));
          const s = tf.reshape(target(tf, subject.forward(masked)), [count, n]);
          return tf.transpose(s); // [n, count]
        }),
      );
    }
    const weights = tf.softmax(tf.concat(scores, 1)); // [n, F], softmax over channels
    return weightedSum(tf, activations, weights);
  },
};
