import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIN, F, H, J, W, lcg, tinyModel, tinyWeights, type TinyWeights } from '../test/tinyModels.js';
import { computeCam } from './computeCam.js';
import { layersModelSubject } from './layersModelSubject.js';
import { scoreTarget } from './scoreTarget.js';

// Every map here is computed from the papers' formulas in plain loops over the hand-set
// weights — activations, head and gradients included — never by calling the implementation.

const P = H * W;
const relu = (v: number) => Math.max(0, v);

function activations(x: number[], wt: TinyWeights): number[] {
  const a = new Array<number>(P * F).fill(0);
  for (let y = 0; y < H; y++)
    for (let xx = 0; xx < W; xx++)
      for (let k = 0; k < F; k++) {
        let sum = wt.bias[k]!;
        for (let dy = 0; dy < 3; dy++)
          for (let dx = 0; dx < 3; dx++)
            for (let c = 0; c < CIN; c++) {
              const yy = y + dy - 1,
                xs = xx + dx - 1;
              if (yy < 0 || yy >= H || xs < 0 || xs >= W) continue;
              sum += x[(yy * W + xs) * CIN + c]! * wt.kernel[((dy * 3 + dx) * CIN + c) * F + k]!;
            }
        a[(y * W + xx) * F + k] = relu(sum);
      }
  return a;
}

/** Nonlinear head y = d + Σ_pj v_pj tanh(c_j + Σ_k A_pk u_kj), and ∂y/∂A. */
function nonlinearHead(a: number[], wt: TinyWeights): { y: number; grad: number[] } {
  let y = wt.d;
  const grad = new Array<number>(P * F).fill(0);
  for (let p = 0; p < P; p++)
    for (let j = 0; j < J; j++) {
      let z = wt.c[j]!;
      for (let k = 0; k < F; k++) z += a[p * F + k]! * wt.u[k * J + j]!;
      const t = Math.tanh(z);
      y += wt.v[p * J + j]! * t;
      for (let k = 0; k < F; k++) grad[p * F + k]! += wt.v[p * J + j]! * (1 - t * t) * wt.u[k * J + j]!;
    }
  return { y, grad };
}

const weighted = (a: number[], w: number[]) => Array.from({ length: P }, (_, p) => w.reduce((s, wk, k) => s + wk * a[p * F + k]!, 0));
const channelSum = (a: number[], k: number) => Array.from({ length: P }, (_, p) => a[p * F + k]!).reduce((s, v) => s + v, 0);

function normalise(map: number[]): number[] {
  const r = map.map(relu);
  const peak = Math.max(...r);
  return peak > 0 ? r.map((v) => v / peak) : r;
}

/** Leading eigenvector of a small symmetric matrix by cyclic Jacobi rotations (not power iteration, as the implementation). */
function jacobiTop(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((row) => row.slice());
  const v = a.map((_, i) => a.map((__, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-15) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!,
            akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!,
            aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!,
            vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (a[i]![i]! > a[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

function referenceMap(method: string, x: number[], wt: TinyWeights, sign: number): number[] {
  const a = activations(x, wt);
  const { grad } = nonlinearHead(a, wt);
  const g = grad.map((v) => sign * v);
  const sumA = Array.from({ length: F }, (_, k) => channelSum(a, k));
  switch (method) {
    case 'cam':
      return weighted(
        a,
        wt.w.map((w) => sign * w),
      );
    case 'grad-cam':
      return weighted(
        a,
        Array.from({ length: F }, (_, k) => Array.from({ length: P }, (_, p) => g[p * F + k]!).reduce((s, v) => s + v, 0) / P),
      );
    case 'grad-cam-plus-plus':
      return weighted(
        a,
        Array.from({ length: F }, (_, k) => {
          let w = 0;
          for (let p = 0; p < P; p++) {
            const gi = g[p * F + k]!;
            const alpha = gi === 0 ? 0 : gi ** 2 / (2 * gi ** 2 + sumA[k]! * gi ** 3 + 1e-7);
            w += alpha * relu(gi);
          }
          return w;
        }),
      );
    case 'hirescam':
      return Array.from({ length: P }, (_, p) => Array.from({ length: F }, (_, k) => g[p * F + k]! * a[p * F + k]!).reduce((s, v) => s + v, 0));
    case 'xgrad-cam':
      return weighted(
        a,
        Array.from({ length: F }, (_, k) => Array.from({ length: P }, (_, p) => (a[p * F + k]! / (sumA[k]! + 1e-7)) * g[p * F + k]!).reduce((s, v) => s + v, 0)),
      );
    case 'layer-cam':
      return Array.from({ length: P }, (_, p) => Array.from({ length: F }, (_, k) => relu(g[p * F + k]!) * a[p * F + k]!).reduce((s, v) => s + v, 0));
    case 'score-cam': {
      const scores = Array.from({ length: F }, (_, k) => {
        const m = Array.from({ length: P }, (_, p) => a[p * F + k]!);
        const lo = Math.min(...m),
          hi = Math.max(...m);
        const mask = m.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
        const masked = x.map((v, i) => v * mask[Math.floor(i / CIN)]!);
        return sign * nonlinearHead(activations(masked, wt), wt).y;
      });
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const total = e.reduce((s, v) => s + v, 0);
      return weighted(
        a,
        e.map((v) => v / total),
      );
    }
    case 'eigen-cam': {
      const mean = sumA.map((s) => s / P);
      const xc = Array.from({ length: P }, (_, p) => Array.from({ length: F }, (_, k) => a[p * F + k]! - mean[k]!));
      const cov = Array.from({ length: F }, (_, i) => Array.from({ length: F }, (_, j) => xc.reduce((s, row) => s + row[i]! * row[j]!, 0)));
      const v = jacobiTop(cov);
      const proj = xc.map((row) => row.reduce((s, val, k) => s + val * v[k]!, 0));
      const meanMap = Array.from({ length: P }, (_, p) => Array.from({ length: F }, (_, k) => a[p * F + k]!).reduce((s, val) => s + val, 0) / F);
      const agreement = proj.reduce((s, val, p) => s + val * meanMap[p]!, 0);
      return proj.map((val) => (agreement < 0 ? -val : val));
    }
    default:
      throw new Error(method);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const METHODS = ['cam', 'grad-cam', 'grad-cam-plus-plus', 'hirescam', 'xgrad-cam', 'layer-cam', 'score-cam', 'eigen-cam'];

describe.each(METHODS)('%s agrees with the formula computed by hand', (method) => {
  it.each([
    ['positive', 1],
    ['negative', -1],
  ] as const)('target %s', (spec, sign) => {
    for (const seed of [3, 11, 29]) {
      const wt = tinyWeights(seed);
      const model = tinyModel(wt, method === 'cam' ? 'linear' : 'nonlinear');
      const r = lcg(seed + 100);
      const inputs = [0, 1].map(() => Array.from({ length: P * CIN }, () => r() * 2));
      const { maps, shape } = computeCam(tf, method, layersModelSubject(model), tf.tensor4d(inputs.flat(), [2, H, W, CIN]), { target: scoreTarget(spec), layer: 'features' });
      expect(shape).toEqual([2, H, W]);
      inputs.forEach((x, n) => {
        const expected = normalise(referenceMap(method, x, wt, sign));
        expected.forEach((v, p) => expect(Math.abs(maps[n * P + p]! - v)).toBeLessThan(1e-5));
      });
      model.dispose();
    }
  });
});
