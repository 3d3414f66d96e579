import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNifti } from '../../src/index.js';
import type { Affine, Volume } from '@hemocam/core';

/** A small CT-like volume: air around a 40 HU disc, a 70 HU "bleed" block on the slices in `bleedSlices`. */
export function testVolume(dims: [number, number, number] = [16, 16, 4], bleedSlices: number[] = [1, 2]): Volume {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const inside = (x - nx / 2) ** 2 + (y - ny / 2) ** 2 < (nx / 2.5) ** 2;
        const bleed = bleedSlices.includes(z) && Math.abs(x - nx / 2) < 2 && Math.abs(y - ny / 2) < 2;
        data[x + nx * (y + ny * z)] = bleed ? 70 : inside ? 40 + ((x * 7 + y * 3 + z) % 5) : -1000;
      }
  const affine: Affine = [
    [-0.45, 0, 0, 90],
    [0, 0.45, 0, -100],
    [0, 0, 5, -40],
    [0, 0, 0, 1],
  ];
  return { data, dims, frames: 1, spacing: [0.45, 0.45, 5], affine, orientation: 'LAS' };
}

export function tempDir(prefix = 'hemocam-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A dataset folder: images/<id>.nii.gz and slice_labels.csv for `count` cases, half of them positive. */
export async function writeTestDataset(count: number, dims: [number, number, number] = [16, 16, 4]): Promise<string> {
  const dir = tempDir('hemocam-data-');
  const rows = ['case_id,slice,label'];
  for (let i = 0; i < count; i++) {
    const id = `case${String(i).padStart(2, '0')}`;
    const bleed = i % 2 === 0 ? [1, 2] : [];
    await writeNifti(join(dir, 'images', `${id}.nii.gz`), testVolume(dims, bleed), 'image');
    for (let z = 0; z < dims[2]; z++) rows.push(`${id},${z},${bleed.includes(z) ? 1 : 0}`);
  }
  writeFileSync(join(dir, 'slice_labels.csv'), rows.join('\n') + '\n');
  return dir;
}

export const silentLogger = { info: () => undefined, warn: () => undefined, debug: () => undefined };
export const silentProgress = { start: () => ({ tick: () => undefined, done: () => undefined }) };

/** A volume on an axis-aligned grid (affine = the voxel sizes on the diagonal, origin 0), in RAS. */
export function plainVolume(data: Volume['data'], dims: [number, number, number], spacing: [number, number, number] = [1, 1, 1]): Volume {
  const affine: Affine = [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
  return { data, dims, frames: 1, spacing, affine, orientation: 'RAS' };
}
