import { volumeLike, type Volume } from '@hemocam/core';
import { fillHoles2d, labelComponents } from '@hemocam/imaging';

export interface BrainMaskOptions {
  /** HU above which a voxel is bone. */
  boneHu?: number;
  /** Soft-tissue HU range kept inside the skull. */
  softRange?: [number, number];
}

/**
 * Brain (intracranial soft tissue) without supervision: bone by HU threshold; per slice, what
 * the skull encloses (holes of the bone mask filled) minus the bone; soft tissue only; then the
 * largest 3-D component, so that slice-wise leaks through skull gaps (orbits, foramina) that do
 * not join the brain are dropped. The result shares the volume's grid (uint8 0/1).
 */
export function brainMask(volume: Volume, options: BrainMaskOptions = {}): Volume {
  const bone = options.boneHu ?? 300;
  const [lo, hi] = options.softRange ?? [-15, 100];
  const dims = volume.dims;
  const n = dims[0] * dims[1] * dims[2];
  const skull = new Uint8Array(n);
  for (let i = 0; i < n; i++) skull[i] = volume.data[i]! > bone ? 1 : 0;
  const enclosed = fillHoles2d(skull, dims);
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) candidate[i] = enclosed[i] && !skull[i] && volume.data[i]! >= lo && volume.data[i]! <= hi ? 1 : 0;
  const { labels, sizes } = labelComponents(candidate, dims);
  let largest = 0;
  for (let l = 1; l < sizes.length; l++) if (sizes[l]! > sizes[largest]!) largest = l;
  const out = new Uint8Array(n);
  if (largest > 0) for (let i = 0; i < n; i++) out[i] = labels[i] === largest ? 1 : 0;
  return volumeLike(volume, out);
}
