#include "sparse_train.h"

#include "parallel.h"
#include "sparse.h"

/* Training kernels for masked fully connected layers: the forward product, both gradients and
   the optimiser steps computed from the kept weights only.

   The weights stay in the dense [rows, columns] tensor (pruned ones exactly zero); a
   tb_mask_pattern lists where the kept ones are. Products work on blocks of B samples
   transposed to [features, B], so one kept weight scales a contiguous vector of B samples
   (sparse.c's inference kernel does the same). Each body is written once as an always-inline
   function and compiled for AVX-512, AVX2+FMA and baseline x86-64, chosen by
   tb_sparse_simd_level() (so tests can force each level). Within a level the sum order of every
   result is fixed by the shapes and the pattern, never by the thread count. */

#include "sparse_common.h"


/* ---- Optimiser steps over the kept elements ------------------------------------------------
   The arithmetic of tb_adam_step_masked / tb_sgd_step_masked with keep = 1, without
   contraction (the target is built with -ffp-contract=off), so the kept elements get the same
   bits as the dense masked step; square root and division are exact in every instruction set. */

// m ← β₁m + (1−β₁)g';  v ← β₂v + (1−β₂)g'²;  w ← w − step·m/(√v·c + ε),  g' = g + λw, at kept i
TB_INLINE void tb_adam_kept_body(float *restrict w, const float *restrict g, float *restrict m,
                                 float *restrict v, const int32_t *restrict kept, size_t a,
                                 size_t b, float b1, float b2, float step, float inv_sqrt_bias2,
                                 float eps, float wd) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t k = a; k < b; k++) {
    const int32_t i = kept[k];
    const float gi = g[i] + wd * w[i];
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i] - step * mi / (__builtin_sqrtf(vi) * inv_sqrt_bias2 + eps);
  }
}

#if TB_X86
/* Sixteen kept elements at a time: scalar loads into a vector (AVX-512 gathers and scatters are
   slower than plain moves on some CPUs), the update in vector registers with every lane doing
   the scalar body's operations in the same order, and scalar stores back. */
TB_AVX512 static void tb_adam_kept_avx512(float *restrict w, const float *restrict g,
                                          float *restrict m, float *restrict v,
                                          const int32_t *restrict kept, size_t a, size_t b,
                                          float b1, float b2, float step, float inv_sqrt_bias2,
                                          float eps, float wd) {
  const __m512 vb1 = _mm512_set1_ps(b1), vb2 = _mm512_set1_ps(b2);
  const __m512 vc1 = _mm512_set1_ps(1.0f - b1), vc2 = _mm512_set1_ps(1.0f - b2);
  const __m512 vstep = _mm512_set1_ps(step), vinv = _mm512_set1_ps(inv_sqrt_bias2);
  const __m512 veps = _mm512_set1_ps(eps), vwd = _mm512_set1_ps(wd);
  size_t k = a;
  for (; k + 16 <= b; k += 16) {
    float wb[16], gb[16], mb[16], vb[16];
#pragma clang loop vectorize(disable)
    for (int j = 0; j < 16; j++) {
      const int32_t i = kept[k + j];
      wb[j] = w[i];
      gb[j] = g[i];
      mb[j] = m[i];
      vb[j] = v[i];
    }
    const __m512 wi = _mm512_loadu_ps(wb);
    const __m512 gi = _mm512_add_ps(_mm512_loadu_ps(gb), _mm512_mul_ps(vwd, wi));
    const __m512 mi = _mm512_add_ps(_mm512_mul_ps(vb1, _mm512_loadu_ps(mb)), _mm512_mul_ps(vc1, gi));
    const __m512 vi = _mm512_add_ps(_mm512_mul_ps(vb2, _mm512_loadu_ps(vb)),
                                    _mm512_mul_ps(_mm512_mul_ps(vc2, gi), gi));
    const __m512 denominator = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(vi), vinv), veps);
    _mm512_storeu_ps(wb, _mm512_sub_ps(wi, _mm512_div_ps(_mm512_mul_ps(vstep, mi), denominator)));
    _mm512_storeu_ps(mb, mi);
    _mm512_storeu_ps(vb, vi);
