import type * as tfType from '@tensorflow/tfjs';
import { sliceLabelsOf, HemocamError, type Case, type ArtifactName, type SquareBox, type Volume } from '@hemocam/core';
import { maskWhere } from '@hemocam/imaging';
import { prepareVolume, toInputGrid, type PreparedVolume } from '@hemocam/tensor';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { unetBox } from './unetBox.js';
import { IGNORE_LABEL } from '../ignoreLabel.js';

/** One training case of the light U-Net, on its input grid. */
export interface UnetSample {
  id: string;
  input: PreparedVolume;
  /** Targets on the input grid, [slices, size, size]: soft in [0, 1], or −1 where a voxel is ignored (self-training). */
  target: Float32Array;
  /** Slices with a label voxel, or (with a slice head) that the slice labels call positive: drawn every epoch. */
  labelled: number[];
  /** The other slices, drawn at `negativeRatio`. */
  empty: number[];
  /** Per slice: the slice head's target (the case's slice labels, else whether the slice has a label voxel). */
  sliceTarget: Uint8Array;
  /** Per slice: 0 where the voxel loss leaves the slice out (positive by its slice label, empty in the labels, with `ignoreDropped`). */
  voxelWeight: Uint8Array;
  volume: Volume;
  brain: ArrayLike<number>;
  box: SquareBox | null;
  /** The `labels` artifact as it came, on the volume's grid (validation compares with it). */
  label: Uint8Array;
}

/** Sort a sample's slices by its current targets: which are positive, which the voxel loss ignores, which are drawn every epoch. */
export function classifySlices(sample: UnetSample, config: Pick<LightUnetConfig, 'inputSize' | 'sliceHead' | 'ignoreDropped'>): void {
  const plane = config.inputSize ** 2;
  sample.labelled = [];
  sample.empty = [];
  sample.sliceTarget.forEach((positive, z) => {
    const hasLabel = sample.target.subarray(z * plane, (z + 1) * plane).some((v) => v >= 0.5);
    sample.voxelWeight[z] = config.ignoreDropped && positive && !hasLabel ? 0 : 1;
    if (hasLabel || (config.sliceHead && positive)) sample.labelled.push(z);
    else if (sample.voxelWeight[z]) sample.empty.push(z); // without a slice head, an ignored slice teaches nothing
  });
}

/** The training cases as U-Net samples: inputs and targets (the `labels` artifact; its IGNORE_LABEL voxels −1) on the input grid, the slice head's targets from the slice labels. */
export function unetSamples(tf: typeof tfType, cases: readonly Case[], config: LightUnetConfig): UnetSample[] {
  const s = config.inputSize;
  return cases.map((item) => {
    const volume = item.get('volume');
    const label = item.find(config.labels as ArtifactName) as Volume | undefined; // the option names which artifact
    if (!label)
      throw new HemocamError(
        'RUNTIME',
        `light-unet: training case ${item.id} has no '${config.labels}' artifact; put the stage that makes it (e.g. cam-guided with output: ${config.labels}, trainOnly) before this one`,
      );
    const [nx, ny, nz] = volume.dims;
    const brain = item.get('brainMask').data;
    const box = unetBox(brain, volume, config);
    const labelMask = maskWhere(label.data.length, (i) => label.data[i]! > 0 && label.data[i] !== IGNORE_LABEL);
    let target: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      const onGrid = (mask: Uint8Array) => toInputGrid(tf, tf.tensor4d(Float32Array.from(mask), [nz, ny, nx, 1]), s, box).dataSync() as Float32Array;
      target = onGrid(labelMask);
      if (!label.data.includes(IGNORE_LABEL)) return;
      const ignored = onGrid(maskWhere(label.data.length, (i) => label.data[i] === IGNORE_LABEL));
      for (let i = 0; i < target.length; i++) if (ignored[i]! >= 0.5) target[i] = -1;
    });
    const weak = sliceLabelsOf(item, nz);
    const sliceTarget = Uint8Array.from({ length: nz }, (_, z) => (weak ? weak[z]! : target.subarray(z * s * s, (z + 1) * s * s).some((v) => v >= 0.5) ? 1 : 0));
    const sample: UnetSample = {
      id: item.id,
      input: prepareVolume(tf, volume, config.windows, s, box),
      target,
      labelled: [],
      empty: [],
      sliceTarget,
      voxelWeight: new Uint8Array(nz),
      volume,
      brain,
      box,
      label: labelMask,
    };
    classifySlices(sample, config);
    return sample;
  });
}
