import { describe, expect, it } from 'vitest';
import { convGeometry } from './convGeometry.js';
import { loadNative } from './loadNative.js';

const status = loadNative();
if (!status.loaded && process.env.HEMOCAM_REQUIRE_NATIVE === '1') throw new Error(`HEMOCAM_REQUIRE_NATIVE=1 but the native kernels did not load: ${status.reason}`);
if (!status.loaded) console.warn(`skipping the native addon tests: ${status.reason}`);

const shape = {
  batchSize: 1,
  inHeight: 4,
  inWidth: 4,
  inChannels: 2,
  outHeight: 4,
  outWidth: 4,
  outChannels: 3,
  filterHeight: 3,
  filterWidth: 3,
  strideHeight: 1,
  strideWidth: 1,
  dilationHeight: 1,
  dilationWidth: 1,
  padInfo: { top: 1, left: 1 },
};

describe('loadNative', () => {
  it('is off, with the reason, under HEMOCAM_NATIVE=0', () => {
    if (process.env.HEMOCAM_NATIVE === '0') expect(status).toEqual({ loaded: false, reason: 'turned off by HEMOCAM_NATIVE=0' });
    else if (status.loaded) {
      expect(['avx512', 'avx2', 'portable']).toContain(status.isa);
      expect(status.threads).toBeGreaterThanOrEqual(1);
    }
  });
});

describe.skipIf(!status.loaded)('the addon refuses wrong calls instead of reading or writing out of bounds', () => {
  const k = status.loaded ? status.kernels : undefined;
  const f = (n: number) => new Float32Array(n);
  it('arrays of the wrong type or length, a bad geometry', () => {
    const g = convGeometry(shape);
    expect(() => k!.conv2d(f(32), f(54), null, f(48), g, false)).not.toThrow();
    expect(() => k!.conv2d(f(31), f(54), null, f(48), g, false)).toThrow(/x has 31 elements, the geometry needs 32/);
    expect(() => k!.conv2d(f(32), f(54), f(2), f(48), g, false)).toThrow(/bias has 2 elements/);
    expect(() => k!.conv2d(new Float64Array(32) as unknown as Float32Array, f(54), null, f(48), g, false)).toThrow(/x must be a Float32Array/);
    expect(() => k!.conv2dBackpropInput(f(48), f(54), f(31), g)).toThrow(/dx has 31/);
    expect(() => k!.conv2dBackpropFilter(f(32), f(47), f(54), g)).toThrow(/dy has 47/);
    expect(() => k!.conv2d(f(32), f(54), null, f(48), Int32Array.from([1, 2, 3]), false)).toThrow(/15 values/);
    expect(() => k!.conv2d(f(32), f(54), null, f(48), convGeometry({ ...shape, strideHeight: 0 }), false)).toThrow(/positive/);
    expect(() => k!.sumRows(f(6), 2, 3, 1, f(2))).toThrow(/output has 2/);
    expect(() => k!.maxPoolBackprop(f(32), f(48), f(32), g)).toThrow(/ci must equal co/);
    expect(() => k!.adam(f(4), f(4), f(4), f(3), f(4), f(4), f(4), 0.1, 0.9, 0.999, 1e-7, 0.9, 0.999)).toThrow(/v has 3/);
    expect(() => k!.useIsa('sse9')).toThrow(/no sse9 kernels/);
    expect(() => k!.concatRows('x' as unknown as Float32Array[], 1, f(1))).toThrow(/inputs must be an array/);
    expect(() => k!.concatRows([f(4), new Int32Array(4) as unknown as Float32Array], 2, f(8))).toThrow(/inputs\[1\] must be a Float32Array/);
    expect(() => k!.concatRows([f(4), f(3)], 2, f(7))).toThrow(/inputs\[1\] has 3 elements, not a multiple of rows/);
    expect(() => k!.concatRows([f(4), f(2)], 2, f(5))).toThrow(/output has 5 elements/);
    expect(() => k!.concatRows([f(4)], 0, f(4))).toThrow(/rows must be positive/);
    expect(() => k!.splitRows(f(7), 2, [f(4), f(2)])).toThrow(/input has 7 elements/);
    expect(() => k!.splitRows(f(6), 2, [f(4), f(3)])).toThrow(/outputs\[1\] has 3 elements, not a multiple of rows/);
    expect(() => k!.splitRows(f(6), 2, 'x' as unknown as Float32Array[])).toThrow(/outputs must be an array/);
  });

  it('concatRows puts rows of each input side by side', () => {
    const out = f(10);
    k!.concatRows([Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6]), Float32Array.from([7, 8, 9, 10])], 2, out);
    expect(Array.from(out)).toEqual([1, 2, 5, 7, 8, 3, 4, 6, 9, 10]);
  });

  it('splitRows cuts rows back into the inputs concatRows joined', () => {
    const parts = [f(4), f(2), f(4)];
    k!.splitRows(Float32Array.from([1, 2, 5, 7, 8, 3, 4, 6, 9, 10]), 2, parts);
    expect(parts.map((p) => Array.from(p))).toEqual([
      [1, 2, 3, 4],
      [5, 6],
      [7, 8, 9, 10],
    ]);
  });

  it('a 3×3 convolution of ones counts the taps inside the image', () => {
    const y = f(48);
    k!.conv2d(new Float32Array(32).fill(1), new Float32Array(54).fill(1), null, y, convGeometry(shape), false);
    // corner pixel: 4 taps × 2 channels; edge: 6 × 2; inside: 9 × 2
    expect([y[0], y[3], y[15]]).toEqual([8, 12, 18]);
  });
});
