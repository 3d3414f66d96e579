import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '@hemocam/core';
import { registerWasmGradients } from './registerWasmGradients.js';

/** Gradients of sum(conv2d(x, w) · g) w.r.t. x and w on one backend. */
async function convGrads(backend: string, x: number[], xs: number[], w: number[], ws: number[], g: number[], stride: number, pad: 'same' | 'valid'): Promise<[number[], number[]]> {
  await tf.setBackend(backend);
  return tf.tidy((): [number[], number[]] => {
    const xt = tf.tensor4d(x, xs as [number, number, number, number]);
    const wt = tf.tensor4d(w, ws as [number, number, number, number]);
    const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(a, b, stride, pad), tf.tensor(g, tf.conv2d(a, b, stride, pad).shape)));
    const [dx, dw] = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([xt, wt]);
    return [Array.from(dx!.dataSync()), Array.from(dw!.dataSync())];
  });
}

describe('wasm convolution gradients (composed)', () => {
  registerWasmGradients();
  const cases = [1, 3, 7].flatMap((k) => [1, 2].flatMap((s) => (['same', 'valid'] as const).map((p) => [k, s, p] as const)));
  it.each(cases)('kernel %i, stride %i, %s padding matches cpu to 1e-4', async (k, stride, pad) => {
    const rng = createRng(k * 10 + stride, pad);
    const xs = [2, 9 + k, 8 + k, 3];
    const ws = [k, k, 3, 4];
    const x = Array.from({ length: xs.reduce((a, b) => a * b) }, () => rng() * 2 - 1);
    const w = Array.from({ length: ws.reduce((a, b) => a * b) }, () => rng() * 2 - 1);
    await tf.setBackend('cpu');
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>(xs as [number, number, number, number]), tf.zeros<tf.Rank.R4>(ws as [number, number, number, number]), stride, pad).shape);
    const g = Array.from({ length: outShape.reduce((a, b) => a * b) }, () => rng() * 2 - 1);
    const [cpuDx, cpuDw] = await convGrads('cpu', x, xs, w, ws, g, stride, pad);
    const [wasmDx, wasmDw] = await convGrads('wasm', x, xs, w, ws, g, stride, pad);
    const scale = (v: number[]) => Math.max(...v.map(Math.abs));
    for (const [a, b] of [
      [cpuDw, wasmDw],
      [cpuDx, wasmDx],
    ] as const) {
      expect(b).toHaveLength(a.length);
      const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
      expect(worst / scale(a)).toBeLessThan(1e-4);
    }
  });

  it('leaks no tensors over 50 training steps', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(tf.randomNormal([3, 3, 2, 4], 0, 0.1, 'float32', 1));
    const x = tf.randomNormal<tf.Rank.R4>([2, 12, 12, 2], 0, 1, 'float32', 2);
    const optimizer = tf.train.sgd(0.01);
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let step = 0; step < 50; step++) {
      const loss = optimizer.minimize(() => tf.mean<tf.Scalar>(tf.square(tf.conv2d(x, w as tf.Tensor4D, 2, 'same'))), true)!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[49]).toBeLessThan(losses[0]!);
    tf.dispose([w, x]);
    optimizer.dispose();
  });

  it.each(['cpu', 'wasm'])('the broadcasting batch-norm gradient equals autodiff of the formula on %s', async (backend) => {
    await tf.setBackend(backend);
    const rng = createRng(3);
    const x = tf.tensor4d(
      Array.from({ length: 2 * 3 * 3 * 4 }, () => rng() * 4 - 2),
      [2, 3, 3, 4],
    );
    const channelVector = (base: number) => tf.tensor1d(Array.from({ length: 4 }, () => base + rng()));
    const [mean, variance, scale, offset] = [channelVector(0.1), channelVector(1.5), channelVector(0.8), channelVector(0.2)];
    const g = tf.tensor4d(
      Array.from({ length: 72 }, () => rng() - 0.5),
      [2, 3, 3, 4],
    );
    const fused = (...t: tf.Tensor[]) => tf.sum(tf.mul(tf.batchNorm(t[0] as tf.Tensor4D, t[1] as tf.Tensor1D, t[2] as tf.Tensor1D, t[4] as tf.Tensor1D, t[3] as tf.Tensor1D, 1e-3), g));
    const formula = (...t: tf.Tensor[]) => tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(t[0]!, t[1]!), tf.sqrt(tf.add(t[2]!, 1e-3))), t[3]!), t[4]!), g));
    const inputs = [x, mean, variance, scale, offset];
    const a = tf
      .grads(fused)(inputs)
      .map((t) => Array.from(t.dataSync()));
    const b = tf
      .grads(formula)(inputs)
      .map((t) => Array.from(t.dataSync()));
    a.forEach((grad, i) => grad.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 4)));
  });
});
