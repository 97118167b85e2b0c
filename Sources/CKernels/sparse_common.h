/* What the sparse kernels (sparse.c, sparse_train.c) share, a private header: the instruction
   set targets each kernel body is compiled for, the levels tb_sparse_simd_level() reports, and
   transposes between [samples, features] and [features, samples] layouts (the kernels work on
   transposed blocks so a weight scales a contiguous vector of samples; each file compiles these
   helpers into its own SIMD variants). */
#ifndef TICKETBOOK_SPARSE_COMMON_H
#define TICKETBOOK_SPARSE_COMMON_H

#include <stddef.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define TB_X86 1
#define TB_AVX2 __attribute__((target("avx2,fma")))
#define TB_AVX512 __attribute__((target("avx512f,avx512vl,avx2,fma")))
#else
#define TB_X86 0
#endif

#define TB_INLINE static inline __attribute__((always_inline))

enum { tb_level_default = 1, tb_level_avx2 = 2, tb_level_avx512 = 3 };

typedef float tb_v8 __attribute__((vector_size(32), aligned(4)));

/* Transposes the 8×8 tile at src (row stride ss) into dst (row stride ds). */
TB_INLINE void tb_transpose8(const float *restrict src, size_t ss, float *restrict dst,
                             size_t ds) {
  tb_v8 r[8], t[8], u[8];
  for (int i = 0; i < 8; i++) r[i] = *(const tb_v8 *)(src + i * ss);
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = __builtin_shufflevector(t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 1] = __builtin_shufflevector(t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    u[i + 2] = __builtin_shufflevector(t[i + 1], t[i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
    u[i + 3] = __builtin_shufflevector(t[i + 1], t[i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int i = 0; i < 4; i++) {
    *(tb_v8 *)(dst + i * ds) = __builtin_shufflevector(u[i], u[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    *(tb_v8 *)(dst + (i + 4) * ds) =
        __builtin_shufflevector(u[i], u[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

/* dst[c·ds + r] = src[r·ss + c] for r < rows, c < cols: 8×8 tiles, scalar edges. */
TB_INLINE void tb_transpose(const float *restrict src, size_t ss, float *restrict dst, size_t ds,
                            size_t rows, size_t cols) {
  const size_t r8 = rows & ~(size_t)7, c8 = cols & ~(size_t)7;
  for (size_t r = 0; r < r8; r += 8)
    for (size_t c = 0; c < c8; c += 8) tb_transpose8(src + r * ss + c, ss, dst + c * ds + r, ds);
  for (size_t r = 0; r < rows; r++) {
    const size_t c0 = r < r8 ? c8 : 0;
    for (size_t c = c0; c < cols; c++) dst[c * ds + r] = src[r * ss + c];
  }
}

#endif
