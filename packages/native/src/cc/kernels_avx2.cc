#define HEMOCAM_NS avx2
#define HEMOCAM_ISA "avx2"
#define HEMOCAM_VW 8
#include "kernels.inc"
