// The Node-API face of the kernels: Float32Arrays in and out (views of the wasm heap or plain
// arrays), sizes checked against the geometry so that a wrong call throws instead of writing
// out of bounds.
#include <napi.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kernels.h"
#include "threadPool.h"

namespace {

using hemocam::ConvGeometry;

const hemocam::Kernels* active = nullptr;

const hemocam::Kernels& kernels() {
  if (!active) active = &hemocam::selectKernels(std::getenv("HEMOCAM_NATIVE_ISA"));
  return *active;
}

float* floats(const Napi::CallbackInfo& info, size_t index, size_t expected, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Float32Array");
  Napi::Float32Array array = value.As<Napi::Float32Array>();
  if (array.ElementLength() != expected)
    throw Napi::RangeError::New(info.Env(), std::string(name) + " has " + std::to_string(array.ElementLength()) + " elements, the geometry needs " + std::to_string(expected));
  return array.Data();
}

/** A Float32Array argument of `expected` elements, or null where the caller passed null or nothing. */
const float* optionalFloats(const Napi::CallbackInfo& info, size_t index, size_t expected, const char* name) {
  return info[index].IsNull() || info[index].IsUndefined() ? nullptr : floats(info, index, expected, name);
}

ConvGeometry geometry(const Napi::CallbackInfo& info, size_t index) {
  const Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array || value.As<Napi::Int32Array>().ElementLength() != 15)
    throw Napi::TypeError::New(info.Env(), "geometry must be an Int32Array of 15 values");
  const int32_t* v = value.As<Napi::Int32Array>().Data();
  ConvGeometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  for (int k = 0; k < 13; ++k)
    if (v[k] <= 0) throw Napi::RangeError::New(info.Env(), "geometry values must be positive (but for the padding)");
  if (g.padTop < 0 || g.padLeft < 0) throw Napi::RangeError::New(info.Env(), "padding must not be negative");
  return g;
}

size_t inputSize(const ConvGeometry& g) { return static_cast<size_t>(g.n) * g.ih * g.iw * g.ci; }
size_t outputSize(const ConvGeometry& g) { return static_cast<size_t>(g.n) * g.oh * g.ow * g.co; }
size_t filterSize(const ConvGeometry& g) { return static_cast<size_t>(g.kh) * g.kw * g.ci * g.co; }

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("isa", kernels().isa);
  out.Set("threads", hemocam::ThreadPool::shared().size());
  return out;
}

// Switch instruction set (tests run every path the CPU supports in one process); returns the one now in use.
Napi::Value UseIsa(const Napi::CallbackInfo& info) {
  const std::string requested = info[0].ToString().Utf8Value();
  const hemocam::Kernels& k = hemocam::selectKernels(requested.c_str());
  if (requested != k.isa) throw Napi::Error::New(info.Env(), "this CPU or build has no " + requested + " kernels");
  active = &k;
  return Napi::String::New(info.Env(), k.isa);
}

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info, 4);
  const float* x = floats(info, 0, inputSize(g), "x");
  const float* w = floats(info, 1, filterSize(g), "filter");
  const float* bias = optionalFloats(info, 2, g.co, "bias");
  float* y = floats(info, 3, outputSize(g), "output");
  kernels().conv2d(g, x, w, bias, info[5].ToBoolean(), y);
  return info.Env().Undefined();
}

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info, 3);
  kernels().conv2dBackpropInput(g, floats(info, 0, outputSize(g), "dy"), floats(info, 1, filterSize(g), "filter"), floats(info, 2, inputSize(g), "dx"));
  return info.Env().Undefined();
}

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info, 3);
  kernels().conv2dBackpropFilter(g, floats(info, 0, inputSize(g), "x"), floats(info, 1, outputSize(g), "dy"), floats(info, 2, filterSize(g), "dw"));
  return info.Env().Undefined();
}

