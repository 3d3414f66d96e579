// Float32 kernels on NHWC tensors and HWIO filters (TensorFlow.js's layouts). Each is compiled
// once per instruction set (kernels_avx512.cc, kernels_avx2.cc, kernels_portable.cc) and chosen
// at run time (dispatch.cc).
#pragma once
#include <cstddef>

namespace hemocam {

/** A 2-D convolution's shapes: input [n, ih, iw, ci], output [n, oh, ow, co], filter [kh, kw, ci, co]. */
struct ConvGeometry {
  int n, ih, iw, ci, oh, ow, co, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft;
};

struct AdamStep {
  float learningRate, beta1, beta2, epsilon, beta1Power, beta2Power;
};

struct Kernels {
  const char* isa;
  /** y = act(conv(x, w) + bias); bias may be null; relu selects max(·, 0). */
  void (*conv2d)(const ConvGeometry&, const float* x, const float* w, const float* bias, bool relu, float* y);
  /** dx = ∂L/∂x of y = conv(x, w), given dy. */
  void (*conv2dBackpropInput)(const ConvGeometry&, const float* dy, const float* w, float* dx);
  /** dw = ∂L/∂w of y = conv(x, w), given x and dy. */
  void (*conv2dBackpropFilter)(const ConvGeometry&, const float* x, const float* dy, float* dw);
  /** One Adam step (TensorFlow.js's formula, bias correction through the powers) into new buffers. */
  void (*adam)(const AdamStep&, const float* value, const float* gradient, const float* m, const float* v, float* valueOut, float* mOut, float* vOut, size_t size);
  /** out[c] = scale · Σ_r x[r, c] over a [rows, cols] array. */
  void (*sumRows)(const float* x, size_t rows, size_t cols, float scale, float* out);
  /** dx of a max pool over windows described as a convolution (ci = co = channels, kh × kw the window). */
  void (*maxPoolBackprop)(const ConvGeometry&, const float* x, const float* dy, float* dx);
  /** y = (x − mean[c]) · scale[c] / √(variance[c] + ε) + offset[c] over x as [rows, channels]; scale and offset may be null (1 and 0). */
  void (*batchNorm)(const float* x, size_t rows, size_t channels, const float* mean, const float* variance, const float* scale, const float* offset, float epsilon, float* y);
  /** The mean and the (biased) variance of each channel of x [rows, channels], in two passes. */
  void (*moments)(const float* x, size_t rows, size_t channels, float* mean, float* variance);
  /** Gradients of y = batchNorm(x, mean(x), variance(x), scale, offset) with the batch's own statistics: dx, dscale, doffset. */
  void (*batchNormBackward)(const float* x, const float* dy, size_t rows, size_t channels, const float* mean, const float* variance, const float* scale, float epsilon, float* dx, float* dscale,
                            float* doffset);
};

namespace avx512 { extern const Kernels kernels; }
namespace avx2 { extern const Kernels kernels; }
namespace portable { extern const Kernels kernels; }

/** The kernels for this CPU, or those named by $HEMOCAM_NATIVE_ISA (avx512, avx2, portable) where it supports them. */
const Kernels& selectKernels(const char* requested);

}  // namespace hemocam
