import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';

/**
 * Maps [M, ...spatial] (2-D or 3-D) → [M, ...size] by (bi/tri)linear interpolation with
 * half-pixel centres, as OpenCV and PyTorch's align_corners=False. 2-D uses tfjs'
 * resizeBilinear; 3-D is interpolated axis by axis (tfjs has no 3-D resize).
 */
export function upsampleMaps(tf: typeof tfType, maps: tfType.Tensor, size: readonly number[]): tfType.Tensor {
  const spatial = maps.shape.slice(1);
  if (spatial.every((d, i) => d === size[i])) return maps.clone();
  const sizeAt = (i: number): number => {
    const d = size[i];
    if (d === undefined) throw new HemocamError('RUNTIME', `upsampleMaps: ${spatial.length}-D maps cannot be resized to the ${size.length}-D size ${size.join('×')}`);
    return d;
  };
  if (spatial.length === 2) {
    return tf.squeeze(tf.image.resizeBilinear(tf.expandDims<tfType.Tensor4D>(maps, -1), [sizeAt(0), sizeAt(1)], false, true), [3]);
  }
  let out = maps;
  for (let axis = 1; axis <= spatial.length; axis++) out = resizeAxis(tf, out, axis, sizeAt(axis - 1));
  return out;
}

/** Linear interpolation along one axis with half-pixel centres, as a matrix product with an interpolation matrix. */
function resizeAxis(tf: typeof tfType, t: tfType.Tensor, axis: number, to: number): tfType.Tensor {
  const from = t.shape[axis]!; // 1 ≤ axis < rank
  if (from === to) return t;
  const weights = new Float32Array(to * from);
  for (let i = 0; i < to; i++) {
    const source = Math.min(from - 1, Math.max(0, (i + 0.5) * (from / to) - 0.5));
    const lo = Math.floor(source);
    const hi = Math.min(from - 1, lo + 1);
    weights[i * from + lo]! += 1 - (source - lo);
    weights[i * from + hi]! += source - lo;
  }
  const order = [...Array(t.rank).keys()].filter((a) => a !== axis).concat(axis);
  const moved = tf.transpose(t, order);
  const rows = moved.size / from;
  const resized = tf.matMul(tf.reshape(moved, [rows, from]), tf.tensor2d(weights, [to, from]), false, true);
  const back = tf.reshape(resized, [...moved.shape.slice(0, -1), to]);
  const inverse = order.map((_, i) => order.indexOf(i));
  return tf.transpose(back, inverse);
}
