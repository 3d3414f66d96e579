import type * as tfType from '@tensorflow/tfjs';
import { shuffleInPlace, HemocamError, type Case, type ArtifactName, type Volume } from '@hemocam/core';
import { dice, maskWhere } from '@hemocam/imaging';
import { createAdam, prepareVolume, splitTrainVal, trainLoop, type PreparedVolume, type TrainingServices, type TrainState } from '@hemocam/tensor';
import { buildUnet } from './buildUnet.js';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { predictProbabilities } from './predictProbabilities.js';
import { segmentationLoss } from './segmentationLoss.js';

interface Sample {
  id: string;
  input: PreparedVolume;
  /** Targets on the input grid, [slices, size, size], soft in [0, 1]. */
  target: Float32Array;
  labelled: number[];
  empty: number[];
  volume: Volume;
  label: Uint8Array;
}

/**
 * Train the light U-Net on per-voxel targets read from each training case's `labels` artifact
 * (pseudo labels in the pipeline; a benchmark may pass ground truth to get the supervised
 * reference). Slices with label plus sampled empty ones, soft Dice + BCE, flips, Adam with
 * cosine decay, early stopping on validation Dice against the same kind of targets, and a
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
    const labelled: number[] = [];
    const empty: number[] = [];
    for (let z = 0; z < nz; z++) (target.subarray(z * s * s, (z + 1) * s * s).some((v) => v >= 0.5) ? labelled : empty).push(z);
    samples.push({ id: item.id, input: prepareVolume(tf, volume, config.windows, s), target, labelled, empty, volume, label: labelMask });
  }
  const split = splitTrainVal(samples, config.valFraction, ctx.seed, 'light-unet');
  const val = split.val.filter((v) => v.labelled.length > 0);
  const train = split.train;
  const labelledSlices = train.reduce((n, c) => n + c.labelled.length, 0);
  if (labelledSlices === 0) throw new HemocamError('RUNTIME', `light-unet: no training slice has a '${config.labels}' voxel; nothing to learn (check the stage that makes the labels)`);

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
        const cost = optimizer.minimize(() => segmentationLoss(tf, model.apply(xs, { training: true }) as tfType.Tensor, ys, config.diceWeight), true, variables);
        loss = cost!.dataSync()[0]!;
      });
      return loss;
    },
    validate: () =>
      val.length === 0
        ? null
        : val
            .map((c) =>
              dice(
                Uint8Array.from(predictProbabilities(tf, model, c.volume, config), (p) => (p >= config.threshold ? 1 : 0)),
                c.label,
              ),
            )
            .reduce((a, b) => a + b, 0) / val.length,
  });
  model.dispose();
  optimizer.dispose();
  return state;
}
