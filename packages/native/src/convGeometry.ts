/** A convolution's shapes as the addon takes them; the fields of TensorFlow.js's Conv2DInfo that matter. */
export interface ConvShape {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/** The 15 integers the addon's convolution kernels take, in their order. */
export function convGeometry(s: ConvShape): Int32Array {
  return Int32Array.from([
    s.batchSize,
    s.inHeight,
    s.inWidth,
    s.inChannels,
    s.outHeight,
    s.outWidth,
    s.outChannels,
    s.filterHeight,
    s.filterWidth,
    s.strideHeight,
    s.strideWidth,
    s.dilationHeight,
    s.dilationWidth,
    s.padInfo.top,
    s.padInfo.left,
  ]);
}
