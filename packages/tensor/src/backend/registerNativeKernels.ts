import * as tf from '@tensorflow/tfjs';
import { convGeometry, type NativeKernels } from '@hemocam/native';

/** What the wasm backend exposes that the kernels need: its heap and where each tensor lies in it. */
interface WasmBackend extends tf.KernelBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** The kernels registered natively, for `hemocam info --backend`. */
export const NATIVE_KERNELS = [
  'Conv2D',
  'FusedConv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'MaxPoolGrad',
  'Sum',
  'Mean',
  'Concat',
  'SplitV',
  'FusedBatchNorm',
  'HemocamAdam',
  'HemocamMoments',
  'HemocamBatchNormGrad',
] as const;

let registered = false;

/**
 * Float32 views of tensors in the wasm heap, made after every allocation (a heap that grows
 * detaches the views made before).
 */
function views(backend: WasmBackend, tensors: tf.TensorInfo[]): Float32Array[] {
  const buffer = backend.wasm.HEAPU8.buffer;
  return tensors.map((t) => {
    const data = backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error(`a ${t.shape.join('×')} tensor given to a native kernel has no data on the wasm backend`);
    return new Float32Array(
      buffer,
      data.memoryOffset,
      t.shape.reduce((a, b) => a * b, 1),
    );
  });
}

function wasmBackend(args: Parameters<tf.KernelFunc>[0]): WasmBackend {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- tfjs hands a kernel its backend (a BackendWasm instance) typed as `{}`
  return args.backend as WasmBackend;
}

function float32(...tensors: (tf.TensorInfo | undefined)[]): boolean {
  return tensors.every((t) => !t || t.dtype === 'float32');
}

/**
 * Run the wasm backend's convolutions, their gradients and Adam through the native kernels
 * (multi-threaded, AVX-512 / AVX2 / portable), in place on the wasm heap. Calls the native
 * kernels do not cover (NCHW, int tensors, activations other than linear/relu, prelu) go to
 * the kernels registered before. Idempotent.
 */