#pragma clang loop vectorize(disable)
    for (int j = 0; j < 16; j++) {
      const int32_t i = kept[k + j];
      w[i] = wb[j];
      m[i] = mb[j];
      v[i] = vb[j];
    }
  }
  tb_adam_kept_body(w, g, m, v, kept, k, b, b1, b2, step, inv_sqrt_bias2, eps, wd);
}

TB_AVX2 static void tb_adam_kept_avx2(float *restrict w, const float *restrict g,
                                      float *restrict m, float *restrict v,
                                      const int32_t *restrict kept, size_t a, size_t b, float b1,
                                      float b2, float step, float inv_sqrt_bias2, float eps,
                                      float wd) {
  tb_adam_kept_body(w, g, m, v, kept, a, b, b1, b2, step, inv_sqrt_bias2, eps, wd);
}
#endif

static void tb_adam_kept_default(float *restrict w, const float *restrict g, float *restrict m,
                                 float *restrict v, const int32_t *restrict kept, size_t a,
                                 size_t b, float b1, float b2, float step, float inv_sqrt_bias2,
                                 float eps, float wd) {
  tb_adam_kept_body(w, g, m, v, kept, a, b, b1, b2, step, inv_sqrt_bias2, eps, wd);
}

// v ← μv + g + λw;  w ← w − lr·v  (Nesterov: w ← w − lr·(g + λw + μv)), at kept i
TB_INLINE void tb_sgd_kept_body(float *restrict w, const float *restrict g, float *restrict vel,
                                const int32_t *restrict kept, size_t a, size_t b, float lr,
                                float mu, int nesterov, float wd) {
  if (mu == 0.0f) {
    for (size_t k = a; k < b; k++) {
      const int32_t i = kept[k];
      const float gi = g[i] + wd * w[i];
      w[i] = w[i] - lr * gi;
    }
  } else {
    for (size_t k = a; k < b; k++) {
      const int32_t i = kept[k];
      const float gi = g[i] + wd * w[i];
      const float vi = mu * vel[i] + gi;
      vel[i] = vi;
      w[i] = w[i] - lr * (nesterov ? gi + mu * vi : vi);
    }
  }
}

#if TB_X86
TB_AVX512 static void tb_sgd_kept_avx512(float *restrict w, const float *restrict g,
                                         float *restrict vel, const int32_t *restrict kept,
                                         size_t a, size_t b, float lr, float mu, int nesterov,
                                         float wd) {
  tb_sgd_kept_body(w, g, vel, kept, a, b, lr, mu, nesterov, wd);
}

TB_AVX2 static void tb_sgd_kept_avx2(float *restrict w, const float *restrict g,
                                     float *restrict vel, const int32_t *restrict kept, size_t a,
                                     size_t b, float lr, float mu, int nesterov, float wd) {
  tb_sgd_kept_body(w, g, vel, kept, a, b, lr, mu, nesterov, wd);
}
#endif

static void tb_sgd_kept_default(float *restrict w, const float *restrict g, float *restrict vel,
                                const int32_t *restrict kept, size_t a, size_t b, float lr,
                                float mu, int nesterov, float wd) {
  tb_sgd_kept_body(w, g, vel, kept, a, b, lr, mu, nesterov, wd);
}

typedef struct {
  float *w, *m, *v;
  const float *g;
  const int32_t *kept;
  size_t count;
  int parts, adam, nesterov, level;
  float b1, b2, step, inv_sqrt_bias2, eps, wd, lr, mu;
} tb_kept_job;

