import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { loadModels, TRAINING_SERVICES, trainingServices, type TrainingServiceArgs, type TrainingServices } from '@hemocam/tensor';
import { removeSmallVolumes } from '@hemocam/imaging';
import { SERVICES, volumeLike, type Case, type Stage } from '@hemocam/core';
import { fitLightUnet } from './fitLightUnet.js';
import { lightUnetConfigSchema, type LightUnetConfig } from './lightUnetConfig.js';
import { maskFromPrediction } from './maskFromPrediction.js';
import { predictProbabilities } from './predictProbabilities.js';
import { unetBox } from './unetBox.js';

/**
 * Stage `light-unet`: a small 2-D U-Net. `hemocam train` teaches it the pseudo labels earlier
 * (trainOnly) stages made on the training cases, and its slice head the slice labels — still
 * weak supervision, never ground-truth masks; `hemocam run` needs only it and the brain mask, so
 * test time is cheap, and the slice head empties the slices it calls negative.
 */
export class LightUnetStage implements Stage {
  static readonly description = 'Light 2-D U-Net trained on pseudo labels; at run time only it and the brain mask run';
  static readonly configSchema = lightUnetConfigSchema;
  static readonly needs = ['volume', 'brainMask'] as const;
  static readonly fitNeeds = (config: LightUnetConfig) => [config.labels];
  static readonly runOptions = ['threshold', 'sliceThreshold', 'minVolumeMm3'] as const;
  static readonly provides = ['mask'] as const;
  static readonly inject = [SERVICES.config, ...TRAINING_SERVICES];

  private model?: Promise<tfType.LayersModel>;

  private readonly ctx: TrainingServices;

  constructor(
    private readonly config: LightUnetConfig,
    ...services: TrainingServiceArgs
  ) {
    this.ctx = trainingServices(...services);
  }

  async fit(cases: readonly Case[]): Promise<void> {
    await fitLightUnet(cases, this.config, this.ctx);
  }

  async run(item: Case): Promise<void> {
    const ctx = this.ctx;
    this.model ??= loadModels(ctx.tf, join(ctx.stateDir, 'model'), ['unet'] as const).then((m) => m.unet);
    const model = await this.model;
    const volume = item.get('volume');
    const brain = item.get('brainMask').data;
    const prediction = predictProbabilities(ctx.tf, model, volume, this.config, unetBox(brain, volume, this.config));
    const mask = maskFromPrediction(prediction, brain, volume.dims[0] * volume.dims[1], this.config);
    item.set('mask', volumeLike(volume, removeSmallVolumes(mask, volume, this.config.minVolumeMm3)));
  }

  async dispose(): Promise<void> {
    const model = await this.model?.catch(() => undefined);
    model?.dispose();
    this.model = undefined;
  }
}