Napi::Value Adam(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) throw Napi::TypeError::New(info.Env(), "value must be a Float32Array");
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  const char* names[] = {"value", "gradient", "m", "v", "value out", "m out", "v out"};
  float* a[7];
  for (size_t k = 0; k < 7; ++k) a[k] = floats(info, k, n, names[k]);
  const hemocam::AdamStep s{info[7].ToNumber().FloatValue(), info[8].ToNumber().FloatValue(), info[9].ToNumber().FloatValue(), info[10].ToNumber().FloatValue(), info[11].ToNumber().FloatValue(), info[12].ToNumber().FloatValue()};
  kernels().adam(s, a[0], a[1], a[2], a[3], a[4], a[5], a[6], n);
  return info.Env().Undefined();
}

Napi::Value SumRows(const Napi::CallbackInfo& info) {
  const int64_t rows = info[1].ToNumber().Int64Value(), cols = info[2].ToNumber().Int64Value();
  if (rows <= 0 || cols <= 0) throw Napi::RangeError::New(info.Env(), "rows and cols must be positive");
  const float* x = floats(info, 0, static_cast<size_t>(rows * cols), "x");
  float* out = floats(info, 4, static_cast<size_t>(cols), "output");
  kernels().sumRows(x, rows, cols, info[3].ToNumber().FloatValue(), out);
  return info.Env().Undefined();
}

Napi::Value MaxPoolBackprop(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info, 3);
  if (g.ci != g.co) throw Napi::RangeError::New(info.Env(), "a pool keeps its channels: ci must equal co");
  kernels().maxPoolBackprop(g, floats(info, 0, inputSize(g), "x"), floats(info, 1, outputSize(g), "dy"), floats(info, 2, inputSize(g), "dx"));
  return info.Env().Undefined();
}

/** The length of a Float32Array argument (throws if it is not one). */
size_t length(const Napi::CallbackInfo& info, size_t index, const char* name) {
  const Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Float32Array");
  return value.As<Napi::Float32Array>().ElementLength();
}

/** x's rows for `channels` values per row: x's length must be a positive multiple of it. */
size_t rowsOf(const Napi::CallbackInfo& info, size_t channels) {
  const size_t size = length(info, 0, "x");
  if (channels == 0 || size == 0 || size % channels != 0)
    throw Napi::RangeError::New(info.Env(), "x has " + std::to_string(size) + " elements, not a positive multiple of its " + std::to_string(channels) + " channels");
  return size / channels;
}

// batchNorm(x, mean, variance, scale | null, offset | null, epsilon, y): the channels are mean's length.
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  const size_t channels = length(info, 1, "mean"), rows = rowsOf(info, channels);
  kernels().batchNorm(floats(info, 0, rows * channels, "x"), rows, channels, floats(info, 1, channels, "mean"), floats(info, 2, channels, "variance"), optionalFloats(info, 3, channels, "scale"),
                      optionalFloats(info, 4, channels, "offset"), info[5].ToNumber().FloatValue(), floats(info, 6, rows * channels, "y"));
  return info.Env().Undefined();
}

// moments(x, mean, variance): the channels are mean's length.
Napi::Value Moments(const Napi::CallbackInfo& info) {
  const size_t channels = length(info, 1, "mean"), rows = rowsOf(info, channels);
  kernels().moments(floats(info, 0, rows * channels, "x"), rows, channels, floats(info, 1, channels, "mean"), floats(info, 2, channels, "variance"));
  return info.Env().Undefined();
}

// batchNormBackward(x, dy, mean, variance, scale | null, epsilon, dx, dscale, doffset).
Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
  const size_t channels = length(info, 2, "mean"), rows = rowsOf(info, channels), size = rows * channels;
  kernels().batchNormBackward(floats(info, 0, size, "x"), floats(info, 1, size, "dy"), rows, channels, floats(info, 2, channels, "mean"), floats(info, 3, channels, "variance"),
                              optionalFloats(info, 4, channels, "scale"), info[5].ToNumber().FloatValue(), floats(info, 6, size, "dx"), floats(info, 7, channels, "dscale"),
                              floats(info, 8, channels, "doffset"));
  return info.Env().Undefined();
}