static void tb_kept_part(void *ctx, int part) {
  const tb_kept_job *j = ctx;
  const size_t a = j->count * (size_t)part / (size_t)j->parts;
  const size_t b = j->count * (size_t)(part + 1) / (size_t)j->parts;
  if (j->adam) {
#if TB_X86
    if (j->level == tb_level_avx512) {
      tb_adam_kept_avx512(j->w, j->g, j->m, j->v, j->kept, a, b, j->b1, j->b2, j->step,
                          j->inv_sqrt_bias2, j->eps, j->wd);
      return;
    }
    if (j->level == tb_level_avx2) {
      tb_adam_kept_avx2(j->w, j->g, j->m, j->v, j->kept, a, b, j->b1, j->b2, j->step,
                        j->inv_sqrt_bias2, j->eps, j->wd);
      return;
    }
#endif
    tb_adam_kept_default(j->w, j->g, j->m, j->v, j->kept, a, b, j->b1, j->b2, j->step,
                         j->inv_sqrt_bias2, j->eps, j->wd);
  } else {
#if TB_X86
    if (j->level == tb_level_avx512) {
      tb_sgd_kept_avx512(j->w, j->g, j->v, j->kept, a, b, j->lr, j->mu, j->nesterov, j->wd);
      return;
    }
    if (j->level == tb_level_avx2) {
      tb_sgd_kept_avx2(j->w, j->g, j->v, j->kept, a, b, j->lr, j->mu, j->nesterov, j->wd);
      return;
    }
#endif
    tb_sgd_kept_default(j->w, j->g, j->v, j->kept, a, b, j->lr, j->mu, j->nesterov, j->wd);
  }
}

/* Every element is updated on its own, so any split gives the same bits; lists are cut into
   parts of at least 4K elements (each visits four arrays by index, so even 12K elements, a
   LeNet-300-100 layer at 5% density, are worth two threads). */
static void tb_run_kept(tb_kept_job *job) {
  const size_t parts = job->count / 4096;
  job->parts = parts < 1 ? 1 : parts > 8 ? 8 : (int)parts;
  job->level = tb_sparse_simd_level();
  if (job->parts == 1) tb_kept_part(job, 0);
  else tb_parallel(tb_kept_part, job, job->parts);
}

void tb_adam_step_kept(float *restrict w, const float *restrict g, float *restrict m,
                       float *restrict v, const int32_t *restrict kept, size_t count, float b1,
                       float b2, float step, float inv_sqrt_bias2, float eps, float wd) {
  tb_kept_job job = {.w = w, .g = g, .m = m, .v = v, .kept = kept, .count = count, .adam = 1,
                     .b1 = b1, .b2 = b2, .step = step, .inv_sqrt_bias2 = inv_sqrt_bias2,
                     .eps = eps, .wd = wd};
  tb_run_kept(&job);
}

void tb_sgd_step_kept(float *restrict w, const float *restrict g, float *restrict vel,
                      const int32_t *restrict kept, size_t count, float lr, float mu,
                      int nesterov, float wd) {
  tb_kept_job job = {.w = w, .g = g, .v = vel, .kept = kept, .count = count, .adam = 0,
                     .lr = lr, .mu = mu, .nesterov = nesterov, .wd = wd};
  tb_run_kept(&job);
}

/* ---- Products ------------------------------------------------------------------------------
   From here on multiply and add may fuse: these sums have their own order anyway. */
#pragma clang fp contract(fast)

/* The samples per transposed block: 16, 32 or 64, the narrowest that holds a batch of n (64
   for larger batches, which take several blocks). */
static size_t tb_block_width(size_t n) { return n <= 16 ? 16 : n <= 32 ? 32 : 64; }

static size_t tb_blocks(size_t n, size_t width) { return (n + width - 1) / width; }

size_t tb_masked_scratch_count(size_t rows, size_t columns, size_t n) {
  const size_t width = tb_block_width(n);
  /* Input blocks [columns, B], output or gradient blocks [rows, B], input-gradient blocks. */
  return tb_blocks(n, width) * width * (2 * columns + rows);
}

/* Block `block` of the n samples of a [n, features] matrix, transposed into dst
   [features, width]; lanes past the batch's end are zeroed, so dot products over all lanes are
   the dot products over the samples. */
TB_INLINE void tb_transpose_block(const float *restrict src, size_t features, size_t n,
                                  size_t block, size_t width, float *restrict dst) {
  const size_t first = block * width;
  const size_t count = n - first < width ? n - first : width;
  tb_transpose(src + first * features, features, dst, width, count, features);
  if (count < width)
    for (size_t f = 0; f < features; f++)
      for (size_t j = count; j < width; j++) dst[f * width + j] = 0.0f;
}

/* out[i] = init[i] + Σ_{k ∈ start[i] ..< start[i+1]} w[flat[k]]·in[index[k]] for i in [i0, i1),
   where in and out are [·, B] blocks: one lane per sample, each lane summed in ascending k. */
