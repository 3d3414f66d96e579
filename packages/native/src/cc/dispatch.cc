#include <cstring>

#include "kernels.h"

namespace hemocam {

namespace {
bool supports(const char* isa) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (!std::strcmp(isa, "avx512")) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!std::strcmp(isa, "avx2")) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return !std::strcmp(isa, "portable");
}
}  // namespace

const Kernels& selectKernels(const char* requested) {
#if defined(__x86_64__)
  const Kernels* all[] = {&avx512::kernels, &avx2::kernels, &portable::kernels};
#else
  const Kernels* all[] = {&portable::kernels};
#endif
  for (const Kernels* k : all)
    if ((!requested || !*requested || !std::strcmp(requested, k->isa)) && supports(k->isa)) return *k;
  return portable::kernels;
}

}  // namespace hemocam
