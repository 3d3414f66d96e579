import { join } from 'node:path';
import type { Case, ClassifierHandle, Stage, StageContext, Volume } from '@hemocam/core';
import { resnetLstmConfigSchema, type ResnetLstmConfig } from './config.js';
import type { Classifier } from './model/buildClassifier.js';
import { classifierCamSubject } from './model/classifierCamSubject.js';
import { predictSlices } from './model/forwardWindows.js';
import { prepareVolume } from '@hemocam/core';
import { loadClassifier } from './train/classifierStore.js';
import { fitClassifier } from './train/fitClassifier.js';

/**
 * Stage `resnet-lstm`: learns slice-level ICH labels across contiguous slices (`fit`) and
 * gives `sliceProbs`, one probability per axial slice, each predicted in the window centred
 * on it (`run`), and a `classifier` handle that CAM stages open. Ramananda & Sundaresan (2023).
 */
export class ResNetLstmStage implements Stage {
  static readonly description = 'ResNet encoder per slice + bidirectional LSTM across slices; learns slice labels, gives sliceProbs';
  static readonly configSchema = resnetLstmConfigSchema;
  static readonly needs = ['volume'] as const;
  static readonly provides = ['sliceProbs', 'classifier'] as const;

  private model?: Promise<Classifier>;

  constructor(
    private readonly config: ResnetLstmConfig,
    private readonly ctx: StageContext,
  ) {}

  async fit(cases: readonly Case[], ctx: StageContext): Promise<void> {
    await fitClassifier(cases, this.config, ctx);
  }

  async run(item: Case, ctx: StageContext): Promise<void> {
    const modelDir = join(ctx.stateDir, 'model');
    this.model ??= loadClassifier(ctx.tf, modelDir);
    const model = await this.model;
    const prepared = prepareVolume(ctx.tf, item.artifacts.get('volume') as Volume, this.config.windows, this.config.inputSize);
    const slices = ctx.tf.tensor4d(prepared.data, [prepared.slices, prepared.size, prepared.size, prepared.channels]);
    try {
      item.artifacts.set('sliceProbs', Array.from(predictSlices(ctx.tf, model, slices, this.config.slices)));
      const config = this.config;
      const handle: ClassifierHandle = { id: modelDir, open: async (tf) => classifierCamSubject(tf, await loadClassifier(tf, modelDir), config) };
      item.artifacts.set('classifier', handle);
    } finally {
      slices.dispose();
    }
  }

  async dispose(): Promise<void> {
    if (!this.model) return;
    const model = await this.model.catch(() => undefined);
    if (model) for (const part of [model.encoder, model.head, model.aux]) part.dispose();
    this.model = undefined;
  }
}