TB_INLINE void tb_gather_rows(const int64_t *restrict start, const int32_t *restrict index,
                              const int32_t *restrict flat, const float *restrict w,
                              const float *restrict in, const float *restrict init, int relu,
                              float *restrict out, size_t i0, size_t i1, const int B) {
  const float *restrict xt = __builtin_assume_aligned(in, 64);
  float *restrict yt = __builtin_assume_aligned(out, 64);
  for (size_t i = i0; i < i1; i++) {
    float acc[64];
    const float b = init ? init[i] : 0.0f;
    for (int j = 0; j < B; j++) acc[j] = b;
    for (int64_t k = start[i]; k < start[i + 1]; k++) {
      const float wk = w[flat[k]];
      const float *restrict xr = xt + (size_t)index[k] * B;
      for (int j = 0; j < B; j++) acc[j] += wk * xr[j];
    }
    if (relu)
      for (int j = 0; j < B; j++) yt[i * B + j] = acc[j] > 0.0f ? acc[j] : 0.0f;
    else
      for (int j = 0; j < B; j++) yt[i * B + j] = acc[j];
  }
}

typedef float tb_v16 __attribute__((vector_size(64), aligned(64)));
typedef float tb_v8u __attribute__((vector_size(32)));
typedef float tb_v4u __attribute__((vector_size(16)));

/* Σ_j a[j]·b[j] over B lanes (64-byte aligned blocks): sixteen lane sums over the B/16
   vectors, then a fixed halving tree. The same order at every vector width. */
TB_INLINE float tb_dot(const float *restrict a, const float *restrict b, const int B) {
  tb_v16 s = *(const tb_v16 *)a * *(const tb_v16 *)b;
  for (int q = 16; q < B; q += 16) s += *(const tb_v16 *)(a + q) * *(const tb_v16 *)(b + q);
  const tb_v8u h = __builtin_shufflevector(s, s, 0, 1, 2, 3, 4, 5, 6, 7) +
                   __builtin_shufflevector(s, s, 8, 9, 10, 11, 12, 13, 14, 15);
  const tb_v4u f = __builtin_shufflevector(h, h, 0, 1, 2, 3) +
                   __builtin_shufflevector(h, h, 4, 5, 6, 7);
  return (f[0] + f[2]) + (f[1] + f[3]);
}

// dW = gᵀ·x at kept (i, j): rows [r0, r1), summing the blocks in order
TB_INLINE void tb_weight_gradient_rows(tb_mask_pattern p, const float *restrict gt,
                                       const float *restrict xt, size_t blocks,
                                       float *restrict dw, size_t r0, size_t r1, const int B) {
  const size_t gstride = p.rows * B, xstride = p.columns * B;
  for (size_t r = r0; r < r1; r++) {
    const float *restrict gr = gt + r * B;
    for (int64_t k = p.row_start[r]; k < p.row_start[r + 1]; k++) {
      const float *restrict xc = xt + (size_t)p.column[k] * B;
      float s = tb_dot(gr, xc, B);
      for (size_t blk = 1; blk < blocks; blk++)
        s += tb_dot(gr + blk * gstride, xc + blk * xstride, B);
      dw[p.kept[k]] = s;
    }
  }
}

/* What one parallel call computes: the pattern, the operands, the scratch regions and the
   parts (rows or columns cut where the kept counts balance). */
typedef struct {
  tb_mask_pattern p;
  const float *w, *bias, *x, *g;
  float *y, *dw, *dx;
  float *xt, *yt, *dxt; /* [blocks][columns][B], [blocks][rows][B], [blocks][columns][B] */
  size_t n, B, blocks;
  int relu, row_parts, column_parts;
} tb_masked_job;

/* The first index of part `part` of `parts` over [0, length) cut so the kept counts (start[])
   balance: the smallest i with start[i] ≥ part·total/parts. */
