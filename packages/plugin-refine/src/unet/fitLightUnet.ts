import type * as tfType from '@tensorflow/tfjs';
import { shuffleInPlace, sliceLabelsOf, HemocamError, type Case, type ArtifactName, type Volume } from '@hemocam/core';
import { dice, maskWhere } from '@hemocam/imaging';
import { createAdam, prepareVolume, splitTrainVal, trainLoop, type PreparedVolume, type TrainingServices, type TrainState } from '@hemocam/tensor';
import { buildUnet } from './buildUnet.js';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { maskFromPrediction } from './maskFromPrediction.js';
import { predictProbabilities } from './predictProbabilities.js';
import { segmentationLoss } from './segmentationLoss.js';

interface Sample {
  id: string;
  input: PreparedVolume;
  /** Targets on the input grid, [slices, size, size], soft in [0, 1]. */
  target: Float32Array;
  /** Slices with a label voxel, or that the slice labels call positive (the slice head's positives). */
  labelled: number[];
  empty: number[];
  /** Per slice: the slice head's target (the case's slice labels, else whether the slice has a label voxel). */
  sliceTarget: Uint8Array;
  /** Per slice: 0 where the voxel loss leaves the slice out (positive by its slice label, empty in the labels, with `ignoreDropped`). */
  voxelWeight: Uint8Array;
  volume: Volume;
  brain: ArrayLike<number>;
  label: Uint8Array;
}

/**
 * Train the light U-Net on per-voxel targets read from each training case's `labels` artifact
 * (pseudo labels in the pipeline; a benchmark may pass ground truth to get the supervised
 * reference) and, with `sliceHead`, the slice labels of each case (`labels.slices`, or a
 * scan-negative label; where a case has none, whether a slice has a label voxel). Each epoch: the
 * positive slices plus sampled empty ones; soft Dice + BCE on the voxels (slices positive by
 * their slice label but empty in the pseudo labels left out with `ignoreDropped`) plus the slice
 * head's BCE; flips, Adam with cosine decay, early stopping on validation Dice against the same kind of targets, and a
 * checkpoint per epoch that `ctx.resume` continues from. The best model ends in stateDir/model.
 */
export async function fitLightUnet(cases: readonly Case[], config: LightUnetConfig, ctx: TrainingServices): Promise<TrainState> {
  const { tf, logger } = ctx;
  const s = config.inputSize;
  const samples: Sample[] = [];
  for (const item of cases) {
    const volume = item.get('volume');
    const label = item.find(config.labels as ArtifactName) as Volume | undefined; // the option names which artifact
    if (!label)
      throw new HemocamError(
        'RUNTIME',
        `light-unet: training case ${item.id} has no '${config.labels}' artifact; put the stage that makes it (e.g. cam-guided with output: ${config.labels}, trainOnly) before this one`,
      );
    const [nx, ny, nz] = volume.dims;
    let target: Float32Array = new Float32Array(0);
    const labelMask = maskWhere(label.data.length, (i) => label.data[i]! > 0);
    tf.tidy(() => {
      const t = tf.tensor4d(Float32Array.from(labelMask), [nz, ny, nx, 1]);
      target = (nx === s && ny === s ? t : tf.image.resizeBilinear(t, [s, s], true)).dataSync() as Float32Array;
    });
    const hasLabel = Array.from({ length: nz }, (_, z) => target.subarray(z * s * s, (z + 1) * s * s).some((v) => v >= 0.5));
    const weak = sliceLabelsOf(item, nz);
    const sliceTarget = Uint8Array.from(hasLabel, (has, z) => (weak ? weak[z]! : has ? 1 : 0));
    const voxelWeight = Uint8Array.from(hasLabel, (has, z) => (config.ignoreDropped && sliceTarget[z] && !has ? 0 : 1));
    const labelled: number[] = [];
    const empty: number[] = [];
    for (let z = 0; z < nz; z++) {
      if (hasLabel[z] || (config.sliceHead && sliceTarget[z])) labelled.push(z);
      else if (voxelWeight[z]) empty.push(z); // without a slice head, an ignored slice teaches nothing
    }
    samples.push({
      id: item.id,
      input: prepareVolume(tf, volume, config.windows, s),
      target,
      labelled,
      empty,
      sliceTarget,
      voxelWeight,
      volume,
      brain: item.get('brainMask').data,
      label: labelMask,
    });
  }
  const split = splitTrainVal(samples, config.valFraction, ctx.seed, 'light-unet');
  const val = split.val.filter((v) => v.label.some((l) => l !== 0));
  const train = split.train;
  const labelledSlices = train.reduce((n, c) => n + c.labelled.length, 0);
  if (!train.some((c) => c.label.some((l) => l !== 0)))
    throw new HemocamError('RUNTIME', `light-unet: no training slice has a '${config.labels}' voxel; nothing to learn (check the stage that makes the labels)`);

  const model = buildUnet(tf, config, ctx.seed);
  logger.info(
    `light-unet: ${model.countParams().toLocaleString('en')} parameters, ${s}² × ${config.windows.length} channels; ${train.length} training cases (${labelledSlices} labelled slices), ${val.length} validation cases`,
  );
  const optimizer = createAdam(tf, config.learningRate);
  const channels = config.windows.length;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a LayerVariable reads out its tf.Variable, typed as a plain Tensor
  const variables = model.trainableWeights.map((w) => w.read() as tfType.Variable);
  const allEmpty: [Sample, number][] = train.flatMap((c) => c.empty.map((z) => [c, z] as [Sample, number]));
  let refs: [Sample, number][] = [];
  const state = await trainLoop({
    name: 'light-unet',
    services: ctx,
    models: { unet: model },
    optimizer,
    epochs: config.epochs,
    patience: config.patience,
    learningRate: config.learningRate,
    metric: { key: 'valDice', label: `validation Dice vs ${config.labels}` },
    // Every labelled slice, and empty ones drawn at `negativeRatio`, in a new order each epoch.
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
      const sliceY = Float32Array.from(batch, ([c, z]) => c.sliceTarget[z]!);
      const weight = Float32Array.from(batch, ([c, z]) => c.voxelWeight[z]!);
      batch.forEach(([c, z], b) => {
        const flip = config.flip && rng() < 0.5;
        for (let row = 0; row < s; row++)
          for (let col = 0; col < s; col++) {
            const from = z * s * s + row * s + (flip ? s - 1 - col : col);
            const to = b * s * s + row * s + col;
            y[to] = c.target[from]!;
            for (let ch = 0; ch < channels; ch++) x[to * channels + ch] = c.input.data[from * channels + ch]!;
          }
      });
      let loss = 0;
      tf.tidy(() => {
        const xs = tf.tensor4d(x, [batch.length, s, s, channels]);
        const ys = tf.tensor4d(y, [batch.length, s, s, 1]);
        const ws = tf.tensor4d(weight, [batch.length, 1, 1, 1]);
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
        : val.map((c) => dice(maskFromPrediction(predictProbabilities(tf, model, c.volume, config), c.brain, c.volume.dims[0] * c.volume.dims[1], config), c.label)).reduce((a, b) => a + b, 0) /
          val.length,
  });
  model.dispose();
  optimizer.dispose();
  return state;
}