export function registerNativeKernels(native: NativeKernels): void {
  if (registered) return;
  registered = true;
  const previous = new Map(NATIVE_KERNELS.map((name) => [name, tf.getKernel(name, 'wasm')]));
  const fallback = (name: (typeof NATIVE_KERNELS)[number], args: Parameters<tf.KernelFunc>[0]) => {
    const kernel = previous.get(name);
    if (!kernel) throw new Error(`${name} on wasm: this call is outside what the native kernel covers and no other kernel is registered`);
    return kernel.kernelFunc(args);
  };
  const replace = (name: (typeof NATIVE_KERNELS)[number], kernelFunc: tf.KernelFunc) => {
    const before = previous.get(name);
    if (before) tf.unregisterKernel(name, 'wasm');
    // The previous kernel's setup (its wasm bindings, for the fallback) runs when the backend starts, if it has not yet.
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc, ...(before?.setupFunc && { setupFunc: before.setupFunc }) });
  };

  const forward = (name: 'Conv2D' | 'FusedConv2D'): tf.KernelFunc =>
    function conv(args) {
      const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
      const activation = (attrs as Partial<tf.FusedConv2DAttrs>).activation ?? 'linear';
      const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
      const simpleBias = !bias || (bias.shape.length === 1 && bias.shape[0] === filter?.shape[3]);
      if (!x || !filter || format !== 'channelsLast' || !float32(x, filter, bias) || !simpleBias || preluActivationWeights || (activation !== 'linear' && activation !== 'relu'))
        return fallback(name, args);
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filter.shape as [number, number, number, number],
        attrs.strides,
        attrs.dilations,
        attrs.pad,
        attrs.dimRoundingMode,
      );
      const backend = wasmBackend(args);
      const out = backend.makeOutput(info.outShape, 'float32');
      const [xv, fv, ov, bv] = views(backend, bias ? [x, filter, out, bias] : [x, filter, out]);
      native.conv2d(xv!, fv!, bv ?? null, ov!, convGeometry(info), activation === 'relu');
      return out;
    };
  replace('Conv2D', forward('Conv2D'));
  replace('FusedConv2D', forward('FusedConv2D'));

  replace('Conv2DBackpropInput', (args) => {
    const { dy, filter } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (!dy || !filter || tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) !== 'channelsLast' || !float32(dy, filter)) return fallback('Conv2DBackpropInput', args);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const backend = wasmBackend(args);
    const out = backend.makeOutput(attrs.inputShape, 'float32');
    const [dyv, fv, ov] = views(backend, [dy, filter, out]);
    native.conv2dBackpropInput(dyv!, fv!, ov!, convGeometry(info));
    return out;
  });

  replace('Conv2DBackpropFilter', (args) => {
    const { x, dy } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (!x || !dy || tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) !== 'channelsLast' || !float32(x, dy)) return fallback('Conv2DBackpropFilter', args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const backend = wasmBackend(args);
    const out = backend.makeOutput(attrs.filterShape, 'float32');
    const [xv, dyv, ov] = views(backend, [x, dy, out]);
    native.conv2dBackpropFilter(xv!, dyv!, ov!, convGeometry(info));
    return out;
  });

  replace('MaxPoolGrad', (args) => {
    const { dy, input } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
    if (!dy || !input || !float32(dy, input)) return fallback('MaxPoolGrad', args);
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const backend = wasmBackend(args);
    const out = backend.makeOutput(input.shape, 'float32');
    const [xv, dyv, ov] = views(backend, [input, dy, out]);
    native.maxPoolBackprop(xv!, dyv!, ov!, convGeometry(info));
    return out;
  });

  // Sum and Mean over every axis but the last (batch-norm statistics and their gradients, bias
  // gradients): stock wasm transposes those axes inward first, a full copy of the tensor.
  const reduction =
    (name: 'Sum' | 'Mean'): tf.KernelFunc =>
    (args) => {
      const { x } = args.inputs as Record<string, tf.TensorInfo | undefined>;
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      if (!x || !float32(x) || x.shape.length < 2) return fallback(name, args);
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      if (axes.length !== x.shape.length - 1 || axes.some((a, i) => a !== i)) return fallback(name, args);
      const cols = x.shape[x.shape.length - 1]!;
      const rows = x.shape.reduce((a, b) => a * b, 1) / cols;
      if (rows === 0 || cols === 0) return fallback(name, args);
      const backend = wasmBackend(args);
      const out = backend.makeOutput(keepDims ? [...x.shape.slice(0, -1).map(() => 1), cols] : [cols], 'float32');
      const [xv, ov] = views(backend, [x, out]);
      native.sumRows(xv!, rows, cols, name === 'Mean' ? 1 / rows : 1, ov!);
      return out;
    };
  replace('Sum', reduction('Sum'));
  replace('Mean', reduction('Mean'));

  // Float32 concatenation along any axis: the inputs as [rows, width_i] side by side.
  replace('Concat', (args) => {
    const inputs = (args.inputs as unknown as tf.TensorInfo[]).filter((t) => t.shape.every((d) => d > 0));
    if (inputs.length < 2 || !float32(...inputs)) return fallback('Concat', args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.ConcatAttrs).axis, inputs[0]!.shape)[0]!;
    const shapes = inputs.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, axis);
    const shape = tf.backend_util.computeOutShape(shapes, axis);
    const backend = wasmBackend(args);
    const out = backend.makeOutput(shape, 'float32');
    const [ov, ...ins] = views(backend, [out, ...inputs]);
    native.concatRows(
      ins,
      shape.slice(0, axis).reduce((a, b) => a * b, 1),
      ov!,
    );
    return out;
  });

  // Float32 split along any axis (the gradient of a concat, e.g. a U-Net's skip connections): the input as [rows, Σ width_i].
  replace('SplitV', (args) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as unknown as tf.SplitVAttrs;
    if (!x || !float32(x) || x.shape.some((d) => d === 0)) return fallback('SplitV', args);
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    const backend = wasmBackend(args);
    const outs = sizes.map((size) =>
      backend.makeOutput(
        x.shape.map((d, i) => (i === axis ? size : d)),
        'float32',
      ),
    );
    const [xv, ...ov] = views(backend, [x, ...outs]);
    native.splitRows(
      xv!,
      x.shape.slice(0, axis).reduce((a, b) => a * b, 1),
      ov.filter((v) => v.length > 0),
    );
    return outs;
  });

  // Batch norm over the last axis with per-channel statistics and parameters (any other broadcast goes to wasm's kernel).
  replace('FusedBatchNorm', (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const channels = x?.shape[x.shape.length - 1] ?? 0;
    const perChannel = (t: tf.TensorInfo | undefined) => !t || tf.util.sizeFromShape(t.shape) === channels;
    if (!x || !mean || !variance || channels === 0 || !float32(x, mean, variance, offset, scale) || ![mean, variance, offset, scale].every(perChannel)) return fallback('FusedBatchNorm', args);
    const backend = wasmBackend(args);
    const out = backend.makeOutput(x.shape, 'float32');
    const [xv, ov, mv, vv, sv, bv] = views(backend, [x, out, mean, variance, ...(scale ? [scale] : []), ...(offset ? [offset] : [])]);
    native.batchNorm(xv!, mv!, vv!, scale ? sv! : null, offset ? (scale ? bv! : sv!) : null, (args.attrs as unknown as { varianceEpsilon: number }).varianceEpsilon, ov!);
    return out;
  });

  // Per-channel mean and biased variance over every axis but the last (batch norm in training; see patchBatchNormTraining).
  replace('HemocamMoments', (args) => {
    const { x } = args.inputs as Record<string, tf.TensorInfo>;
    const channels = x!.shape[x!.shape.length - 1]!;
    const backend = wasmBackend(args);
    const outs = [0, 1].map(() => backend.makeOutput([channels], 'float32'));
    const [xv, mv, vv] = views(backend, [x!, ...outs]);
    native.moments(xv!, mv!, vv!);
    return outs;
  });

  // dx, dscale, doffset of batch norm with the batch's own statistics.
  replace('HemocamBatchNormGrad', (args) => {
    const { x, dy, mean, variance, scale } = args.inputs as Record<string, tf.TensorInfo>;
    const backend = wasmBackend(args);
    const outs = [backend.makeOutput(x!.shape, 'float32'), backend.makeOutput(mean!.shape, 'float32'), backend.makeOutput(mean!.shape, 'float32')];
    const [xv, dyv, mv, vv, sv, dxv, dsv, dov] = views(backend, [x!, dy!, mean!, variance!, scale!, ...outs]);
    native.batchNormBackward(xv!, dyv!, mv!, vv!, sv!, (args.attrs as unknown as { varianceEpsilon: number }).varianceEpsilon, dxv!, dsv!, dov!);
    return outs;
  });

  // One fused Adam step per variable: inputs value, gradient, m, v; outputs the new three.
  replace('HemocamAdam', (args) => {
    const { value, gradient, m, v } = args.inputs as Record<string, tf.TensorInfo>;
    const a = args.attrs as unknown as { learningRate: number; beta1: number; beta2: number; epsilon: number; beta1Power: number; beta2Power: number };
    const backend = wasmBackend(args);
    const outs = [0, 1, 2].map(() => backend.makeOutput(value!.shape, 'float32'));
    const arrays = views(backend, [value!, gradient!, m!, v!, ...outs]) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    native.adam(...arrays, a.learningRate, a.beta1, a.beta2, a.epsilon, a.beta1Power, a.beta2Power);
    return outs;
  });
}