static size_t tb_cut(const int64_t *start, size_t length, int part, int parts) {
  if (part <= 0) return 0;
  if (part >= parts) return length;
  const int64_t target = start[length] * part / parts;
  size_t lo = 0, hi = length;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (start[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Parts for `work` multiply-adds, one per `per_part`, at most 8: a function of the shapes and
   the pattern, never of the thread count. Every part of the forward pass reads the whole
   transposed input, which the caller wrote, so a forward part must be large to pay for moving
   it between cores (measured: LeNet-300-100's first layer at batch 60 gains nothing from two
   parts at 20% density and loses at 5%); the gradients pay from about 256K. */
static int tb_parts_for(size_t work, size_t per_part, size_t length) {
  size_t parts = work / per_part;
  if (parts > 8) parts = 8;
  if (parts > length) parts = length;
  return parts < 1 ? 1 : (int)parts;
}

#define TB_WIDTHS(call, B)                                                                      \
  switch (B) {                                                                                  \
  case 16: call(16); break;                                                                     \
  case 32: call(32); break;                                                                     \
  default: call(64); break;                                                                     \
  }

// y = x·Wᵀ + b over kept W: rows [r0, r1) of every block, then transposed into y
TB_INLINE void tb_forward_part(const tb_masked_job *j, int part, const int B) {
  const size_t r0 = tb_cut(j->p.row_start, j->p.rows, part, j->row_parts);
  const size_t r1 = tb_cut(j->p.row_start, j->p.rows, part + 1, j->row_parts);
  for (size_t blk = 0; blk < j->blocks; blk++) {
    const float *xt = j->xt + blk * j->p.columns * B;
    float *yt = j->yt + blk * j->p.rows * B;
    tb_gather_rows(j->p.row_start, j->p.column, j->p.kept, j->w, xt, j->bias, j->relu, yt, r0,
                   r1, B);
    const size_t first = blk * B;
    const size_t count = j->n - first < (size_t)B ? j->n - first : (size_t)B;
    tb_transpose(yt + r0 * B, B, j->y + first * j->p.rows + r0, j->p.rows, r1 - r0, count);
  }
}

// dW = gᵀ·x at kept (parts < row_parts);  dx = g·W through kept W (the other parts)
TB_INLINE void tb_backward_part(const tb_masked_job *j, int part, const int B) {
  if (part < j->row_parts) {
    const size_t r0 = tb_cut(j->p.row_start, j->p.rows, part, j->row_parts);
    const size_t r1 = tb_cut(j->p.row_start, j->p.rows, part + 1, j->row_parts);
    tb_weight_gradient_rows(j->p, j->yt, j->xt, j->blocks, j->dw, r0, r1, B);
    return;
  }
  part -= j->row_parts;
  const size_t c0 = tb_cut(j->p.column_start, j->p.columns, part, j->column_parts);
  const size_t c1 = tb_cut(j->p.column_start, j->p.columns, part + 1, j->column_parts);
  for (size_t blk = 0; blk < j->blocks; blk++) {
    const float *gt = j->yt + blk * j->p.rows * B;
    float *dxt = j->dxt + blk * j->p.columns * B;
    tb_gather_rows(j->p.column_start, j->p.row, j->p.column_kept, j->w, gt, 0, 0, dxt, c0, c1,
                   B);
    const size_t first = blk * B;
    const size_t count = j->n - first < (size_t)B ? j->n - first : (size_t)B;
    tb_transpose(dxt + c0 * B, B, j->dx + first * j->p.columns + c0, j->p.columns, c1 - c0,
                 count);
  }
}

/* Transposes block `blk` of the input (phase `x`) or of the output gradient. */
TB_INLINE void tb_transpose_part(const tb_masked_job *j, int blk, int input, const int B) {
  if (input)
    tb_transpose_block(j->x, j->p.columns, j->n, blk, B, j->xt + blk * j->p.columns * B);
  else
    tb_transpose_block(j->g, j->p.rows, j->n, blk, B, j->yt + blk * j->p.rows * B);
}

/* Instantiates the parts for one instruction set level. */
#define TB_LEVEL(suffix, attribute)                                                             \
  attribute static void tb_forward_##suffix(void *ctx, int part) {                              \
    const tb_masked_job *j = ctx;                                                               \
    TB_WIDTHS(TB_FORWARD_CALL, j->B)                                                            \
  }                                                                                             \
  attribute static void tb_backward_##suffix(void *ctx, int part) {                             \
    const tb_masked_job *j = ctx;                                                               \
    TB_WIDTHS(TB_BACKWARD_CALL, j->B)                                                           \
  }                                                                                             \
  attribute static void tb_transpose_x_##suffix(void *ctx, int blk) {                           \
    const tb_masked_job *j = ctx;                                                               \
    TB_WIDTHS(TB_TRANSPOSE_X_CALL, j->B)                                                        \
  }                                                                                             \
  attribute static void tb_transpose_g_##suffix(void *ctx, int blk) {                           \
    const tb_masked_job *j = ctx;                                                               \
    TB_WIDTHS(TB_TRANSPOSE_G_CALL, j->B)                                                        \
  }
