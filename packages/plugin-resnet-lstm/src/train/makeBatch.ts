import type { PreparedVolume } from '@hemocam/tensor';
import { windowIndices } from '../preprocess/windowIndices.js';
import type { ResnetLstmConfig } from '../config.js';

export interface WindowRef {
  volume: PreparedVolume;
  labels: number[];
  center: number;
}

/**
 * Copy windows into one [B, T, S, S, C] buffer with their [B, T] labels, augmenting as the
 * config says: left-right flip, a HU shift of the whole window, Gaussian noise (in HU, scaled
 * into each channel's window). All randomness comes from `rng`, so a batch is reproducible.
 */
export function makeBatch(refs: readonly WindowRef[], config: ResnetLstmConfig, rng: () => number, augment: boolean): { x: Float32Array; y: Float32Array } {
  const { slices: t, inputSize: s } = config;
  const c = config.windows.length;
  const plane = s * s * c;
  const x = new Float32Array(refs.length * t * plane);
  const y = new Float32Array(refs.length * t);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  refs.forEach((ref, b) => {
    const flip = augment && config.augment.flip && rng() < 0.5;
    const shift = augment ? (rng() * 2 - 1) * config.augment.huJitter : 0;
    const noise = augment ? config.augment.noise : 0;
    windowIndices(ref.center, t, ref.volume.slices).forEach((z, k) => {
      y[b * t + k] = ref.labels[z] ?? 0;
      const src = z * plane;
      const dst = (b * t + k) * plane;
      for (let row = 0; row < s; row++)
        for (let col = 0; col < s; col++) {
          const from = src + (row * s + (flip ? s - 1 - col : col)) * c;
          const to = dst + (row * s + col) * c;
          for (let ch = 0; ch < c; ch++) {
            let v = ref.volume.data[from + ch]!;
            if (shift !== 0 || noise > 0) v += (shift + (noise > 0 ? noise * gauss() : 0)) / config.windows[ch]!.width;
            x[to + ch] = v < 0 ? 0 : v > 1 ? 1 : v;
          }
        }
    });
  });
  return { x, y };
}
