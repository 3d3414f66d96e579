import { createRng, type Volume } from '@hemocam/core';
import { addCorrelatedNoise } from './correlatedNoise.js';
import { samplePhantomParams, type HemorrhageType, type PhantomDifficulty, type PhantomParams } from './phantomParams.js';
import { renderPhantom } from './renderPhantom.js';

export interface SynthOptions {
  /** In-plane voxels (default 512). */
  size?: number;
  /** Axial slices covering ~160 mm (default 32, i.e. 5 mm). */
  slices?: number;
  /** Force a positive (true) or negative (false) case. */
  positive: boolean;
  /** `standard` (default) or `hard`: bleeds and mimics that HU thresholds cannot tell apart (see PhantomDifficulty). */
  difficulty?: PhantomDifficulty;
}

export interface SynthCase {
  image: Volume;
  /** Ground-truth hemorrhage mask (uint8 0/1) on the image grid. */
  label: Volume;
  /** 0/1 per axial slice: any labelled voxel in it. */
  sliceLabels: number[];
  /** Hemorrhage types with labelled voxels. */
  subtypes: HemorrhageType[];
  /** Labelled volume in mL. */
  volumeMl: number;
  params: PhantomParams;
}

/** Head coverage along z (mm): skull base to vertex. */
const COVERAGE = 160;

/** One synthetic NCCT case, fully determined by `seed`. */
export function synthCase(seed: number, options: SynthOptions): SynthCase {
  const size = options.size ?? 512;
  const slices = options.slices ?? 32;
  const rng = createRng(seed, 'phantom');
  const params = samplePhantomParams(rng, options.positive, options.difficulty);
  const fov = 215 + 35 * rng(); // 0.42–0.49 mm pixels at 512
  const dx = fov / size;
  const dz = COVERAGE / slices;
  const z0 = -55 + 10 * (rng() - 0.5) + dz / 2;
  const rendered = renderPhantom(params, { size, slices, spacing: [dx, dx, dz], z0 });
  const mask = new Uint8Array(rendered.hu.length);
  const sliceLabels = new Array<number>(slices).fill(0);
  const present = new Set<HemorrhageType>();
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    // Blood is labelled where it fills most of the voxel and still looks like blood: a voxel
    // shared with the inner table reads several hundred HU, and no annotator outlines it.
    if (rendered.blood[i]! > 0.5 && rendered.hu[i]! < 200) {
      mask[i] = 1;
      count++;
      sliceLabels[Math.floor(i / (size * size))] = 1;
      present.add(params.hemorrhages[rendered.source[i]! - 1]!.type); // source holds 1 + an index into hemorrhages
    }
  }
  addCorrelatedNoise(rendered.hu, size, slices, params.noiseSigma, rng);
  const hu = new Int16Array(rendered.hu.length);
  for (let i = 0; i < hu.length; i++) hu[i] = Math.max(-1024, Math.min(3071, Math.round(rendered.hu[i]!)));
  const half = (size / 2 - 0.5) * dx;
  const image: Volume = {
    data: hu,
    dims: [size, size, slices],
    frames: 1,
    spacing: [dx, dx, dz],
    affine: [
      [-dx, 0, 0, half],
      [0, dx, 0, -half],
      [0, 0, dz, z0],
      [0, 0, 0, 1],
    ],
    orientation: 'LAS',
  };
  return {
    image,
    label: { ...image, data: mask },
    sliceLabels,
    subtypes: [...present].sort(),
    volumeMl: (count * dx * dx * dz) / 1000,
    params,
  };
}
