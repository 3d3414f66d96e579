import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HemocamError, type Case } from '@hemocam/core';
import { loadModels, splitTrainVal, type TrainingServices, type TrainState } from '@hemocam/tensor';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { relabelSamples } from './relabelSamples.js';
import { trainUnetRound } from './trainUnetRound.js';
import { unetSamples } from './unetSamples.js';

/**
 * Train the light U-Net on per-voxel targets read from each training case's `labels` artifact
 * (pseudo labels in the pipeline; a benchmark may pass ground truth to get the supervised
 * reference) and, with `sliceHead`, the slice labels of each case (`labels.slices`, or a
 * scan-negative label; where a case has none, whether a slice has a label voxel); see
 * `trainUnetRound`. With `rounds: N`, N rounds of self-training follow: the best model so far
 * relabels the training cases with its confident predictions (`relabelSamples`) and a fresh
 * model learns those, in `stateDir/rounds/<n>`; each round logs its validation Dice against the
 * labels the cases came with. Checkpoints per epoch and round let `ctx.resume` continue. The
 * last round's best model ends in stateDir/model.
 */
export async function fitLightUnet(cases: readonly Case[], config: LightUnetConfig, ctx: TrainingServices): Promise<TrainState> {
  const { tf, logger } = ctx;
  const samples = unetSamples(tf, cases, config);
  const split = splitTrainVal(samples, config.valFraction, ctx.seed, 'light-unet');
  const val = split.val.filter((v) => v.label.some((l) => l !== 0));
  const train = split.train;
  if (!train.some((c) => c.label.some((l) => l !== 0)))
    throw new HemocamError('RUNTIME', `light-unet: no training slice has a '${config.labels}' voxel; nothing to learn (check the stage that makes the labels)`);
  logger.info(
    `light-unet: ${config.inputSize}² × ${config.windows.length} channels (${config.crop === 'brain' ? 'brain box' : 'whole slice'}); ${train.length} training cases (${train.reduce((n, c) => n + c.labelled.length, 0)} labelled slices), ${val.length} validation cases`,
  );
  let state = await trainUnetRound('light-unet', train, val, config, ctx);
  let best = join(ctx.stateDir, 'model');
  for (let round = 1; round <= config.rounds; round++) {
    logger.info(`light-unet: round ${round - 1} best validation Dice vs ${config.labels} ${state.best.toFixed(4)} (epoch ${state.bestEpoch})`);
    const { unet } = await loadModels(tf, best, ['unet'] as const);
    const share = relabelSamples(tf, unet, train, config);
    unet.dispose();
    logger.info(`light-unet: round ${round}: relabelled the training cases with the model's confident predictions (${(share * 100).toFixed(2)} % of voxels positive)`);
    const roundCtx = { ...ctx, stateDir: join(ctx.stateDir, 'rounds', String(round)) };
    state = await trainUnetRound(`light-unet round ${round}`, train, val, config, roundCtx);
    best = join(roundCtx.stateDir, 'model');
  }
  if (config.rounds > 0) {
    logger.info(`light-unet: round ${config.rounds} best validation Dice vs ${config.labels} ${state.best.toFixed(4)} (epoch ${state.bestEpoch})`);
    const final = join(ctx.stateDir, 'model');
    await rm(final, { recursive: true, force: true });
    await cp(best, final, { recursive: true });
  }
  return state;
}
