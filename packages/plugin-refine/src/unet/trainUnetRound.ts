import type * as tfType from '@tensorflow/tfjs';
import { shuffleInPlace } from '@hemocam/core';
import { dice } from '@hemocam/imaging';
import { createAdam, trainLoop, type TrainingServices, type TrainState } from '@hemocam/tensor';
import { buildUnet } from './buildUnet.js';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { maskFromPrediction } from './maskFromPrediction.js';
import { predictProbabilities } from './predictProbabilities.js';
import { segmentationLoss } from './segmentationLoss.js';
import type { UnetSample } from './unetSamples.js';

/**
 * One training of a fresh light U-Net on the samples' current targets, through `trainLoop` under
 * `name` (its random streams and log lines) in `ctx.stateDir`: every labelled slice and empty ones
 * drawn at `negativeRatio` each epoch, flips, soft Dice + BCE on the voxels not ignored (weight 0
 * per slice or −1 per voxel) plus the slice head's BCE, Adam with cosine decay, early stopping on
 * the validation Dice against the labels the cases came with. The best model ends in stateDir/model.
 */
export async function trainUnetRound(name: string, train: readonly UnetSample[], val: readonly UnetSample[], config: LightUnetConfig, ctx: TrainingServices): Promise<TrainState> {
  const { tf } = ctx;
  const s = config.inputSize;
  const model = buildUnet(tf, config, ctx.seed);
  const optimizer = createAdam(tf, config.learningRate);
  const channels = config.windows.length;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a LayerVariable reads out its tf.Variable, typed as a plain Tensor
  const variables = model.trainableWeights.map((w) => w.read() as tfType.Variable);
  const labelledSlices = train.reduce((n, c) => n + c.labelled.length, 0);
  const allEmpty: [UnetSample, number][] = train.flatMap((c) => c.empty.map((z) => [c, z] as [UnetSample, number]));
  let refs: [UnetSample, number][] = [];
  const state = await trainLoop({
    name,
    services: ctx,
    models: { unet: model },
    optimizer,
    epochs: config.epochs,
    patience: config.patience,
    learningRate: config.learningRate,
    metric: { key: 'valDice', label: `validation Dice vs ${config.labels}` },
    beginEpoch: (_epoch, rng, learningRate) => {
      refs = [];
      for (const c of train) for (const z of c.labelled) refs.push([c, z]);
      const negatives = Math.min(allEmpty.length, Math.round(labelledSlices * config.negativeRatio));
      for (let k = 0; k < negatives; k++) refs.push(allEmpty[Math.floor(rng() * allEmpty.length)]!); // negatives > 0 only when allEmpty is not empty
      shuffleInPlace(refs, rng);
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
      return Math.ceil(refs.length / config.batchSize);
    },
    step: async (step, rng) => {
      const batch = refs.slice(step * config.batchSize, (step + 1) * config.batchSize);
      const x = new Float32Array(batch.length * s * s * channels);
      const y = new Float32Array(batch.length * s * s);
      const w = new Float32Array(batch.length * s * s);
      const sliceY = Float32Array.from(batch, ([c, z]) => c.sliceTarget[z]!);
      batch.forEach(([c, z], b) => {
        const flip = config.flip && rng() < 0.5;
        const sliceWeight = c.voxelWeight[z]!;
        for (let row = 0; row < s; row++)
          for (let col = 0; col < s; col++) {
            const from = z * s * s + row * s + (flip ? s - 1 - col : col);
            const to = b * s * s + row * s + col;
            const t = c.target[from]!;
            y[to] = t < 0 ? 0 : t;
            w[to] = t < 0 ? 0 : sliceWeight;
            for (let ch = 0; ch < channels; ch++) x[to * channels + ch] = c.input.data[from * channels + ch]!;
          }
      });
      let loss = 0;
      tf.tidy(() => {
        const xs = tf.tensor4d(x, [batch.length, s, s, channels]);
        const ys = tf.tensor4d(y, [batch.length, s, s, 1]);
        const ws = tf.tensor4d(w, [batch.length, s, s, 1]);
        const cost = optimizer.minimize(
          () => {
            const out = model.apply(xs, { training: true }) as tfType.Tensor | tfType.Tensor[];
            if (!Array.isArray(out)) return segmentationLoss(tf, out, ys, config.diceWeight, ws);
            const sliceLoss = tf.losses.sigmoidCrossEntropy(tf.tensor2d(sliceY, [batch.length, 1]), out[1]!);
            return tf.add<tfType.Scalar>(segmentationLoss(tf, out[0]!, ys, config.diceWeight, ws), tf.mul(config.sliceWeight, sliceLoss));
          },
          true,
          variables,
        );
        loss = cost!.dataSync()[0]!;
      });
      return loss;
    },
    validate: () =>
      val.length === 0
        ? null
        : val.map((c) => dice(maskFromPrediction(predictProbabilities(tf, model, c.volume, config, c.box), c.brain, c.volume.dims[0] * c.volume.dims[1], config), c.label)).reduce((a, b) => a + b, 0) /
          val.length,
  });
  model.dispose();
  optimizer.dispose();
  return state;
}
