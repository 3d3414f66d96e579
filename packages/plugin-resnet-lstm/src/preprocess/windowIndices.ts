/** Slice indices of the window of `length` centred on slice `center`, edges padded by repeating the end slices. */
export function windowIndices(center: number, length: number, slices: number): number[] {
  const half = (length - 1) / 2;
  return Array.from({ length }, (_, i) => Math.min(slices - 1, Math.max(0, center - half + i)));
}