#define TB_FORWARD_CALL(B) tb_forward_part(j, part, B)
#define TB_BACKWARD_CALL(B) tb_backward_part(j, part, B)
#define TB_TRANSPOSE_X_CALL(B) tb_transpose_part(j, blk, 1, B)
#define TB_TRANSPOSE_G_CALL(B) tb_transpose_part(j, blk, 0, B)

TB_LEVEL(default, )
#if TB_X86
TB_LEVEL(avx2, TB_AVX2)
TB_LEVEL(avx512, TB_AVX512)
#endif

typedef struct {
  tb_part_fn forward, backward, transpose_x, transpose_g;
} tb_level_functions;

static tb_level_functions tb_functions(void) {
#if TB_X86
  switch (tb_sparse_simd_level()) {
  case tb_level_avx512:
    return (tb_level_functions){tb_forward_avx512, tb_backward_avx512, tb_transpose_x_avx512,
                                tb_transpose_g_avx512};
  case tb_level_avx2:
    return (tb_level_functions){tb_forward_avx2, tb_backward_avx2, tb_transpose_x_avx2,
                                tb_transpose_g_avx2};
  default: break;
  }
#endif
  return (tb_level_functions){tb_forward_default, tb_backward_default, tb_transpose_x_default,
                              tb_transpose_g_default};
}

/* Runs fn over `parts` parts: on the caller's thread when there is one. */
static void tb_run(tb_part_fn fn, tb_masked_job *job, int parts) {
  if (parts == 1) fn(job, 0);
  else tb_parallel(fn, job, parts);
}

static tb_masked_job tb_job(tb_mask_pattern p, size_t n, float *scratch) {
  tb_masked_job job = {.p = p, .n = n};
  job.B = tb_block_width(n);
  job.blocks = tb_blocks(n, job.B);
  job.xt = scratch;
  job.yt = job.xt + job.blocks * job.B * p.columns;
  job.dxt = job.yt + job.blocks * job.B * p.rows;
  return job;
}

void tb_masked_forward(tb_mask_pattern p, const float *restrict w, const float *restrict bias,
                       const float *restrict x, float *restrict y, size_t n, int relu,
                       float *restrict scratch) {
  if (n == 0) return;
  tb_masked_job job = tb_job(p, n, scratch);
  job.w = w;
  job.bias = bias;
  job.x = x;
  job.y = y;
  job.relu = relu;
  const tb_level_functions f = tb_functions();
  tb_run(f.transpose_x, &job, (int)job.blocks);
  job.row_parts = tb_parts_for(p.count * n, 1 << 21, p.rows);
  tb_run(f.forward, &job, job.row_parts);
}

void tb_masked_backward(tb_mask_pattern p, const float *restrict w, const float *restrict g,
                        float *restrict dw, float *restrict dx, size_t n,
                        float *restrict scratch) {
  if (n == 0) return;
  tb_masked_job job = tb_job(p, n, scratch);
  job.w = w;
  job.g = g;
  job.dw = dw;
  job.dx = dx;
  const tb_level_functions f = tb_functions();
  tb_run(f.transpose_g, &job, (int)job.blocks);
  job.row_parts = tb_parts_for(p.count * n, 1 << 18, p.rows);
  job.column_parts = dx ? tb_parts_for(p.count * n, 1 << 18, p.columns) : 0;
  tb_run(f.backward, &job, job.row_parts + job.column_parts);
}
