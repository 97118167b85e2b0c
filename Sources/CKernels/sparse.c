#include "sparse.h"

/* Sparse × dense products for inference with pruned fully connected layers.

   Each kernel body is written once as an always-inline function and compiled for AVX-512,
   AVX2+FMA and baseline x86-64; the entry point picks one from CPUID on first use. (The
   `target_clones("avx2,fma")` spelling makes separate avx2 and fma clones, so neither gets
   both; explicit targets avoid that.) The target is built with -ffp-contract=off; these loops
   may fuse multiply and add, since their sum order differs from sgemm's anyway. */
#pragma clang fp contract(fast)

#include "sparse_common.h"


static int tb_cpu_level(void);
static int tb_level_limit = 0; /* 0: no limit */

int tb_sparse_simd_level(void) {
  int best = tb_cpu_level();
  int limit = __atomic_load_n(&tb_level_limit, __ATOMIC_RELAXED);
  return limit > 0 && limit < best ? limit : best;
}

void tb_sparse_limit_simd_level(int level) {
  __atomic_store_n(&tb_level_limit, level, __ATOMIC_RELAXED);
}

/* The best instruction set level of this CPU, computed once. */
static int tb_cpu_level(void) {
#if TB_X86
  static int cached = 0;
  int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (level == 0) {
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
    level = avx512 ? tb_level_avx512 : avx2 ? tb_level_avx2 : tb_level_default;
    __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
  }
  return level;
#else
  return tb_level_default;
#endif
}

/* ---- one sample at a time: SELL-16, a slice of rows per SIMD accumulator ---- */

TB_INLINE void tb_slice_store(tb_sliced_rows m, size_t s, const float *acc, float *restrict y) {
  for (int j = 0; j < TB_SLICE; j++) {
    const int32_t r = m.row[s * TB_SLICE + j];
    if (r >= 0) y[r] = acc[j] + m.bias[s * TB_SLICE + j];
  }
}

static void tb_spmv_default(tb_sliced_rows m, const float *restrict x, float *restrict y,
                            size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float *restrict xs = x + i * m.columns;
    float *restrict ys = y + i * m.rows;
    for (size_t s = 0; s < m.slices; s++) {
      const int32_t *restrict c = m.column + m.offset[s];
      const float *restrict v = m.value + m.offset[s];
      float acc[TB_SLICE] = {0};
      for (int32_t t = 0; t < m.width[s]; t++)
        for (int j = 0; j < TB_SLICE; j++) acc[j] += v[t * TB_SLICE + j] * xs[c[t * TB_SLICE + j]];
      tb_slice_store(m, s, acc, ys);
    }
  }
}

#if TB_X86
/* The two halves of a slice go to two accumulators, which also hides the FMA latency. */
TB_AVX2 static void tb_spmv_avx2(tb_sliced_rows m, const float *restrict x, float *restrict y,
                                 size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float *restrict xs = x + i * m.columns;
    float *restrict ys = y + i * m.rows;
    for (size_t s = 0; s < m.slices; s++) {
      const int32_t *restrict c = m.column + m.offset[s];
      const float *restrict v = m.value + m.offset[s];
      __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
      for (int32_t t = 0; t < m.width[s]; t++) {
        const int32_t *restrict ct = c + t * TB_SLICE;
        const float *restrict vt = v + t * TB_SLICE;
        const __m256i c0 = _mm256_loadu_si256((const __m256i *)ct);
        const __m256i c1 = _mm256_loadu_si256((const __m256i *)(ct + 8));
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(vt), _mm256_i32gather_ps(xs, c0, 4), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(vt + 8), _mm256_i32gather_ps(xs, c1, 4), a1);
      }
      float acc[TB_SLICE];
      _mm256_storeu_ps(acc, a0);
      _mm256_storeu_ps(acc + 8, a1);
      tb_slice_store(m, s, acc, ys);
    }
  }
}

/* One 16-wide gather per slot row; two accumulators hide the FMA latency. */
TB_AVX512 static void tb_spmv_avx512(tb_sliced_rows m, const float *restrict x,
                                     float *restrict y, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float *restrict xs = x + i * m.columns;
    float *restrict ys = y + i * m.rows;
    for (size_t s = 0; s < m.slices; s++) {
      const int32_t *restrict c = m.column + m.offset[s];
      const float *restrict v = m.value + m.offset[s];
      const int32_t w = m.width[s];
      __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
      int32_t t = 0;
      for (; t + 2 <= w; t += 2) {
        const int32_t *restrict ct = c + t * TB_SLICE;
        const float *restrict vt = v + t * TB_SLICE;
        const __m512i c0 = _mm512_loadu_si512(ct);
        const __m512i c1 = _mm512_loadu_si512(ct + TB_SLICE);
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps(vt), _mm512_i32gather_ps(c0, xs, 4), a0);
        a1 = _mm512_fmadd_ps(_mm512_loadu_ps(vt + TB_SLICE), _mm512_i32gather_ps(c1, xs, 4), a1);
      }
      if (t < w) {
        const __m512i c0 = _mm512_loadu_si512(c + t * TB_SLICE);
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps(v + t * TB_SLICE), _mm512_i32gather_ps(c0, xs, 4),
                             a0);
      }
      /* Scatter the slice's sums (plus bias) to their rows; padding lanes have row -1. */
      const __m512i rows = _mm512_loadu_si512(m.row + s * TB_SLICE);
      const __mmask16 live = _mm512_cmpge_epi32_mask(rows, _mm512_setzero_si512());
      const __m512 sums = _mm512_add_ps(_mm512_add_ps(a0, a1),
                                        _mm512_loadu_ps(m.bias + s * TB_SLICE));
      _mm512_mask_i32scatter_ps(ys, live, rows, sums, 4);
    }
  }
}
#endif

