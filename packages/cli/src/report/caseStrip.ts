import { drawOutline, enlarge, montage, overlayHeat, renderSlice, type RgbImage } from '@hemocam/render';
import type { Volume } from '@hemocam/core';

export interface CaseLayers {
  image: Volume;
  reference?: Volume;
  mask?: Volume;
  pseudoMask?: Volume;
  cam?: Volume;
}

const RED: [number, number, number] = [255, 40, 40];
const GREEN: [number, number, number] = [40, 230, 60];
const YELLOW: [number, number, number] = [255, 220, 0];

/** The slices worth showing: those with reference or predicted voxels (evenly thinned to `max`), else the middle one. */
export function slicesToShow(layers: CaseLayers, max = 6): number[] {
  const [nx, ny, nz] = layers.image.dims;
  const plane = nx * ny;
  const any = (v: Volume | undefined, z: number) => v !== undefined && v.data.subarray(z * plane, (z + 1) * plane).some((x) => x > 0);
  const zs = Array.from({ length: nz }, (_, z) => z).filter((z) => any(layers.reference, z) || any(layers.mask, z));
  if (zs.length === 0) return [Math.floor(nz / 2)];
  if (zs.length <= max) return zs;
  return Array.from({ length: max }, (_, k) => zs[Math.round((k * (zs.length - 1)) / (max - 1))]!);
}

/**
 * A case as a PNG-ready strip: per slice, the CT in the brain window with the reference (red),
 * the final mask (green) and the pseudo mask (yellow) outlined; below, the CAM in a colour map
 * when there is one.
 */
export function caseStrip(layers: CaseLayers, zs: readonly number[]): RgbImage {
  const k = Math.max(1, Math.round(128 / layers.image.dims[0]));
  const outlined = zs.map((z) => {
    let tile = renderSlice(layers.image, z);
    if (layers.pseudoMask) tile = drawOutline(tile, layers.pseudoMask, z, YELLOW);
    if (layers.reference) tile = drawOutline(tile, layers.reference, z, RED);
    if (layers.mask) tile = drawOutline(tile, layers.mask, z, GREEN);
    return enlarge(tile, k);
  });
  const heat = layers.cam ? zs.map((z) => enlarge(overlayHeat(renderSlice(layers.image, z), layers.cam!, z), k)) : [];
  return montage([...outlined, ...heat], zs.length, 3);
}
