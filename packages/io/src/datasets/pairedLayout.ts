import type { DatasetListing, LayoutName } from './DatasetListing.js';
import { niftiFiles } from './niftiFiles.js';
import { sliceLabelsFromMask } from './sliceLabelsFromMask.js';

/**
 * Images in one folder and voxel masks of the same names in another (INSTANCE 2022, BHSD):
 * slice labels are derived from the masks; images without a mask are listed unlabelled.
 */
export async function pairedLayout(root: string, layout: LayoutName, imageDir: string, maskDir: string, binarize: boolean): Promise<DatasetListing> {
  const images = niftiFiles(imageDir);
  const masks = niftiFiles(maskDir);
  const listing: DatasetListing = { layout, root, cases: [], masks: new Map(), problems: [] };
  for (const [id, path] of images) {
    const mask = masks.get(id);
    let slices: number[] | undefined;
    if (mask) {
      try {
        slices = await sliceLabelsFromMask(mask);
        listing.masks.set(id, { path: mask, binarize });
      } catch (error) {
        listing.problems.push({ file: mask, reason: (error as Error).message });
      }
    }
    listing.cases.push({ id, path, labels: slices ? { slices, scan: slices.includes(1) ? 1 : 0 } : undefined });
  }
  for (const [id, path] of masks) if (!images.has(id)) listing.problems.push({ file: path, reason: `mask without an image named ${id}` });
  return listing;
}
