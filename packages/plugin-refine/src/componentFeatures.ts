import { distanceTransform, labelComponents } from '@hemocam/imaging';
import type { Volume, VoxelData } from '@hemocam/core';

/** What `componentFeatures` measures of each component, in order. */
export const COMPONENT_FEATURES = [
  'log area (mm²)',
  'mean HU / 50',
  'max HU / 50',
  'HU std / 10',
  '|x| in the brain box (−1…1)',
  'y in the brain box (−1…1)',
  'z in the brain (0…1)',
  'log(1 + squared distance to the brain edge, mm²)',
  'x²',
  'y²',
] as const;

/** One in-plane connected component of a mask on one slice. */
export interface SliceComponent {
  slice: number;
  /** Voxel indices into the volume. */
  voxels: Int32Array;
  /** COMPONENT_FEATURES, in order. */
  features: number[];
}

/**
 * The mask's 4-connected components slice by slice, each with its size, density and place in
 * the brain (relative to the brain mask's box, so that a case's field of view does not matter):
 * what tells a dense sinus, a calcification or partial-volume bone from a bleed.
 */
export function componentFeatures(volume: Volume, brain: ArrayLike<number>, mask: VoxelData): SliceComponent[] {
  const [nx, ny, nz] = volume.dims;
  const plane = nx * ny;
  const [sx, sy] = volume.spacing;
  let [x0, x1, y0, y1, z0, z1] = [nx, 0, ny, 0, nz, 0];
  for (let i = 0; i < brain.length; i++) {
    if (!brain[i]) continue;
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / plane);
    [x0, x1, y0, y1, z0, z1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y), Math.min(z0, z), Math.max(z1, z)];
  }
  const components: SliceComponent[] = [];
  for (let z = 0; z < nz; z++) {
    const { labels, sizes } = labelComponents(mask.subarray(z * plane, (z + 1) * plane), [nx, ny, 1]);
    if (sizes.length === 1) continue;
    // In-plane distance to the slice's brain edge (squared, mm²).
    const edge = distanceTransform(
      Uint8Array.from({ length: plane }, (_, k) => (brain[z * plane + k] ? 0 : 1)),
      [nx, ny, 1],
      [sx, sy, 1],
    );
    const members = sizes.map((size) => ({ voxels: new Int32Array(size), n: 0 }));
    labels.forEach((l, k) => {
      if (l) members[l]!.voxels[members[l]!.n++] = z * plane + k;
    });
    for (const { voxels } of members.slice(1)) {
      const n = voxels.length;
      let [sum, sq, max, cx, cy, dist] = [0, 0, -Infinity, 0, 0, 0];
      for (const i of voxels) {
        const v = volume.data[i]!;
        [sum, sq, max] = [sum + v, sq + v * v, Math.max(max, v)];
        [cx, cy] = [cx + (i % nx), cy + (Math.floor(i / nx) % ny)];
        const d = edge[i - z * plane]!;
        dist += Number.isFinite(d) ? d : 0;
      }
      const mean = sum / n;
      const rx = (2 * (cx / n - x0)) / Math.max(1, x1 - x0) - 1;
      const ry = (2 * (cy / n - y0)) / Math.max(1, y1 - y0) - 1;
      const features = [
        Math.log(n * sx * sy),
        mean / 50,
        max / 50,
        Math.sqrt(Math.max(0, sq / n - mean * mean)) / 10,
        Math.abs(rx),
        ry,
        (z - z0) / Math.max(1, z1 - z0),
        Math.log1p(dist / n),
        rx * rx,
        ry * ry,
      ];
      components.push({ slice: z, voxels, features });
    }
  }
  return components;
}
