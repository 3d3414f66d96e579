import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { createRng, shuffleInPlace, writeFileAtomic, type Case } from '@hemocam/core';
import { lineChart, writePng } from '@hemocam/render';
import { restoreCheckpoint, saveCheckpoint, prepareVolume, type PreparedVolume, type TrainingServices } from '@hemocam/tensor';
import { rocAuc } from '@hemocam/imaging';
import type { ResnetLstmConfig } from '../config.js';
import { buildClassifier, describeClassifier } from '../model/buildClassifier.js';
import { predictSlices } from '../model/forwardWindows.js';
import { saveClassifier, type TrainerState } from './classifierStore.js';
import { makeBatch, type WindowRef } from './makeBatch.js';
import { ReplicaPool } from './ReplicaPool.js';

interface Labelled {
  id: string;
  volume: PreparedVolume;
  labels: number[];
}

/** Slice labels of a case: its own, or all 0 for a scan labelled negative (a weak bound); undefined otherwise. */
function sliceLabelsOf(item: Case, slices: number): number[] | undefined {
  if (item.labels?.slices) return Array.from({ length: slices }, (_, z) => item.labels!.slices![z] ?? 0);
  if (item.labels?.scan === 0) return new Array<number>(slices).fill(0);
  return undefined;
}

/**
 * Train the ResNet-LSTM on slice labels (never masks): class-balanced loss on the LSTM head
 * plus the auxiliary head, Adam with cosine decay, augmentation, early stopping on the
 * validation slice AUC, and a checkpoint after every epoch from which `ctx.resume` continues
 * with the same result as an uninterrupted run. The best model is left in stateDir/model.
 */
