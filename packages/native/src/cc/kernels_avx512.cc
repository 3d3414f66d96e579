#define HEMOCAM_NS avx512
#define HEMOCAM_ISA "avx512"
#define HEMOCAM_VW 16
#include "kernels.inc"
