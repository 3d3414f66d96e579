import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { createRng, shuffleInPlace, HemocamError, writeFileAtomic, type Case, type ArtifactName, type Volume } from '@hemocam/core';
import { dice } from '@hemocam/imaging';
import { lineChart, writePng } from '@hemocam/render';
import { prepareVolume, restoreCheckpoint, saveCheckpoint, saveModels, type PreparedVolume, type TrainingServices } from '@hemocam/tensor';
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

export interface UnetTrainerState {
  epoch: number;
  bestDice: number;
  bestEpoch: number;
  badEpochs: number;
  history: { epoch: number; loss: number; valDice: number | null; learningRate: number; seconds: number }[];
}

/**
 * Train the light U-Net on per-voxel targets read from each training case's `labels` artifact
 * (pseudo labels in the pipeline; a benchmark may pass ground truth to get the supervised
 * reference). Slices with label plus sampled empty ones, soft Dice + BCE, flips, Adam with
 * cosine decay, early stopping on validation Dice against the same kind of targets, and a
 * checkpoint per epoch that `ctx.resume` continues from. The best model ends in stateDir/model.
 */
export async function fitLightUnet(cases: readonly Case[], config: LightUnetConfig, ctx: TrainingServices): Promise<UnetTrainerState> {
  const { tf, logger, progress } = ctx;
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
    tf.tidy(() => {
      const t = tf.tensor4d(
        Float32Array.from(label.data, (v) => (v > 0 ? 1 : 0)),
        [nz, ny, nx, 1],
      );
      target = (nx === s && ny === s ? t : tf.image.resizeBilinear(t, [s, s], true)).dataSync() as Float32Array;
    });
    const labelled: number[] = [];
    const empty: number[] = [];
    for (let z = 0; z < nz; z++) (target.subarray(z * s * s, (z + 1) * s * s).some((v) => v >= 0.5) ? labelled : empty).push(z);
    samples.push({ id: item.id, input: prepareVolume(tf, volume, config.windows, s), target, labelled, empty, volume, label: Uint8Array.from(label.data, (v) => (v > 0 ? 1 : 0)) });
  }
  const order = shuffleInPlace(
    samples.map((_, i) => i),
    createRng(ctx.seed, 'light-unet:split'),
  );
  const nVal = Math.min(samples.length - 1, Math.round(samples.length * config.valFraction));
  const val = order
    .slice(0, nVal)
    .map((i) => samples[i]!)
    .filter((v) => v.labelled.length > 0); // order is a permutation of samples' indices
  const train = order.slice(nVal).map((i) => samples[i]!);
  const labelledSlices = train.reduce((n, c) => n + c.labelled.length, 0);
  if (labelledSlices === 0) throw new HemocamError('RUNTIME', `light-unet: no training slice has a '${config.labels}' voxel; nothing to learn (check the stage that makes the labels)`);

  const model = buildUnet(tf, config, ctx.seed);
  logger.info(
    `light-unet: ${model.countParams().toLocaleString('en')} parameters, ${s}² × ${config.windows.length} channels; ${train.length} training cases (${labelledSlices} labelled slices), ${val.length} validation cases`,
  );
  const optimizer = tf.train.adam(config.learningRate);
  const checkpointDir = join(ctx.stateDir, 'checkpoint');
  let state: UnetTrainerState = { epoch: 0, bestDice: -Infinity, bestEpoch: 0, badEpochs: 0, history: [] };
  if (ctx.resume) {
    const restored = await restoreCheckpoint<UnetTrainerState>(tf, { unet: model }, optimizer, checkpointDir);
    if (restored) {
      state = restored;
      logger.info(`light-unet: resuming after epoch ${state.epoch}`);
    }
  }
  const channels = config.windows.length;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a LayerVariable reads out its tf.Variable, typed as a plain Tensor
  const variables = model.trainableWeights.map((w) => w.read() as tfType.Variable);
  while (state.epoch < config.epochs && state.badEpochs < config.patience) {
    const epoch = state.epoch + 1;
    const started = Date.now();
    const rng = createRng(ctx.seed, `light-unet:epoch${epoch}`);
    const refs: [Sample, number][] = [];
    for (const c of train) for (const z of c.labelled) refs.push([c, z]);
    const allEmpty: [Sample, number][] = train.flatMap((c) => c.empty.map((z) => [c, z] as [Sample, number]));
    const negatives = Math.min(allEmpty.length, Math.round(labelledSlices * config.negativeRatio));
    for (let k = 0; k < negatives; k++) refs.push(allEmpty[Math.floor(rng() * allEmpty.length)]!); // negatives > 0 only when allEmpty is not empty
    shuffleInPlace(refs, rng);
    const steps = Math.ceil(refs.length / config.batchSize);
    const learningRate = config.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / config.epochs)));
    (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
    const task = progress.start(`light-unet epoch ${epoch}/${config.epochs}`, steps);
    let lossSum = 0;
    for (let step = 0; step < steps; step++) {
      if (ctx.signal.aborted) throw new Error('interrupted');
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
      lossSum += loss;
      task.tick(1, `loss ${loss.toFixed(4)}`);
    }
    task.done();
    const valDice =
      val.length === 0
        ? null
        : val
            .map((c) =>
              dice(
                Uint8Array.from(predictProbabilities(tf, model, c.volume, config), (p) => (p >= config.threshold ? 1 : 0)),
                c.label,
              ),
            )
            .reduce((a, b) => a + b, 0) / val.length;
    const meanLoss = lossSum / steps;
    state.history.push({ epoch, loss: meanLoss, valDice, learningRate, seconds: (Date.now() - started) / 1000 });
    state.epoch = epoch;
    const improved = valDice === null || valDice > state.bestDice;
    if (improved) {
      state.bestDice = valDice ?? state.bestDice;
      state.bestEpoch = epoch;
      state.badEpochs = 0;
      await saveModels(tf, { unet: model }, join(ctx.stateDir, 'model'));
    } else state.badEpochs++;
    logger.info(
      `light-unet: epoch ${epoch}: loss ${meanLoss.toFixed(4)}${valDice === null ? '' : `, validation Dice vs ${config.labels} ${valDice.toFixed(4)}${improved ? ' (best)' : ''}`}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await saveCheckpoint(tf, { unet: model }, optimizer, state, checkpointDir);
  }
  await writeFileAtomic(join(ctx.stateDir, 'history.json'), JSON.stringify(state.history, null, 2) + '\n');
  await writePng(
    join(ctx.stateDir, 'history.png'),
    lineChart(
      [
        { label: 'training loss', values: state.history.map((e) => e.loss), color: [192, 57, 43] },
        { label: `validation Dice vs ${config.labels}`, values: state.history.map((e) => e.valDice), color: [36, 113, 163], range: [0, 1] },
      ],
      'epoch',
    ),
  );
  model.dispose();
  optimizer.dispose();
  return state;
}