// Float32Arrays given as a JS array, each [rows, width_i] (width from its length); throws naming the argument.
struct RowBlocks {
  std::vector<float*> data;
  std::vector<size_t> widths;
  size_t total = 0;
};
RowBlocks rowBlocks(const Napi::CallbackInfo& info, size_t index, const char* what, int64_t rows) {
  const Napi::Env env = info.Env();
  if (!info[index].IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of Float32Arrays");
  const Napi::Array arrays = info[index].As<Napi::Array>();
  RowBlocks blocks;
  for (uint32_t i = 0; i < arrays.Length(); ++i) {
    const Napi::Value value = arrays[i];
    const std::string name = std::string(what) + "[" + std::to_string(i) + "]";
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) throw Napi::TypeError::New(env, name + " must be a Float32Array");
    Napi::Float32Array array = value.As<Napi::Float32Array>();
    if (array.ElementLength() % static_cast<size_t>(rows) != 0)
      throw Napi::RangeError::New(env, name + " has " + std::to_string(array.ElementLength()) + " elements, not a multiple of rows (" + std::to_string(rows) + ")");
    blocks.data.push_back(array.Data());
    blocks.widths.push_back(array.ElementLength() / static_cast<size_t>(rows));
    blocks.total += array.ElementLength();
  }
  return blocks;
}

int64_t positiveRows(const Napi::CallbackInfo& info, size_t index) {
  const int64_t rows = info[index].ToNumber().Int64Value();
  if (rows <= 0) throw Napi::RangeError::New(info.Env(), "rows must be positive");
  return rows;
}

void copyFloats(float* to, const float* from, size_t n) {
  if (n < 16) {
    for (size_t k = 0; k < n; ++k) to[k] = from[k];
  } else {
    std::memcpy(to, from, n * sizeof(float));
  }
}

// Copies, the same on every instruction set: tfjs-wasm's Concat and SplitV copy row by row
// from JavaScript, which costs seconds on a 512×512×32 volume split by channel (and 24 ms of a
// 350 ms U-Net train step for one skip connection's gradient).
// concatRows(inputs, rows, output): each input [rows, w_i] side by side into output [rows, Σ w_i].
Napi::Value ConcatRows(const Napi::CallbackInfo& info) {
  const int64_t rows = positiveRows(info, 1);
  const RowBlocks in = rowBlocks(info, 0, "inputs", rows);
  float* out = floats(info, 2, in.total, "output");
  for (int64_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < in.data.size(); ++i) {
      copyFloats(out, in.data[i] + static_cast<size_t>(r) * in.widths[i], in.widths[i]);
      out += in.widths[i];
    }
  }
  return info.Env().Undefined();
}

// splitRows(input, rows, outputs): input [rows, Σ w_i] cut into outputs [rows, w_i], the inverse of concatRows.
Napi::Value SplitRows(const Napi::CallbackInfo& info) {
  const int64_t rows = positiveRows(info, 1);
  const RowBlocks out = rowBlocks(info, 2, "outputs", rows);
  const float* in = floats(info, 0, out.total, "input");
  for (int64_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < out.data.size(); ++i) {
      copyFloats(out.data[i] + static_cast<size_t>(r) * out.widths[i], in, out.widths[i]);
      in += out.widths[i];
    }
  }
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("useIsa", Napi::Function::New(env, UseIsa));
  exports.Set("conv2d", Napi::Function::New(env, Conv2d));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("sumRows", Napi::Function::New(env, SumRows));
  exports.Set("maxPoolBackprop", Napi::Function::New(env, MaxPoolBackprop));
  exports.Set("concatRows", Napi::Function::New(env, ConcatRows));
  exports.Set("splitRows", Napi::Function::New(env, SplitRows));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("moments", Napi::Function::New(env, Moments));
  exports.Set("batchNormBackward", Napi::Function::New(env, BatchNormBackward));
  return exports;
}

}  // namespace

NODE_API_MODULE(hemocam_native, Init)
