import { gaussianSmooth } from '@hemocam/imaging';
import { HemocamError, SERVICES, volumeLike, type Case, type Stage, type StageClass, type StageInfo, type Vec3 } from '@hemocam/core';
import { TENSOR, type ClassifierHandle, type TensorBackend, type VolumeCamSubject } from '@hemocam/tensor';
import type { CamMethod } from './CamMethod.js';
import { camConfigSchema, type CamConfig } from './camConfig.js';
import { computeCam } from './computeCam.js';
import { scoreTarget } from './scoreTarget.js';

/**
 * The pipeline stage of a CAM method: maps of the `classifier` artifact's model for every
 * axial slice, back on the volume's grid, optionally smoothed, normalised per slice or per
 * volume → the `cam` artifact (a float32 heat map in [0, 1]).
 */
export function camStage(method: CamMethod): StageClass<CamConfig> {
  return class CamStage implements Stage {
    static readonly description = `Class activation maps by ${method.id} (${method.paper}) of the classifier, per slice, on the native grid`;
    static readonly configSchema = camConfigSchema;
    static readonly needs = ['volume', 'classifier'] as const;
    static readonly provides = ['cam'] as const;
    static readonly inject = [SERVICES.config, TENSOR, SERVICES.stage];

    private subject?: { id: string; value: Promise<VolumeCamSubject> };

    constructor(
      private readonly config: CamConfig,
      private readonly tensor: TensorBackend,
      private readonly stage: StageInfo,
    ) {}

    async run(item: Case): Promise<void> {
      const volume = item.get('volume');
      const subject = await this.open(item.find('classifier'));
      const input = subject.input(volume);
      let maps: Float32Array;
      try {
        maps = computeCam(this.tensor.tf, method, subject, input, {
          layer: this.config.layer,
          target: scoreTarget(this.config.target),
          normalize: 'none',
          batchSize: this.config.batchSize,
        }).maps;
      } finally {
        input.dispose();
      }
      let heat = subject.toVolumeGrid(maps, volume);
      if (this.config.smooth > 0) heat = gaussianSmooth(heat, volume.dims, volume.spacing.map((s) => this.config.smooth / s) as Vec3);
      normalizeInPlace(heat, this.config.normalize === 'per-slice' ? volume.dims[0] * volume.dims[1] : heat.length);
      item.set('cam', volumeLike(volume, heat));
    }

    private async open(handle: ClassifierHandle | undefined): Promise<VolumeCamSubject> {
      const key = this.stage.key;
      // A plugin's own stage could set something else under the name; say so rather than crash.
      if (!handle || typeof (handle as Partial<ClassifierHandle>).open !== 'function') {
        throw new HemocamError('CONFIG', `stages.${key}: the 'classifier' artifact is not a classifier handle; put a classifier stage (e.g. resnet-lstm) before ${method.id}`, {
          path: `stages.${key}`,
        });
      }
      if (this.subject?.id !== handle.id) {
        await this.dispose();
        this.subject = { id: handle.id, value: handle.open(this.tensor.tf) };
      }
      const subject = await this.subject.value;
      const layer = this.config.layer ?? subject.layers[0];
      if (layer === undefined || !subject.layers.includes(layer)) {
        const path = `stages.${key}.with.layer`;
        throw new HemocamError('CONFIG', `${path}: the classifier has no layer '${String(layer)}'; layers with feature maps: ${subject.layers.join(', ')}`, { path });
      }
      return subject;
    }

    async dispose(): Promise<void> {
      const subject = this.subject;
      this.subject = undefined;
      if (subject) (await subject.value.catch(() => undefined))?.dispose();
    }
  };
}

/** Divide each run of `size` values by its maximum (all-zero runs stay zero). */
function normalizeInPlace(values: Float32Array, size: number): void {
  for (let start = 0; start < values.length; start += size) {
    let peak = 0;
    for (let i = start; i < start + size; i++) {
      if (values[i]! < 0) values[i] = 0; // interpolation and smoothing keep maps ≥ 0; clamp rounding
      if (values[i]! > peak) peak = values[i]!;
    }
    if (peak > 0) for (let i = start; i < start + size; i++) values[i]! /= peak;
  }
}
