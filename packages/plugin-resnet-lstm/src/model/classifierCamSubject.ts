import type * as tfType from '@tensorflow/tfjs';
import { splitModelAtLayer, type SplitModel, type VolumeCamSubject, prepareVolume, toVolumeGrid } from '@hemocam/tensor';
import { classifierBox } from '../preprocess/classifierBox.js';
import type { Volume } from '@hemocam/core';
import type { ResnetLstmConfig } from '../config.js';
import { FEATURE_LAYER, type Classifier } from './buildClassifier.js';

/**
 * The ResNet-LSTM as a CAM subject over the axial slices of one volume. Slice t's score is its
 * logit from the window centred on it (pool → BiLSTM → dense); only slice t's own activations
 * carry gradient into it (its neighbours' pooled features enter as constants), so slice t's
 * map explains slice t's logit. Maps can be taken at `features` (default, the last block) or any
 * block output, by name (`s3b1_out`) or by stage whatever the depth (`stage3`: the last block of
 * stage 3, twice the resolution of `features`; `stage4` is `features`).
 */
export function classifierCamSubject(tf: typeof tfType, model: Classifier, config: ResnetLstmConfig): VolumeCamSubject {
  const blocks = model.encoder.layers.filter((l) => l.name.endsWith('_out')).map((l) => l.name);
  const aliases = new Map<string, string>([['stage4', FEATURE_LAYER]]);
  for (const name of blocks) aliases.set(`stage${name[1]}`, name); // blocks are in order: the last one of each stage wins
  const layers = [
    FEATURE_LAYER,
    ...[...aliases.keys()]
      .filter((a) => a !== 'stage4')
      .sort()
      .reverse(),
    'stage4',
    ...blocks.reverse(),
  ];
  const resolve = (layer: string) => aliases.get(layer) ?? layer;
  const splits = new Map<string, SplitModel>();
  const split = (layer: string) => {
    if (!splits.has(layer)) splits.set(layer, splitModelAtLayer(model.encoder, resolve(layer)));
    return splits.get(layer)!;
  };
  // Identity on the forward pass, no gradient on the backward one (tfjs has no stopGradient).
  const constant = tf.customGrad<tfType.Tensor>(((x: tfType.Tensor) => ({ value: x.clone(), gradFunc: (dy: tfType.Tensor) => tf.zerosLike(dy) })) as never);
  const half = (config.slices - 1) / 2;

  const scores = (activations: tfType.Tensor, layer: string): tfType.Tensor2D => {
    const features = resolve(layer) === FEATURE_LAYER ? activations : split(layer).upper(activations);
    const pooled = tf.mean<tfType.Tensor2D>(features, [1, 2]); // [n, F]
    const n = pooled.shape[0];
    const fixed = constant(pooled) as tfType.Tensor2D;
    // Window of slice t, position k: slice clamp(t − half + k); built with one-hot matrices (wasm has no gather gradient).
    const steps = Array.from({ length: config.slices }, (_, k) => {
      if (k === half) return pooled;
      const pick = new Float32Array(n * n);
      for (let t = 0; t < n; t++) pick[t * n + Math.min(n - 1, Math.max(0, t - half + k))] = 1;
      return tf.matMul(tf.tensor2d(pick, [n, n]), fixed);
    });
    const logits = model.head.apply(tf.stack(steps, 1), { training: false }) as tfType.Tensor3D; // [n, T, 1]
    return tf.reshape<tfType.Rank.R2>(tf.slice(logits, [0, half, 0], [n, 1, 1]), [n, 1]);
  };
  const activations = (input: tfType.Tensor, layer: string) => (resolve(layer) === FEATURE_LAYER ? (model.encoder.apply(input, { training: false }) as tfType.Tensor) : split(layer).lower(input));

  return {
    layers,
    mixesSamples: true,
    activations,
    scores,
    forward: (input) => scores(activations(input, FEATURE_LAYER), FEATURE_LAYER),
    linearWeights: (layer) =>
      resolve(layer) === FEATURE_LAYER
        ? (model.aux.layers
            .find((l) => l.name === 'aux_logit')!
            .getWeights()[0]!
            .clone() as tfType.Tensor2D)
        : undefined,
    input: (volume) => {
      const prepared = prepareVolume(tf, volume, config.windows, config.inputSize, classifierBox(volume, config));
      return tf.tensor4d(prepared.data, [prepared.slices, prepared.size, prepared.size, prepared.channels]);
    },
    toVolumeGrid: (maps: Float32Array, volume: Volume) => {
      const [nx, ny, nz] = volume.dims;
      let out: Float32Array = new Float32Array(0);
      tf.tidy(() => {
        const square = tf.tensor4d(maps, [nz, config.inputSize, config.inputSize, 1]);
        out = toVolumeGrid(tf, square, nx, ny, classifierBox(volume, config)).dataSync() as Float32Array; // inverse of prepareVolume's crop and resize
      });
      return out;
    },
    dispose: () => {
      for (const part of [model.encoder, model.head, model.aux]) part.dispose();
    },
  };
}
