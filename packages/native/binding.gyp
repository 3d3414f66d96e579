{
  "variables": { "common_cflags": ["-O3", "-fno-math-errno", "-ffp-contract=fast", "-std=c++17"] },
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
    "cflags_cc": ["<@(common_cflags)", "-fexceptions"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"]
  },
  "targets": [
    {
      "target_name": "hemocam_native",
      "sources": ["src/cc/addon.cc", "src/cc/dispatch.cc", "src/cc/threadPool.cc", "src/cc/kernels_portable.cc"],
      "conditions": [
        ["target_arch == 'x64'", { "dependencies": ["kernels_avx2", "kernels_avx512"] }],
        ["OS == 'linux'", { "libraries": ["-pthread"] }]
      ]
    },
    {
      "target_name": "kernels_avx2",
      "type": "static_library",
      "sources": ["src/cc/kernels_avx2.cc"],
      "cflags_cc": ["-mavx2", "-mfma"],
      "cflags": ["-fPIC"]
    },
    {
      "target_name": "kernels_avx512",
      "type": "static_library",
      "sources": ["src/cc/kernels_avx512.cc"],
      "cflags_cc": ["-mavx512f", "-mavx512vl", "-mavx2", "-mfma", "-mprefer-vector-width=512"],
      "cflags": ["-fPIC"]
    }
  ]
}
