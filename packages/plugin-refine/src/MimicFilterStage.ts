import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { removeSmallVolumes } from '@hemocam/imaging';
import { HemocamError, SERVICES, sliceLabelsOf, volumeLike, writeFileAtomic, type Case, type Logger, type Stage, type StageInfo } from '@hemocam/core';
import { COMPONENT_FEATURES, componentFeatures } from './componentFeatures.js';
import { fitLogistic, logisticProbability, type LogisticModel } from './fitLogistic.js';

const configSchema = z
  .object({
    threshold: z.number().min(0).max(1).default(0.5).describe('Keep a pseudo-mask component whose learned probability of lying on a positive slice is at least this'),
    sliceSource: z
      .enum(['labels', 'all'])
      .default('labels')
      .describe("Where components may stay: on slices a training case's own slice labels call positive (a trainOnly teacher; a case without labels keeps every slice), or on every slice"),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop final 3-D components smaller than this'),
    output: z.enum(['mask', 'pseudoLabel', 'seeds']).default('mask').describe('Artifact to set: the final mask, pseudo labels a light-unet stage learns from, or seeds for random-walk'),
  })
  .strict();

type Config = z.output<typeof configSchema>;

/** What `fit` saves. */
interface Saved {
  features: readonly string[];
  model: LogisticModel;
}

const MODEL_FILE = 'mimic-filter.json';

/**
 * Stage `mimic-filter`: learns from the slice labels which pseudo-mask components are mimics.
 * A component on a slice labelled negative is a mimic for certain (sinus, calcification,
 * partial-volume bone, cupping); one on a positive slice may be either. A logistic regression on
 * each in-plane component's size, density and place in the brain (`componentFeatures`) learns
 * the odds of a positive slice (multiple-instance learning: the positive slices' bags hold
 * bleeds the negative slices never show); components below `threshold` are dropped.
 */
export class MimicFilterStage implements Stage {
  static readonly description = 'Pseudo-mask components filtered by what slices labelled negative show (mimics), learnt from slice labels';
  static readonly configSchema = configSchema;
  static readonly needs = ['volume', 'brainMask', 'pseudoMask'] as const;
  static readonly provides = (config: Config) => [config.output];
  static readonly inject = [SERVICES.config, SERVICES.logger, SERVICES.stage];

  private saved?: Saved;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly stage: StageInfo,
  ) {}

  async fit(cases: readonly Case[]): Promise<void> {
    const x: number[][] = [];
    const y: number[] = [];
    let labelled = 0;
    for (const item of cases) {
      const volume = item.get('volume');
      const labels = sliceLabelsOf(item, volume.dims[2]);
      if (!labels) continue;
      labelled++;
      for (const c of componentFeatures(volume, item.get('brainMask').data, item.get('pseudoMask').data)) {
        x.push(c.features);
        y.push(labels[c.slice] ? 1 : 0);
      }
    }
    const positive = y.filter(Boolean).length;
    if (positive === 0 || positive === y.length)
      throw new HemocamError(
        'INPUT',
        `mimic-filter: the ${labelled} training cases with slice labels (of ${cases.length}) give ${positive} pseudo-mask components on slices labelled positive and ${y.length - positive} on slices labelled negative; it needs both (training cases with slice labels, some with bleeds, some without)`,
      );
    const saved: Saved = { features: COMPONENT_FEATURES, model: fitLogistic(x, y) };
    const kept = x.filter((f, k) => y[k] && logisticProbability(saved.model, f) >= this.config.threshold).length;
    this.logger.info(`mimic-filter: learnt from ${x.length} pseudo-mask components of ${labelled} cases (${positive} on slices labelled positive); ${kept} of those reach ${this.config.threshold}`);
    await writeFileAtomic(join(this.stage.stateDir, MODEL_FILE), JSON.stringify(saved));
    this.saved = saved;
  }

  async run(item: Case): Promise<void> {
    const { model } = this.load();
    const volume = item.get('volume');
    const labels = this.config.sliceSource === 'labels' ? sliceLabelsOf(item, volume.dims[2]) : undefined;
    const mask = new Uint8Array(volume.data.length);
    for (const c of componentFeatures(volume, item.get('brainMask').data, item.get('pseudoMask').data))
      if ((!labels || labels[c.slice]) && logisticProbability(model, c.features) >= this.config.threshold) for (const i of c.voxels) mask[i] = 1;
    item.set(this.config.output, volumeLike(volume, removeSmallVolumes(mask, volume, this.config.minVolumeMm3)));
  }

  private load(): Saved {
    if (this.saved) return this.saved;
    const file = join(this.stage.stateDir, MODEL_FILE);
    if (!existsSync(file)) throw new HemocamError('RUNTIME', `mimic-filter: ${file} is missing; train the pipeline first (hemocam train)`, { file });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    if (saved.features.join('|') !== COMPONENT_FEATURES.join('|'))
      throw new HemocamError('RUNTIME', `mimic-filter: ${file} was learnt on other component features (a hemocam version before this one); retrain with \`hemocam train\``, { file });
    this.saved = saved;
    return saved;
  }

  dispose(): void {}
}