void tb_sliced_rows_spmv(tb_sliced_rows m, const float *restrict x, float *restrict y,
                         size_t n) {
#if TB_X86
  switch (tb_sparse_simd_level()) {
  case tb_level_avx512: tb_spmv_avx512(m, x, y, n); return;
  case tb_level_avx2: tb_spmv_avx2(m, x, y, n); return;
  default: break;
  }
#endif
  tb_spmv_default(m, x, y, n);
}

/* ---- batches: transposed blocks, one row's block of results in registers ---- */

/* tb_transpose: sparse_common.h */

size_t tb_csr_spmm_scratch_count(size_t rows, size_t columns) {
  return TB_SPMM_BLOCK * (rows + columns);
}

/* One block of `count` ≤ B samples at x → y; B is a constant after inlining, so a row's B
   sums stay in registers (B/16 AVX-512 or B/8 AVX2 vectors). */
TB_INLINE void tb_spmm_block(tb_csr m, const float *restrict x, float *restrict y, size_t count,
                             float *restrict scratch, const int B) {
  float *restrict xt = __builtin_assume_aligned(scratch, 64);
  float *restrict yt = __builtin_assume_aligned(scratch + TB_SPMM_BLOCK * m.columns, 64);
  /* xt[c·B + j] = x[j·columns + c]; lanes past `count` keep stale values, which only reach
     lanes of yt that are never copied out. */
  tb_transpose(x, m.columns, xt, B, count, m.columns);
  for (size_t r = 0; r < m.rows; r++) {
    float acc[TB_SPMM_BLOCK];
    for (int j = 0; j < B; j++) acc[j] = m.bias[r];
    for (int64_t k = m.start[r]; k < m.start[r + 1]; k++) {
      const float w = m.value[k];
      const float *restrict xr = xt + (size_t)m.column[k] * B;
      for (int j = 0; j < B; j++) acc[j] += w * xr[j];
    }
    for (int j = 0; j < B; j++) yt[r * B + j] = acc[j];
  }
  tb_transpose(yt, B, y, m.rows, m.rows, count);
}

/* Whole blocks of TB_SPMM_BLOCK samples, then the rest in the narrowest block that holds it. */
TB_INLINE void tb_spmm_body(tb_csr m, const float *restrict x, float *restrict y, size_t n,
                            float *restrict scratch) {
  for (size_t b0 = 0; b0 < n; b0 += TB_SPMM_BLOCK) {
    const size_t count = n - b0 < TB_SPMM_BLOCK ? n - b0 : TB_SPMM_BLOCK;
    const float *restrict xb = x + b0 * m.columns;
    float *restrict yb = y + b0 * m.rows;
    if (count <= 16) tb_spmm_block(m, xb, yb, count, scratch, 16);
    else if (count <= 32) tb_spmm_block(m, xb, yb, count, scratch, 32);
    else tb_spmm_block(m, xb, yb, count, scratch, TB_SPMM_BLOCK);
  }
}

static void tb_spmm_default(tb_csr m, const float *restrict x, float *restrict y, size_t n,
                            float *restrict scratch) {
  tb_spmm_body(m, x, y, n, scratch);
}

#if TB_X86
TB_AVX2 static void tb_spmm_avx2(tb_csr m, const float *restrict x, float *restrict y, size_t n,
                                 float *restrict scratch) {
  tb_spmm_body(m, x, y, n, scratch);
}

TB_AVX512 static void tb_spmm_avx512(tb_csr m, const float *restrict x, float *restrict y,
                                     size_t n, float *restrict scratch) {
  tb_spmm_body(m, x, y, n, scratch);
}
#endif

void tb_csr_spmm(tb_csr m, const float *restrict x, float *restrict y, size_t n,
                 float *restrict scratch) {
#if TB_X86
  switch (tb_sparse_simd_level()) {
  case tb_level_avx512: tb_spmm_avx512(m, x, y, n, scratch); return;
  case tb_level_avx2: tb_spmm_avx2(m, x, y, n, scratch); return;
  default: break;
  }
#endif
  tb_spmm_default(m, x, y, n, scratch);
}
