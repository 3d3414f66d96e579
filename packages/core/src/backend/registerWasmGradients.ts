import * as tf from '@tensorflow/tfjs';

type KernelBackend = tf.KernelBackend & { incRef(dataId: object): void };

let registered = false;

/**
 * Stock tfjs-backend-wasm cannot train convolutions: it has no `Conv2DBackpropFilter`.
 * Register one composed from kernels it has (transpose, pad, conv2d): the filter gradient
 * is a convolution of the transposed input (channels as batch, batch as channels) with the
 * transposed output gradient as filter, dilated by the forward stride:
 *   dW[kh, kw, ci, co] = Σ_{n,y,x} x[n, y·s + kh − top, x·s + kw − left, ci] · dy[n, y, x, co].
 * Idempotent; a no-op where the backend already has the kernel.
 */
export function registerWasmGradients(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const wasm = backend as KernelBackend;
      const engine = tf.engine();
      // Tensors over the kernel's inputs; the extra reference keeps their data when tidy disposes them.
      const wrap = (info: tf.TensorInfo) => {
        wasm.incRef(info.dataId);
        return engine.makeTensorFromTensorInfo(info, wasm);
      };
      const result = tf.tidy(() => {
        const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
        const [kh, kw, ci, co] = filterShape;
        const { top, left } = info.padInfo;
        const bottom = Math.max(0, kh - info.inHeight - top + (info.outHeight - 1) * info.strideHeight);
        const right = Math.max(0, kw - info.inWidth - left + (info.outWidth - 1) * info.strideWidth);
        const input = tf.pad(tf.transpose(wrap(x), [3, 1, 2, 0]), [[0, 0], [top, bottom], [left, right], [0, 0]]) as tf.Tensor4D;
        const filter = tf.transpose(wrap(dy), [1, 2, 0, 3]) as tf.Tensor4D;
        const out = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
        return tf.transpose(tf.slice(out, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]);
      });
      wasm.incRef(result.dataId);
      result.dispose();
      return { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
    },
  });
}
