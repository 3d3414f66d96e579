import type * as tfType from '@tensorflow/tfjs';
import type { ResnetLstmConfig } from '../config.js';

/** Name of the encoder's last conv block output: the feature maps CAM methods weight. */
export const FEATURE_LAYER = 'features';

export interface Classifier {
  /** [N, S, S, C] slices → [N, h, w, F] feature maps (layer `features`). */
  encoder: tfType.LayersModel;
  /** [B, T, F] pooled features of a window → [B, T, 1] slice logits (bidirectional LSTM, dense). */
  head: tfType.LayersModel;
  /** [N, F] pooled features → [N, 1] slice logits: the auxiliary GAP→dense head classic CAM uses. */
  aux: tfType.LayersModel;
}

const BLOCKS: Record<ResnetLstmConfig['depth'], number[]> = { 10: [1, 1, 1, 1], 18: [2, 2, 2, 2], 34: [3, 4, 6, 3] };

/**
 * ResNet (He et al., 2016; BasicBlocks with batch norm) per slice, global average pooling, and
 * a bidirectional LSTM across the slices of a window with a logit per slice — the ResNet-LSTM of
 * Ramananda & Sundaresan (2023) — plus an auxiliary per-slice linear head. Inputs under 128 px
 * use a 3×3 stride-1 stem instead of the 7×7 stride-2 one. Initialisers are seeded.
 */
export function buildClassifier(tf: typeof tfType, config: ResnetLstmConfig, seed: number): Classifier {
  // tfjs treats a seed of 0 as no seed at all, so every initialiser's seed starts at 1.
  let n = 1;
  const init = () => tf.initializers.heNormal({ seed: seed * 1000 + n++ });
  const conv = (x: tfType.SymbolicTensor, filters: number, kernel: number, strides: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: kernel, strides, padding: 'same', useBias: false, kernelInitializer: init(), name }).apply(x) as tfType.SymbolicTensor;
  const bn = (x: tfType.SymbolicTensor, name: string) => tf.layers.batchNormalization({ name, momentum: 0.9 }).apply(x) as tfType.SymbolicTensor;
  const relu = (x: tfType.SymbolicTensor, name?: string) => tf.layers.activation({ activation: 'relu', name }).apply(x) as tfType.SymbolicTensor;

  const channels = config.windows.length;
  const input = tf.input({ shape: [config.inputSize, config.inputSize, channels], name: 'slices' });
  const small = config.inputSize < 128;
  let x = relu(bn(conv(input, Math.round(64 * config.width), small ? 3 : 7, small ? 1 : 2, 'stem_conv'), 'stem_bn'));
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' }).apply(x) as tfType.SymbolicTensor;
  const stages = BLOCKS[config.depth];
  stages.forEach((blocks, stage) => {
    const filters = Math.round(64 * 2 ** stage * config.width);
    for (let b = 0; b < blocks; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      const id = `s${stage + 1}b${b + 1}`;
      let y = relu(bn(conv(x, filters, 3, strides, `${id}_conv1`), `${id}_bn1`));
      y = bn(conv(y, filters, 3, 1, `${id}_conv2`), `${id}_bn2`);
      const inChannels = x.shape[3];
      const shortcut = strides !== 1 || inChannels !== filters ? bn(conv(x, filters, 1, strides, `${id}_down`), `${id}_down_bn`) : x;
      const last = stage === stages.length - 1 && b === blocks - 1;
      x = relu(tf.layers.add({ name: `${id}_add` }).apply([y, shortcut]) as tfType.SymbolicTensor, last ? FEATURE_LAYER : `${id}_out`);
    }
  });
  const encoder = tf.model({ inputs: input, outputs: x, name: 'encoder' });

  const features = x.shape[3] as number;
  const window = tf.input({ shape: [config.slices, features], name: 'pooled' });
  const lstm = tf.layers.lstm({
    units: config.lstmUnits,
    returnSequences: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }),
  }); // seeded; tfjs's orthogonal warns on every build
  const sequence = tf.layers.bidirectional({ layer: lstm, mergeMode: 'concat', name: 'bilstm' }).apply(window) as tfType.SymbolicTensor;
  const logits = tf.layers
    .timeDistributed({ layer: tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }) }), name: 'slice_logit' })
    .apply(sequence) as tfType.SymbolicTensor;
  const head = tf.model({ inputs: window, outputs: logits, name: 'head' });

  const pooled = tf.input({ shape: [features], name: 'pooled_slice' });
  const auxLogit = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }), name: 'aux_logit' }).apply(pooled) as tfType.SymbolicTensor;
  const aux = tf.model({ inputs: pooled, outputs: auxLogit, name: 'aux' });
  return { encoder, head, aux };
}

/** Parameters, and multiply-add FLOPs per slice of the encoder's convolutions (2·k²·Cin·Cout·H·W). */
export function describeClassifier(classifier: Classifier): { params: number; encoderFlopsPerSlice: number } {
  let flops = 0;
  for (const layer of classifier.encoder.layers) {
    if (layer.getClassName() !== 'Conv2D') continue;
    const [kh, kw, cin, cout] = layer.getWeights()[0]!.shape as [number, number, number, number]; // a Conv2D's first weight is its kernel
    const out = layer.outputShape as [null, number, number, number];
    flops += 2 * kh * kw * cin * cout * out[1] * out[2];
  }
  const params = classifier.encoder.countParams() + classifier.head.countParams() + classifier.aux.countParams();
  return { params, encoderFlopsPerSlice: flops };
}
