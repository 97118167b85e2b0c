/* Every public header of the engine's C kernels: the umbrella of module.modulemap. A new header
   must be listed here. */
#include "ckernels.h"
#include "parallel.h"
#include "process.h"
#include "sparse.h"
#include "sparse_conv.h"
#include "sparse_train.h"
#include "supermask.h"
