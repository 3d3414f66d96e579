import { shuffleInPlace, sliceLabelsOf, type Case } from '@hemocam/core';
import { createAdam, prepareVolume, splitTrainVal, trainLoop, type PreparedVolume, type TrainingServices, type TrainState } from '@hemocam/tensor';
import { rocAuc } from '@hemocam/imaging';
import type { ResnetLstmConfig } from '../config.js';
import { buildClassifier, describeClassifier } from '../model/buildClassifier.js';
import { predictSlices } from '../model/forwardWindows.js';
import { makeBatch, type WindowRef } from './makeBatch.js';
import { autoReplicas } from './autoReplicas.js';
import { ReplicaPool } from './ReplicaPool.js';
import { classifierBox } from '../preprocess/classifierBox.js';

interface Labelled {
  id: string;
  volume: PreparedVolume;
  labels: number[];
}

/**
 * Train the ResNet-LSTM on slice labels (never masks): class-balanced loss on the LSTM head
 * plus the auxiliary head, Adam with cosine decay, augmentation, early stopping on the
 * validation slice AUC, and a checkpoint after every epoch from which `ctx.resume` continues
 * with the same result as an uninterrupted run. The best model is left in stateDir/model.
 */
export async function fitClassifier(cases: readonly Case[], config: ResnetLstmConfig, ctx: TrainingServices): Promise<TrainState> {
  const { tf, logger } = ctx;
  const labelled: Labelled[] = [];
  for (const item of cases) {
    const volume = item.get('volume');
    const labels = sliceLabelsOf(item, volume.dims[2]);
    if (!labels) continue;
    labelled.push({ id: item.id, volume: prepareVolume(tf, volume, config.windows, config.inputSize, classifierBox(volume, config)), labels });
  }
  const skipped = cases.length - labelled.length;
  if (skipped > 0) logger.warn(`resnet-lstm: ${skipped} case(s) have no slice labels (and are not scan-negative); they are not used`);
  if (labelled.length < 2) throw new Error(`resnet-lstm needs at least 2 cases with slice labels to train; it has ${labelled.length}`);

  const { train, val } = splitTrainVal(labelled, config.valFraction, ctx.seed, 'resnet-lstm');
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
  const optimizer = createAdam(tf, config.learningRate);
  const replicas = Math.min(config.batchSize, autoReplicas(config.workers, ctx.native?.active === true));
  let pool: ReplicaPool | undefined;
  const stepsPerEpoch = config.stepsPerEpoch ?? Math.ceil(refs.length / config.batchSize);
  let shuffled: WindowRef[] = [];
  let state: TrainState;
  try {
    state = await trainLoop({
      name: 'resnet-lstm',
      services: ctx,
      models: { ...classifier },
      optimizer,
      epochs: config.epochs,
      patience: config.patience,
      learningRate: config.learningRate,
      metric: { key: 'valAuc', label: 'validation slice AUC' },
      // The replicas copy the weights as they are now: after a --resume restored them.
      ready: async () => {
        pool = await ReplicaPool.create(tf, classifier, optimizer, config, ctx.seed, ctx.backend, replicas);
        if (pool.size > 1) logger.info(`resnet-lstm: data-parallel over ${pool.size} replicas (main thread + ${pool.size - 1} worker thread${pool.size > 2 ? 's' : ''})`);
      },
      beginEpoch: (_epoch, rng) => {
        shuffled = shuffleInPlace(refs.slice(), rng);
        return stepsPerEpoch;
      },
      step: (step, rng, learningRate) => {
        const batchRefs = Array.from({ length: config.batchSize }, (_, b) => shuffled[(step * config.batchSize + b) % shuffled.length]!);
        const batch = makeBatch(batchRefs, config, rng, true);
        return pool!.step(batch.x, batch.y, posWeight, learningRate); // made in ready(), before any step
      },
      validate: () => {
        if (!canValidate) return null;
        const scores: number[] = [];
        for (const c of val) {
          const slices = tf.tensor4d(c.volume.data, [c.volume.slices, c.volume.size, c.volume.size, c.volume.channels]);
          scores.push(...predictSlices(tf, classifier, slices, config.slices));
          slices.dispose();
        }
        return rocAuc(scores, valSlices);
      },
    });
  } finally {
    await pool?.dispose();
  }
  for (const part of [classifier.encoder, classifier.head, classifier.aux]) part.dispose();
  optimizer.dispose();
  return state;
}
