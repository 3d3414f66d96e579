/**
 * Add spatially correlated Gaussian noise of standard deviation `sigma` (HU) to each slice:
 * white noise blurred by a separable 5-tap binomial kernel, rescaled so that its
 * standard deviation is `sigma` again. CT noise is correlated in-plane by the reconstruction kernel.
 */
export function addCorrelatedNoise(data: Float32Array, size: number, slices: number, sigma: number, rng: () => number): void {
  const kernel = [1, 4, 6, 4, 1].map((w) => w / 16);
  const gain = sigma / kernel.reduce((s, w) => s + w * w, 0); // 2-D std of the blur is Σw² for a separable binomial
  const white = new Float32Array(size * size);
  const temp = new Float32Array(size * size);
  for (let k = 0; k < slices; k++) {
    // Irwin–Hall: the sum of four uniforms, centred and scaled to unit variance; the blur's
    // 25-term sums make it Gaussian to the eye, at a fraction of Box–Muller's cost.
    for (let i = 0; i < white.length; i++) white[i] = (rng() + rng() + rng() + rng() - 2) * Math.SQRT2 * 1.224744871391589;
    for (let j = 0; j < size; j++)
      for (let i = 0; i < size; i++) {
        let acc = 0;
        for (let o = -2; o <= 2; o++) acc += kernel[o + 2]! * white[j * size + Math.min(size - 1, Math.max(0, i + o))]!;
        temp[j * size + i] = acc;
      }
    const offset = k * size * size;
    for (let j = 0; j < size; j++)
      for (let i = 0; i < size; i++) {
        let acc = 0;
        for (let o = -2; o <= 2; o++) acc += kernel[o + 2]! * temp[Math.min(size - 1, Math.max(0, j + o)) * size + i]!;
        data[offset + j * size + i]! += acc * gain;
      }
  }
}
