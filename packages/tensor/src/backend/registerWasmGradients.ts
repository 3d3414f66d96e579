import * as tf from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';

type KernelBackend = tf.KernelBackend & { incRef(dataId: object): void };

let registered = false;

/** A kernel function built from tf ops: wraps the inputs as tensors and hands back the result's data. */
function composedKernel(compute: (inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>) => tf.Tensor): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- tfjs hands a kernel its backend (a KernelBackend subclass instance) typed as `{}`
    const wasm = backend as KernelBackend;
    const engine = tf.engine();
    const result = tf.tidy(() => {
      const tensors: Record<string, tf.Tensor> = {};
      for (const [name, info] of Object.entries(inputs)) {
        // The extra reference keeps the caller's data when tidy disposes this wrapper.
        wasm.incRef(info!.dataId);
        tensors[name] = engine.makeTensorFromTensorInfo(info!, wasm);
      }
      return compute(tensors, attrs as Record<string, unknown>);
    });
    wasm.incRef(result.dataId);
    result.dispose();
    return { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
  };
}

/** The input `name` of a kernel call; tf always passes the inputs a kernel declares. */
function kernelInput(inputs: Record<string, tf.Tensor>, name: string, kernel: string): tf.Tensor {
  const tensor = inputs[name];
  if (!tensor) throw new HemocamError('RUNTIME', `${kernel} on wasm was called without its input '${name}'`);
  return tensor;
}

/** Insert `s - 1` zeros between rows and between columns: [N, H, W, C] → [N, (H−1)s+1, (W−1)s+1, C]. */
function dilate(x: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let y = x;
  if (sh > 1) y = tf.slice(tf.reshape<tf.Rank.R4>(tf.concat([tf.expandDims(y, 2), tf.zeros([n, h, sh - 1, y.shape[2], c])], 2), [n, h * sh, y.shape[2], c]), 0, [n, (h - 1) * sh + 1, y.shape[2], c]);
  if (sw > 1) y = tf.slice(tf.reshape<tf.Rank.R4>(tf.concat([tf.expandDims(y, 3), tf.zeros([n, y.shape[1], w, sw - 1, c])], 3), [n, y.shape[1], w * sw, c]), 0, [n, y.shape[1], (w - 1) * sw + 1, c]);
  return y;
}

/**
 * Training kernels for tfjs-backend-wasm, composed from kernels it has (transpose, pad,
 * reverse, conv2d):
 * - `Conv2DBackpropFilter`, which stock wasm lacks: a convolution of the transposed input
 *   (channels as batch, batch as channels) with the transposed output gradient as filter,
 *   dilated by the forward stride:
 *   dW[kh, kw, ci, co] = Σ_{n,y,x} x[n, y·s + kh − top, x·s + kw − left, ci] · dy[n, y, x, co];
 * - `Conv2DBackpropInput`, which stock wasm has but runs several times slower than a forward
 *   convolution: the output gradient, dilated by the stride and padded, convolved with the
 *   filter rotated by 180° and with its channel axes swapped.
 * Also replaces the batch-norm gradient, whose stock version tiles the inverse standard
 * deviation to the full input shape (slow on every backend), by the broadcasting equivalent;
 * and `Identity` by one that shares the data (as the cpu backend's does): the engine clones
 * every tensor it saves for the backward pass, and stock wasm copies each (~500 copies in a
 * ResNet-18 train step). Tensors are immutable, so sharing is safe.
 * Idempotent.
 */
export function registerWasmGradients(): void {
  if (registered) return;
  registered = true;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x!;
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- tfjs hands a kernel its backend (a KernelBackend subclass instance) typed as `{}`
      (backend as KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: composedKernel((inputs, attrs) => {
      const x = kernelInput(inputs, 'x', 'Conv2DBackpropFilter');
      const dy = kernelInput(inputs, 'dy', 'Conv2DBackpropFilter');
      const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
      const [kh, kw, ci, co] = filterShape;
      const { top, left } = info.padInfo;
      const bottom = Math.max(0, kh - info.inHeight - top + (info.outHeight - 1) * info.strideHeight);
      const right = Math.max(0, kw - info.inWidth - left + (info.outWidth - 1) * info.strideWidth);
      const input = tf.pad(tf.transpose(x, [3, 1, 2, 0]), [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ]) as tf.Tensor4D;
      const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
      const out = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
      return tf.transpose(tf.slice(out, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]);
    }),
  });
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: composedKernel((inputs, attrs) => {
      const dy = kernelInput(inputs, 'dy', 'Conv2DBackpropInput');
      const filter = kernelInput(inputs, 'filter', 'Conv2DBackpropInput');
      const { strides, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const filterShape = filter.shape as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
      const [kh, kw] = filterShape;
      const { top, left } = info.padInfo;
      const dilated = dilate(dy as tf.Tensor4D, info.strideHeight, info.strideWidth);
      const padTop = kh - 1 - top;
      const padLeft = kw - 1 - left;
      const padBottom = info.inHeight + kh - 1 - dilated.shape[1] - padTop;
      const padRight = info.inWidth + kw - 1 - dilated.shape[2] - padLeft;
      const padded = tf.pad(dilated, [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ]);
      const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      return tf.conv2d(padded, rotated, 1, 'valid');
    }),
  });
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      const [x, mean, variance, scale] = saved;
      if (!x || !mean || !variance) throw new HemocamError('RUNTIME', 'the FusedBatchNorm gradient lacks the saved x, mean or variance');
      const gamma = scale ?? tf.scalar(1);
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const reduce = (t: tf.Tensor) => tf.reshape(tf.sum(t, axes, true), mean.shape);
      const centred = tf.sub(x, mean);
      const dyGamma = tf.mul(dy as tf.Tensor, gamma);
      const inv = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfInvCube = tf.mul(tf.mul(tf.mul(inv, inv), inv), tf.scalar(-0.5));
      return {
        x: () => tf.reshape(tf.mul(tf.mul(dy as tf.Tensor, inv), gamma), x.shape),
        mean: () => reduce(tf.mul(tf.neg(inv), dyGamma)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfInvCube, centred), dyGamma)),
        scale: () => reduce(tf.mul(dy as tf.Tensor, tf.mul(centred, inv))),
        offset: () => reduce(dy as tf.Tensor),
      };
    },
  });
}
