/** The addon's functions. Arrays are float32, NHWC tensors and HWIO filters; `geometry` is `convGeometry`'s Int32Array. */
export interface NativeKernels {
  info(): { isa: string; threads: number };
  /** Switch to the kernels of one instruction set (`avx512`, `avx2`, `portable`); throws where the CPU or build has none. */
  useIsa(isa: string): string;
  conv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array, geometry: Int32Array, relu: boolean): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  adam(
    value: Float32Array,
    gradient: Float32Array,
    m: Float32Array,
    v: Float32Array,
    valueOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    beta1Power: number,
    beta2Power: number,
  ): void;
  /** out[c] = scale · Σ_r x[r, c] over x as [rows, cols]. */
  sumRows(x: Float32Array, rows: number, cols: number, scale: number, output: Float32Array): void;
  /** dx of a max pool; the geometry describes the window as a convolution with ci = co. */
  maxPoolBackprop(x: Float32Array, dy: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  /** Each input as [rows, width_i], side by side into output [rows, Σ width_i] (a concat along the axis whose outer size is rows). */
  concatRows(inputs: Float32Array[], rows: number, output: Float32Array): void;
  /** The inverse of concatRows: input [rows, Σ width_i] cut into each output [rows, width_i] (a split along the axis whose outer size is rows). */
  splitRows(input: Float32Array, rows: number, outputs: Float32Array[]): void;
  /** y = (x − mean) · scale / √(variance + ε) + offset per channel, x as [rows, channels] (channels = mean.length); scale and offset may be null. */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null, offset: Float32Array | null, epsilon: number, y: Float32Array): void;
  /** Each channel's mean and biased variance over the rows of x (channels = mean.length). */
  moments(x: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /** Gradients of batch norm with the batch's own statistics (mean and variance of x): dx, dscale, doffset. */
  batchNormBackward(
    x: Float32Array,
    dy: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    epsilon: number,
    dx: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
  ): void;
}

/** Whether the native kernels loaded: with the instruction set and thread count in use, or why not. */
export type NativeStatus = { loaded: true; kernels: NativeKernels; isa: string; threads: number } | { loaded: false; reason: string };