export async function fitClassifier(cases: readonly Case[], config: ResnetLstmConfig, ctx: TrainingServices): Promise<TrainerState> {
  const { tf, logger, progress } = ctx;
  const labelled: Labelled[] = [];
  for (const item of cases) {
    const volume = item.get('volume');
    const labels = sliceLabelsOf(item, volume.dims[2]);
    if (!labels) continue;
    labelled.push({ id: item.id, volume: prepareVolume(tf, volume, config.windows, config.inputSize), labels });
  }
  const skipped = cases.length - labelled.length;
  if (skipped > 0) logger.warn(`resnet-lstm: ${skipped} case(s) have no slice labels (and are not scan-negative); they are not used`);
  if (labelled.length < 2) throw new Error(`resnet-lstm needs at least 2 cases with slice labels to train; it has ${labelled.length}`);

  const order = shuffleInPlace(
    labelled.map((_, i) => i),
    createRng(ctx.seed, 'resnet-lstm:split'),
  );
  const nVal = Math.min(labelled.length - 1, Math.round(labelled.length * config.valFraction));
  const val = order.slice(0, nVal).map((i) => labelled[i]!); // order is a permutation of labelled's indices
  const train = order.slice(nVal).map((i) => labelled[i]!);
  const valSlices = val.flatMap((v) => v.labels);
  const canValidate = valSlices.includes(1) && valSlices.includes(0);
  if (!canValidate) logger.warn('resnet-lstm: the validation cases lack positive or negative slices; early stopping is off and the last epoch is kept');

  const refs: WindowRef[] = train.flatMap((c) => Array.from({ length: Math.ceil(c.volume.slices / config.stride) }, (_, k) => ({ volume: c.volume, labels: c.labels, center: k * config.stride })));
  const positives = train.reduce((n, c) => n + c.labels.filter((l) => l === 1).length, 0);
  const negatives = train.reduce((n, c) => n + c.labels.length, 0) - positives;
  const posWeight = positives === 0 ? 1 : Math.min(20, Math.max(1, negatives / positives));

  const classifier = buildClassifier(tf, config, ctx.seed);
  const summary = describeClassifier(classifier);
  logger.info(
    `resnet-lstm: ResNet-${config.depth} ×${config.width}, ${config.inputSize}² × ${config.windows.length} channels, ${(summary.params / 1e6).toFixed(2)} M parameters, ${(summary.encoderFlopsPerSlice / 1e9).toFixed(3)} GFLOPs per slice`,
  );
  logger.info(`resnet-lstm: ${train.length} training / ${val.length} validation cases, ${refs.length} windows per epoch, positive slice weight ${posWeight.toFixed(2)}`);
  const optimizer = tf.train.adam(config.learningRate);
  const checkpointDir = join(ctx.stateDir, 'checkpoint');
  let state: TrainerState = { epoch: 0, bestAuc: -Infinity, bestEpoch: 0, badEpochs: 0, history: [] };
  if (ctx.resume) {
    const restored = await restoreCheckpoint<TrainerState>(tf, { ...classifier }, optimizer, checkpointDir);
    if (restored) {
      state = restored;
      logger.info(`resnet-lstm: resuming after epoch ${state.epoch}`);
    }
  }

  const replicas = Math.min(config.batchSize, config.workers === 'auto' ? Math.min(2, availableParallelism()) : config.workers);
  const pool = await ReplicaPool.create(tf, classifier, optimizer, config, ctx.seed, ctx.backend, replicas);
  if (pool.size > 1) logger.info(`resnet-lstm: data-parallel over ${pool.size} replicas (main thread + ${pool.size - 1} worker thread${pool.size > 2 ? 's' : ''})`);
  try {
    const stepsPerEpoch = config.stepsPerEpoch ?? Math.ceil(refs.length / config.batchSize);
    while (state.epoch < config.epochs && state.badEpochs < config.patience) {
      const epoch = state.epoch + 1;
      const started = Date.now();
      const rng = createRng(ctx.seed, `resnet-lstm:epoch${epoch}`);
      const shuffled = shuffleInPlace(refs.slice(), rng);
      const learningRate = config.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / config.epochs)));
      const task = progress.start(`epoch ${epoch}/${config.epochs}`, stepsPerEpoch);
      let lossSum = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (ctx.signal.aborted) throw new Error('interrupted');
        const batchRefs = Array.from({ length: config.batchSize }, (_, b) => shuffled[(step * config.batchSize + b) % shuffled.length]!);
        const batch = makeBatch(batchRefs, config, rng, true);
        const value = await pool.step(batch.x, batch.y, posWeight, learningRate);
        lossSum += value;
        task.tick(1, `loss ${value.toFixed(4)}`);
      }
      task.done();
      let valAuc: number | null = null;
      if (canValidate) {
        const scores: number[] = [];
        for (const c of val) {
          const slices = tf.tensor4d(c.volume.data, [c.volume.slices, c.volume.size, c.volume.size, c.volume.channels]);
          scores.push(...predictSlices(tf, classifier, slices, config.slices));
          slices.dispose();
        }
        valAuc = rocAuc(scores, valSlices);
      }
      const meanLoss = lossSum / stepsPerEpoch;
      state.history.push({ epoch, loss: meanLoss, valAuc, learningRate, seconds: (Date.now() - started) / 1000 });
      state.epoch = epoch;
      const improved = valAuc === null || valAuc > state.bestAuc;
      if (improved) {
        state.bestAuc = valAuc ?? state.bestAuc;
        state.bestEpoch = epoch;
        state.badEpochs = 0;
        await saveClassifier(tf, classifier, join(ctx.stateDir, 'model'));
      } else {
        state.badEpochs++;
      }
      logger.info(
        `resnet-lstm: epoch ${epoch}: loss ${meanLoss.toFixed(4)}${valAuc === null ? '' : `, validation slice AUC ${valAuc.toFixed(4)}${improved ? ' (best)' : ''}`}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      await saveCheckpoint(tf, { ...classifier }, optimizer, state, checkpointDir);
    }
  } finally {
    await pool.dispose();
  }
  await writeFileAtomic(join(ctx.stateDir, 'history.json'), JSON.stringify(state.history, null, 2) + '\n');
  await writePng(
    join(ctx.stateDir, 'history.png'),
    lineChart(
      [
        { label: 'training loss', values: state.history.map((e) => e.loss), color: [192, 57, 43] },
        { label: 'validation slice AUC', values: state.history.map((e) => e.valAuc), color: [36, 113, 163], range: [0.5, 1] },
      ],
      'epoch',
    ),
  );
  for (const part of [classifier.encoder, classifier.head, classifier.aux]) part.dispose();
  optimizer.dispose();
  return state;
}
