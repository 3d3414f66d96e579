import { join } from 'node:path';
import { SERVICES, type Case, type Stage } from '@hemocam/core';
import { type ClassifierHandle, createAdam, prepareVolume, TRAINING_SERVICES, trainingServices, type TrainingServiceArgs, type TrainingServices } from '@hemocam/tensor';
import { resnetLstmConfigSchema, type ResnetLstmConfig } from './config.js';
import type { Classifier } from './model/buildClassifier.js';
import { classifierCamSubject } from './model/classifierCamSubject.js';
import { slicesFromPooled } from './model/forwardWindows.js';
import { classifierBox } from './preprocess/classifierBox.js';
import { ReplicaPool } from './train/ReplicaPool.js';
import { autoReplicas } from './train/autoReplicas.js';
import { loadClassifier } from './train/classifierStore.js';
import { fitClassifier } from './train/fitClassifier.js';

/**
 * Stage `resnet-lstm`: learns slice-level ICH labels across contiguous slices (`fit`) and
 * gives `sliceProbs`, one probability per axial slice, each predicted in the window centred
 * on it (`run`), and a `classifier` handle that CAM stages open. Ramananda & Sundaresan (2023).
 * Inference encodes the slices of a volume in parallel over `workers` replicas (worker threads;
 * `auto`: one where the native kernels run, see `autoReplicas`).
 */
export class ResNetLstmStage implements Stage {
  static readonly description = 'ResNet encoder per slice + bidirectional LSTM across slices; learns slice labels, gives sliceProbs';
  static readonly configSchema = resnetLstmConfigSchema;
  static readonly needs = ['volume'] as const;
  static readonly provides = ['sliceProbs', 'classifier'] as const;
  static readonly inject = [SERVICES.config, ...TRAINING_SERVICES];

  private model?: Promise<{ classifier: Classifier; pool: ReplicaPool; optimizer: { dispose(): void } }>;

  private readonly ctx: TrainingServices;

  constructor(
    private readonly config: ResnetLstmConfig,
    ...services: TrainingServiceArgs
  ) {
    this.ctx = trainingServices(...services);
  }

  async fit(cases: readonly Case[]): Promise<void> {
    await fitClassifier(cases, this.config, this.ctx);
  }

  async run(item: Case): Promise<void> {
    const ctx = this.ctx;
    const modelDir = join(ctx.stateDir, 'model');
    this.model ??= this.load(ctx, modelDir);
    const { classifier, pool } = await this.model;
    const volume = item.get('volume');
    const prepared = prepareVolume(ctx.tf, volume, this.config.windows, this.config.inputSize, classifierBox(volume, this.config));
    const pooled = await pool.encode(prepared.data, [prepared.slices, prepared.size, prepared.size, prepared.channels]);
    item.set('sliceProbs', Array.from(slicesFromPooled(ctx.tf, classifier, pooled, prepared.slices, this.config.slices)));
    const config = this.config;
    const handle: ClassifierHandle = { id: modelDir, open: async (tf) => classifierCamSubject(tf, await loadClassifier(tf, modelDir), config) };
    item.set('classifier', handle);
  }

  /** The trained classifier, and a pool of replicas (this thread + workers) that share the slices of each volume. */
  private async load(ctx: TrainingServices, modelDir: string) {
    const classifier = await loadClassifier(ctx.tf, modelDir);
    const replicas = autoReplicas(this.config.workers, ctx.native?.active === true);
    const optimizer = createAdam(ctx.tf, this.config.learningRate); // the pool syncs optimizer state too; unused here
    const pool = await ReplicaPool.create(ctx.tf, classifier, optimizer, this.config, ctx.seed, ctx.backend, replicas);
    return { classifier, pool, optimizer };
  }

  async dispose(): Promise<void> {
    if (!this.model) return;
    const model = await this.model.catch(() => undefined);
    this.model = undefined;
    if (!model) return;
    await model.pool.dispose();
    model.optimizer.dispose();
    for (const part of [model.classifier.encoder, model.classifier.head, model.classifier.aux]) part.dispose();
  }
}
