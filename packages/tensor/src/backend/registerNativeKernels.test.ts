import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '@hemocam/core';
import { loadNative } from '@hemocam/native';
import { createAdam } from './createAdam.js';
import { registerNativeKernels } from './registerNativeKernels.js';
import { registerWasmGradients } from './registerWasmGradients.js';
import { patchBatchNormTraining } from './patchBatchNormTraining.js';

const native = loadNative();
if (!native.loaded && process.env.HEMOCAM_REQUIRE_NATIVE === '1') throw new Error(`HEMOCAM_REQUIRE_NATIVE=1 but the native kernels did not load: ${native.reason}`);
if (!native.loaded) console.warn(`skipping the native kernel tests: ${native.reason}`);
const ISAS = native.loaded
  ? ['avx512', 'avx2', 'portable'].filter((isa) => {
      try {
        return native.kernels.useIsa(isa) === isa;
      } catch {
        return false;
      }
    })
  : [];

type Shape4 = [number, number, number, number];
const random = (shape: number[], seed: string) => {
  const rng = createRng(7, seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
};

/** fn on the cpu backend and on wasm (native kernels), as flat arrays. */
async function onBoth(fn: () => tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  const results: Float32Array[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    results.push(tf.tidy(() => fn().map((t) => t.dataSync() as Float32Array)));
  }
  return [results[0]!, results[1]!];
}

/** Largest difference relative to the largest reference value. */
function relativeError(reference: Float32Array, value: Float32Array): number {
  expect(value).toHaveLength(reference.length);
  let worst = 0,
    scale = 1e-30;
  for (let i = 0; i < reference.length; i++) {
    worst = Math.max(worst, Math.abs(reference[i]! - value[i]!));
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  return worst / scale;
}

async function expectSame(fn: () => tf.Tensor[]): Promise<void> {
  const [cpu, wasm] = await onBoth(fn);
  cpu.forEach((reference, i) => expect(relativeError(reference, wasm[i]!)).toBeLessThan(1e-4));
}

// [input, filter, strides, pad, dilations]; odd sizes that fill no register block, channels 1–70, paddings given explicitly too.
const CONVS: [Shape4, Shape4, [number, number], tf.backend_util.PadInfo['type'] | 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]], number][] = [
  [[2, 9, 11, 3], [3, 3, 3, 5], [1, 1], 'same', 1],
  [[2, 16, 16, 1], [7, 7, 1, 40], [2, 2], 'same', 1],
  [[1, 13, 10, 17], [3, 2, 17, 33], [2, 3], 'valid', 1],
  [[3, 8, 8, 64], [1, 1, 64, 70], [2, 2], 'same', 1],
  [[1, 10, 10, 1], [5, 5, 1, 1], [1, 1], 'valid', 1],
  [
    [1, 7, 9, 70],
    [3, 3, 70, 1],
    [1, 1],
    [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
    1,
  ],
  [[2, 5, 6, 12], [4, 4, 12, 13], [3, 3], 2, 1],
  [[1, 15, 14, 6], [3, 3, 6, 9], [1, 1], 'same', 2],
  [[1, 12, 13, 7], [3, 2, 7, 35], [1, 1], 'valid', 3],
];

describe.skipIf(!native.loaded)('native kernels against the cpu backend (1e-4 relative)', () => {
  registerWasmGradients();
  if (native.loaded) registerNativeKernels(native.kernels);
  patchBatchNormTraining();

  describe.each(ISAS)('%s', (isa) => {
    it.each(CONVS.map((c, i) => [i, ...c] as const))('convolution %i: %j %j strides %j pad %j dilation %i, forward and fused bias + relu', async (i, xs, ws, strides, pad, dilation) => {
      if (native.loaded) native.kernels.useIsa(isa);
      const x = random(xs, `x${i}`),
        w = random(ws, `w${i}`),
        bias = random([ws[3]], `b${i}`);
      await expectSame(() => [
        tf.conv2d(tf.tensor4d(x, xs), tf.tensor4d(w, ws), strides, pad as 'same', 'NHWC', dilation),
        tf.fused.conv2d({ x: tf.tensor4d(x, xs), filter: tf.tensor4d(w, ws), strides, pad: pad as 'same', dilations: dilation, bias: tf.tensor1d(bias), activation: 'relu' }),
      ]);
    });

    it.each(CONVS.filter((c) => c[4] === 1).map((c, i) => [i, ...c] as const))('convolution %i: %j %j strides %j pad %j, input and filter gradients', async (i, xs, ws, strides, pad) => {
      if (native.loaded) native.kernels.useIsa(isa);
      const x = random(xs, `x${i}`),
        w = random(ws, `w${i}`);
      await expectSame(() => {
        const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(a, b, strides, pad as 'same'), tf.sin(tf.conv2d(a, b, strides, pad as 'same'))));
        return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([tf.tensor4d(x, xs), tf.tensor4d(w, ws)]);
      });
    });

    it.each([
      [[2, 9, 11, 5], 3, 2, 'same'],
      [[1, 8, 8, 70], 2, 2, 'valid'],
      [[3, 7, 6, 3], 3, 1, 'same'],
    ] as const)('max pool %j size %i stride %i %s: gradient', async (xs, size, stride, pad) => {
      if (native.loaded) native.kernels.useIsa(isa);
      // Rounded values make ties, which must go to the same (first) position as on cpu.
      const x = random([...xs], 'pool').map((v) => Math.round(v * 4) / 4);
      await expectSame(() =>
        tf.grads((a: tf.Tensor) =>
          tf.sum(
            tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), tf.range(0, tf.maxPool(a as tf.Tensor4D, size, stride, pad).size).reshape(tf.maxPool(a as tf.Tensor4D, size, stride, pad).shape)),
          ),
        )([tf.tensor4d(x, [...xs])]),
      );
    });

    it('sum and mean over all axes but the last, and other reductions', async () => {
      if (native.loaded) native.kernels.useIsa(isa);
      const x = random([3, 17, 9, 33], 'sum');
      await expectSame(() => {
        const t = tf.tensor4d(x, [3, 17, 9, 33]);
        return [tf.sum(t, [0, 1, 2]), tf.mean(t, [0, 1, 2], true), tf.sum(t, [2, 1, 0]), tf.mean(t, [1, 2]), tf.sum(t), tf.sum(tf.reshape(t, [51, 297]), 0)];
      });
    });

    it('batch norm (inference): per-channel and broadcast statistics, with and without scale and offset', async () => {
      if (native.loaded) native.kernels.useIsa(isa);
      const x = random([3, 5, 7, 13], 'bn-x').map((v) => v * 4 + 3);
      const [mean, variance, scale, offset] = ['m', 'v', 's', 'o'].map((k) => random([13], `bn-${k}`));
      await expectSame(() => {
        const t = tf.tensor4d(x, [3, 5, 7, 13]);
        const [m, v, s, o] = [mean!, variance!.map(Math.abs), scale!, offset!].map((a) => tf.tensor1d(a));
        return [
          tf.batchNorm(t, m!, v!, o, s, 1e-3),
          tf.batchNorm(t, m!, v!, undefined, undefined, 1e-5),
          tf.batchNorm(t, m!.reshape([1, 1, 1, 13]), v!.reshape([1, 1, 1, 13]), o!.reshape([1, 1, 1, 13]), s!.reshape([1, 1, 1, 13]), 1e-3),
          tf.batchNorm(t, tf.scalar(0.5), tf.scalar(2), undefined, undefined, 1e-3),
        ];
      });
    });

    it.each([
      [[3, 5, 7, 13], -1],
      [[37, 5], -1],
      [[2, 4, 6, 3], 1],
    ] as const)('batch norm in training %j axis %i: output, the gradients of x, gamma and beta, and the moving statistics equal tfjs-layers on cpu', async (shape, axis) => {
      if (native.loaded) native.kernels.useIsa(isa);
      const channels = shape[axis < 0 ? shape.length - 1 : axis]!;
      const x = random([...shape], 'bnt-x').map((v) => v * 3 + 2),
        r = random([...shape], 'bnt-r');
      const weights = ['g', 'b', 'mm', 'mv'].map((k) => random([channels], `bnt-${k}`).map((v) => (k === 'mv' ? Math.abs(v) + 0.5 : v)));
      const makeLayer = () => {
        const layer = tf.layers.batchNormalization({ axis, momentum: 0.9 });
        layer.build([...shape]);
        layer.setWeights(weights.map((w) => tf.tensor1d(w)));
        return layer;
      };
      await expectSame(() => {
        const layer = makeLayer();
        const input = tf.tensor(x, [...shape]);
        const loss = (t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, tf.tensor(r, [...shape])));
        const y = layer.apply(input, { training: true }) as tf.Tensor;
        const [dx] = tf.grads(loss)([input]);
        // Every trainable variable; a layer variable's tf.Variable bears its name.
        const { grads } = tf.variableGrads(() => loss(input) as tf.Scalar);
        return [y, dx!, ...layer.trainableWeights.map((w) => grads[w.name]!), ...layer.getWeights().slice(2)];
      });
      // The native path ran where it applies (the last axis), tfjs-layers' own elsewhere.
      const layer = makeLayer();
      const { kernels } = await tf.profile(() => layer.apply(tf.tensor(x, [...shape]), { training: true }) as tf.Tensor);
      expect(kernels.some((k) => k.name === 'HemocamMoments')).toBe(axis === -1);
      for (const w of layer.weights) w.dispose();
    });

    it('Adam: five steps equal tfjs Adam on cpu', async () => {
      if (native.loaded) native.kernels.useIsa(isa);
      const init = random([5000], 'adam');
      const run = () => {
        const v = tf.variable(tf.tensor1d(init));
        const optimizer = createAdam(tf, 0.01);
        for (let step = 0; step < 5; step++) optimizer.minimize(() => tf.sum(tf.mul(tf.sin(v), tf.scalar(step + 1))), false, [v]);
        optimizer.dispose();
        const out = v.clone();
        v.dispose();
        return [out];
      };
      await expectSame(run);
    });
  });

  it('concat along every axis, with widths 1 to 33, an empty input and an int32 fallback, equals cpu exactly', async () => {
    const a = random([2, 5, 7, 1], 'concat-a'),
      b = random([2, 5, 7, 33], 'concat-b'),
      c = random([2, 5, 7, 2], 'concat-c');
    const [cpu, wasm] = await onBoth(() => {
      const [ta, tb, tc] = [tf.tensor4d(a, [2, 5, 7, 1]), tf.tensor4d(b, [2, 5, 7, 33]), tf.tensor4d(c, [2, 5, 7, 2])];
      return [
        tf.concat([ta, tb, tc], 3),
        tf.concat([ta, tf.zeros([2, 5, 7, 0])], 3),
        tf.concat([tc, tc, tc], 0),
        tf.concat([tc, tf.reverse(tc, 1)], 1),
        tf.concat([tc, tc], 2),
        tf.concat([tf.range(0, 6, 1, 'int32'), tf.range(6, 9, 1, 'int32')]).toFloat(),
      ];
    });
    cpu.forEach((reference, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(reference)));
    await tf.setBackend('wasm');
    // Called as the kernel (tf.concat checks shapes itself first): inconsistent shapes throw, never a copy of the wrong size.
    const [p, q] = [tf.zeros([2, 3]), tf.zeros([3, 2])];
    expect(() => tf.engine().runKernel('Concat', [p, q] as unknown as tf.NamedTensorMap, { axis: 1 })).toThrow(/does not match/);
    tf.dispose([p, q]);
  });

  it('split along every axis, with widths 1 to 33, an empty part, the gradient of a concat and an int32 fallback, equals cpu exactly', async () => {
    const a = random([2, 5, 7, 36], 'split-a');
    const [cpu, wasm] = await onBoth(() => {
      const t = tf.tensor4d(a, [2, 5, 7, 36]);
      const [l, m] = [tf.tensor4d(a.slice(0, 70 * 3), [2, 5, 7, 3]), tf.tensor4d(a.slice(0, 70 * 33), [2, 5, 7, 33])];
      const [dl, dm] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 3), t)))([l, m]);
      return [
        ...tf.split(t, [1, 33, 2], 3),
        ...tf.split(t, [36, 0], 3),
        ...tf.split(t, 2, 0),
        ...tf.split(t, [2, 3], 1),
        ...tf.split(t, 7, 2),
        dl!,
        dm!,
        ...tf.split(tf.range(0, 12, 1, 'int32'), [5, 7]).map((p) => p.toFloat()),
      ];
    });
    cpu.forEach((reference, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(reference)));
    if (!native.loaded) return;
    // The split ran natively (the registered kernel calls the addon), not through wasm's own.
    await tf.setBackend('wasm');
    const real = native.kernels.splitRows.bind(native.kernels);
    let calls = 0;
    native.kernels.splitRows = (...args) => {
      calls++;
      real(...args);
    };
    try {
      tf.tidy(() => tf.split(tf.ones([4, 6]), 2, 1).map((p) => p.dataSync()));
    } finally {
      native.kernels.splitRows = real;
    }
    expect(calls).toBe(1);
  });

  it('the wasm backend uses the native Adam and the native convolution', async () => {
    await tf.setBackend('wasm');
    const optimizer = createAdam(tf, 0.01);
    expect(optimizer.constructor.name).toBe('NativeAdamOptimizer');
    expect(tf.getKernel('FusedConv2D', 'wasm').kernelFunc.name).toBe('conv');
    optimizer.dispose();
  });

  it('leaks neither tensors nor wasm memory over 50 training steps (convolutions, batch norm, pooling, Adam)', async () => {
    await tf.setBackend('wasm');
    const w1 = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 2, 8], 0, 0.2, 'float32', 1));
    const w2 = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 8, 4], 0, 0.2, 'float32', 2));
    const x = tf.randomNormal<tf.Rank.R4>([2, 16, 16, 2], 0, 1, 'float32', 3);
    const optimizer = createAdam(tf, 0.01);
    const bn = tf.layers.batchNormalization({ momentum: 0.9 });
    const normed = (t: tf.Tensor) => bn.apply(t, { training: true }) as tf.Tensor4D;
    const loss = () => tf.mean<tf.Scalar>(tf.square(tf.conv2d(tf.maxPool(tf.relu(normed(tf.conv2d(x, w1, 1, 'same'))), 2, 2, 'same'), w2, 1, 'same')));
    const step = () => tf.tidy(() => optimizer.minimize(loss, true)!.dataSync()[0]!);
    // The layer makes its weights in the first step and Adam their moments in the second.
    step();
    const first = step();
    const tensors = tf.memory().numTensors,
      bytes = tf.memory().numBytes;
    let last = first;
    for (let i = 0; i < 50; i++) last = step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
    expect(last).toBeLessThan(first);
    optimizer.dispose();
    for (const w of bn.weights) w.dispose();
    tf.dispose([w1, w2, x]);
  });
});
