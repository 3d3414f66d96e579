import { otsuThreshold } from '@hemocam/imaging';

/** The CAM value that counts as support: Otsu over brain voxels (or the fixed value). */
export function camLevel(cam: ArrayLike<number>, brain: ArrayLike<number>, setting: 'otsu' | number): number {
  if (setting !== 'otsu') return setting;
  const values: number[] = [];
  for (let i = 0; i < cam.length; i++) if (brain[i]) values.push(cam[i]!);
  const t = otsuThreshold(values);
  return Number.isFinite(t) ? t : Infinity;
}
