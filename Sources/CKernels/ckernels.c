#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <xmmintrin.h>

unsigned int tb_enable_flush_denormals(void) {
  unsigned int previous = _mm_getcsr();
  _mm_setcsr(previous | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
  return previous;
}

void tb_restore_float_control(unsigned int previous) { _mm_setcsr(previous); }

const char *tb_openblas_core_for_cpu(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1, avx512vl = (b >> 31) & 1;
  unsigned int a1, b1, c1, d1;
  if (!__get_cpuid(1, &a1, &b1, &c1, &d1)) return 0;
  int fma = (c1 >> 12) & 1;
  if (avx512f && avx512vl && avx2 && fma) return "SkylakeX";
  if (avx2 && fma) return "Haswell";
  return 0;
}
#else
unsigned int tb_enable_flush_denormals(void) { return 0; }
void tb_restore_float_control(unsigned int previous) { (void)previous; }
const char *tb_openblas_core_for_cpu(void) { return 0; }
#endif

/* Elementwise kernels: plain loops over restrict pointers, compiled for AVX-512, AVX2 and
   baseline x86-64 and chosen at load time (target_clones), so one binary is fast everywhere. */
#if defined(__x86_64__) && defined(__clang__)
#define TB_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define TB_CLONES
#endif

TB_CLONES
void tb_adam_step(float *restrict w, const float *restrict g, float *restrict m,
                  float *restrict v, size_t n, float b1, float b2, float step,
                  float inv_sqrt_bias2, float eps, float wd) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t i = 0; i < n; i++) {
    float gi = g[i] + wd * w[i];
    float mi = b1 * m[i] + c1 * gi;
    float vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= step * mi / (__builtin_sqrtf(vi) * inv_sqrt_bias2 + eps);
  }
}

TB_CLONES
void tb_sgd_step(float *restrict w, const float *restrict g, float *restrict vel, size_t n,
                 float lr, float mu, int nesterov, float wd) {
  if (mu == 0.0f) {
    for (size_t i = 0; i < n; i++) w[i] -= lr * (g[i] + wd * w[i]);
  } else if (nesterov) {
    for (size_t i = 0; i < n; i++) {
      float gi = g[i] + wd * w[i];
      float vi = mu * vel[i] + gi;
      vel[i] = vi;
      w[i] -= lr * (gi + mu * vi);
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      float vi = mu * vel[i] + g[i] + wd * w[i];
      vel[i] = vi;
      w[i] -= lr * vi;
    }
  }
}

TB_CLONES
void tb_mul(float *restrict a, const float *restrict b, size_t n) {
  for (size_t i = 0; i < n; i++) a[i] *= b[i];
}

TB_CLONES
void tb_relu(float *restrict y, const float *restrict x, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

TB_CLONES
void tb_relu_backward(float *restrict dx, const float *restrict g, const float *restrict y,
                      size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? g[i] : 0.0f;
}

TB_CLONES
void tb_add_row_vector(float *restrict y, const float *restrict b, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; r++) {
    float *restrict row = y + r * cols;
    for (size_t c = 0; c < cols; c++) row[c] += b[c];
  }
}

TB_CLONES
void tb_column_sums(float *restrict out, const float *restrict g, size_t rows, size_t cols) {
  for (size_t c = 0; c < cols; c++) out[c] = 0.0f;
  for (size_t r = 0; r < rows; r++) {
    const float *restrict row = g + r * cols;
    for (size_t c = 0; c < cols; c++) out[c] += row[c];
  }
}

TB_CLONES
void tb_im2col_nhwc(const float *restrict x, float *restrict col, tb_conv_geometry g) {
  const int rowlen = g.kw * g.c;
  float *restrict dst = col;
  for (int b = 0; b < g.n; b++) {
    const float *restrict image = x + (size_t)b * g.h * g.w * g.c;
    for (int oy = 0; oy < g.oh; oy++) {
      for (int ox = 0; ox < g.ow; ox++) {
        const int ix0 = ox * g.stride - g.pad;
        const int inside = ix0 >= 0 && ix0 + g.kw <= g.w;
        for (int ky = 0; ky < g.kh; ky++) {
          const int iy = oy * g.stride - g.pad + ky;
          if (iy < 0 || iy >= g.h) {
            for (int j = 0; j < rowlen; j++) dst[j] = 0.0f;
          } else if (inside) {
            /* NHWC: the kernel row (kw pixels × c channels) is contiguous in the image. */
            const float *restrict src = image + ((size_t)iy * g.w + ix0) * g.c;
            for (int j = 0; j < rowlen; j++) dst[j] = src[j];
          } else {
            for (int kx = 0; kx < g.kw; kx++) {
              const int ix = ix0 + kx;
              float *restrict d = dst + kx * g.c;
              if (ix < 0 || ix >= g.w) {
                for (int ch = 0; ch < g.c; ch++) d[ch] = 0.0f;
              } else {
                const float *restrict s = image + ((size_t)iy * g.w + ix) * g.c;
                for (int ch = 0; ch < g.c; ch++) d[ch] = s[ch];
              }
            }
          }
          dst += rowlen;
        }
      }
    }
  }
}

TB_CLONES
void tb_col2im_nhwc(const float *restrict col, float *restrict dx, tb_conv_geometry g) {
  const int rowlen = g.kw * g.c;
  const float *restrict src = col;
  for (int b = 0; b < g.n; b++) {
    float *restrict image = dx + (size_t)b * g.h * g.w * g.c;
    for (int oy = 0; oy < g.oh; oy++) {
      for (int ox = 0; ox < g.ow; ox++) {
        const int ix0 = ox * g.stride - g.pad;
        const int inside = ix0 >= 0 && ix0 + g.kw <= g.w;
        for (int ky = 0; ky < g.kh; ky++) {
          const int iy = oy * g.stride - g.pad + ky;
          if (iy >= 0 && iy < g.h) {
            if (inside) {
              float *restrict d = image + ((size_t)iy * g.w + ix0) * g.c;
              for (int j = 0; j < rowlen; j++) d[j] += src[j];
            } else {
              for (int kx = 0; kx < g.kw; kx++) {
                const int ix = ix0 + kx;
                if (ix < 0 || ix >= g.w) continue;
                float *restrict d = image + ((size_t)iy * g.w + ix) * g.c;
                const float *restrict s = src + kx * g.c;
                for (int ch = 0; ch < g.c; ch++) d[ch] += s[ch];
              }
            }
          }
          src += rowlen;
        }
      }
    }
  }
}

TB_CLONES
void tb_maxpool_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                     int h, int w, int c, int size, int stride, int oh, int ow) {
  size_t o = 0;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const size_t base = (((size_t)b * h + (size_t)oy * stride) * w + (size_t)ox * stride) * c;
        for (int ch = 0; ch < c; ch++) {
          y[o + ch] = x[base + ch];
          argmax[o + ch] = (int)(base + ch);
        }
        for (int ky = 0; ky < size; ky++) {
          for (int kx = 0; kx < size; kx++) {
            if (ky == 0 && kx == 0) continue;
            const size_t j = base + ((size_t)ky * w + kx) * c;
            for (int ch = 0; ch < c; ch++) {
              const float v = x[j + ch];
              if (v > y[o + ch]) {
                y[o + ch] = v;
                argmax[o + ch] = (int)(j + ch);
              }
            }
          }
        }
        o += c;
      }
    }
  }
}
