/** A square in-plane window of a volume, in voxels: columns x0 … x0 + side − 1, rows y0 … y0 + side − 1 (it may reach past the image). */
export interface SquareBox {
  x0: number;
  y0: number;
  side: number;
}
