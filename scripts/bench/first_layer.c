/* LeNet-5's first layer (1→6 channels, 5×5, 28×28 images, batch 60) trained one step (forward and
   backward, no input gradient) by the dense direct kernel (conv1.c) and by the sparse one
   (sparse_conv1.c) at a range of densities: µs per step, best of 7 alternating repetitions of
   50 steps. Built and run by scripts/bench-first-layer; the kernels are the package's own
   sources, compiled with its flags. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ckernels.h"
#include "parallel.h"
#include "sparse.h"
#include "sparse_conv.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A uniform float in [−0.5, 0.5) from a linear congruential state. */
static float uniform(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)(*state >> 8) / 16777216.0f - 0.5f;
}

static float *floats(size_t count) {
  return aligned_alloc(64, sizeof(float) * ((count + 15) & ~(size_t)15));
}

int main(int argc, char **argv) {
  const int threads = argc > 1 ? atoi(argv[1]) : 1;
  tb_set_threads(threads);
  if (argc > 2) tb_sparse_limit_simd_level(atoi(argv[2])); /* 1 baseline, 2 AVX2, 3 AVX-512 */
  enum { n = 60, h = 28, wd = 28, kh = 5, kw = 5, cout = 6, oh = 24, ow = 24, taps = 25 };
  const size_t outputs = (size_t)n * oh * ow * cout;
  unsigned state = 1;
  float *x = floats((size_t)n * h * wd), *w = floats(cout * taps), *bias = floats(cout);
  float *y = floats(outputs), *g = floats(outputs), *dw = floats(cout * taps), *db = floats(cout);
  for (size_t i = 0; i < (size_t)n * h * wd; i++) x[i] = uniform(&state);
  for (size_t i = 0; i < outputs; i++) g[i] = uniform(&state);
  for (int o = 0; o < cout; o++) bias[o] = uniform(&state);
  float *dense_scratch = floats(tb_conv1_backward_scratch(n, h, wd, kh, kw, cout));
  float *sparse_scratch = floats(tb_sparse_conv1_scratch_count(n, kh, kw, cout));
  const double densities[] = {1.0, 0.5, 0.3, 0.2, 0.1, 0.05, 0.01};
  printf("threads %d, SIMD level %d: µs per step (forward and backward), best of 7\n", threads,
         tb_sparse_simd_level());
  printf("%8s %5s %8s %8s %8s\n", "density", "kept", "dense", "sparse", "ratio");
  for (size_t d = 0; d < sizeof densities / sizeof *densities; d++) {
    int64_t row_start[cout + 1];
    int32_t column[cout * taps], kept[cout * taps];
    size_t count = 0;
    unsigned pick = 7;
    for (int o = 0; o < cout; o++) {
      row_start[o] = (int64_t)count;
      for (int t = 0; t < taps; t++) {
        w[o * taps + t] = 0.0f;
        if (uniform(&pick) + 0.5f < densities[d]) {
          column[count] = t;
          kept[count] = o * taps + t;
          w[o * taps + t] = uniform(&state);
          count++;
        }
      }
    }
    row_start[cout] = (int64_t)count;
    const tb_mask_pattern p = {.row_start = row_start, .column = column, .kept = kept,
                               .rows = cout, .columns = taps, .count = count};
    double dense = 1e30, sparse = 1e30;
    for (int rep = 0; rep < 7; rep++) {
      double t0 = now();
      for (int r = 0; r < 50; r++) {
        tb_conv1_forward(x, w, bias, y, n, h, wd, kh, kw, cout);
        tb_conv1_backward(x, g, w, dw, db, NULL, dense_scratch, n, h, wd, kh, kw, cout);
      }
      double t1 = now();
      if ((t1 - t0) / 50 < dense) dense = (t1 - t0) / 50;
      t0 = now();
      for (int r = 0; r < 50; r++) {
        tb_sparse_conv1_forward(p, w, bias, x, y, n, h, wd, kh, kw, sparse_scratch);
        tb_sparse_conv1_backward(p, w, x, g, dw, db, NULL, n, h, wd, kh, kw, sparse_scratch);
      }
      t1 = now();
      if ((t1 - t0) / 50 < sparse) sparse = (t1 - t0) / 50;
    }
    printf("%8.2f %5zu %8.0f %8.0f %7.2fx\n", densities[d], count, dense * 1e6, sparse * 1e6,
           dense / sparse);
  }
  return 0;
}
