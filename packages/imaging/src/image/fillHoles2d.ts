import { labelComponents } from './labelComponents.js';

/** Fill, slice by slice, every background region of a binary mask that does not touch the slice border. */
export function fillHoles2d(mask: Uint8Array, dims: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = mask.slice();
  for (let z = 0; z < nz; z++) {
    const background = new Uint8Array(plane);
    for (let i = 0; i < plane; i++) background[i] = mask[z * plane + i] ? 0 : 1;
    const { labels } = labelComponents(background, [nx, ny, 1]);
    const outside = new Set<number>();
    for (let x = 0; x < nx; x++) outside.add(labels[x]!).add(labels[(ny - 1) * nx + x]!);
    for (let y = 0; y < ny; y++) outside.add(labels[y * nx]!).add(labels[y * nx + nx - 1]!);
    for (let i = 0; i < plane; i++) if (labels[i] && !outside.has(labels[i]!)) out[z * plane + i] = 1;
  }
  return out;
}
