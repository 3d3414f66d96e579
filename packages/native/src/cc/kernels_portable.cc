#define HEMOCAM_NS portable
#define HEMOCAM_ISA "portable"
#define HEMOCAM_VW 4
#include "kernels.inc"
