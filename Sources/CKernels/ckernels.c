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
#define TB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
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
void tb_adam_step_masked(float *restrict w, float *restrict g, float *restrict m,
                         float *restrict v, const float *restrict mask, size_t n, float b1,
                         float b2, float step, float inv_sqrt_bias2, float eps, float wd) {
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t i = 0; i < n; i++) {
    const float keep = mask[i];
    const float raw = g[i] * keep;
    g[i] = raw;
    float gi = raw + wd * w[i];
    float mi = b1 * m[i] + c1 * gi;
    float vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = (w[i] - step * mi / (__builtin_sqrtf(vi) * inv_sqrt_bias2 + eps)) * keep;
  }
}

TB_CLONES
void tb_sgd_step_masked(float *restrict w, float *restrict g, float *restrict vel,
                        const float *restrict mask, size_t n, float lr, float mu, int nesterov,
                        float wd) {
  for (size_t i = 0; i < n; i++) {
    const float keep = mask[i];
    const float raw = g[i] * keep;
    g[i] = raw;
    const float gi = raw + wd * w[i];
    if (mu == 0.0f) {
      w[i] = (w[i] - lr * gi) * keep;
    } else {
      const float vi = mu * vel[i] + gi;
      vel[i] = vi;
      w[i] = (w[i] - lr * (nesterov ? gi + mu * vi : vi)) * keep;
    }
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

/* Copies n floats; with a constant n the compiler unrolls it into a few register moves
   (the target is built with -fno-builtin, so short copies never become memcpy calls). */
static inline void tb_copy(float *restrict d, const float *restrict s, int n) {
  for (int j = 0; j < n; j++) d[j] = s[j];
}

/* A kernel row of the common LeNet/VGG shapes has a fixed length: copy it unrolled. */
static inline void tb_copy_row(float *restrict d, const float *restrict s, int n) {
  switch (n) {
    case 3: tb_copy(d, s, 3); break;
    case 5: tb_copy(d, s, 5); break;
    case 30: tb_copy(d, s, 30); break;
    default: tb_copy(d, s, n); break;
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
            tb_copy_row(dst, image + ((size_t)iy * g.w + ix0) * g.c, rowlen);
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
          /* The running maximum stays in registers; the first maximum wins ties. */
          size_t best = base + ch;
          float m = x[best];
          for (int ky = 0; ky < size; ky++) {
            const size_t rowStart = base + (size_t)ky * w * c + ch;
            for (int kx = 0; kx < size; kx++) {
              const size_t j = rowStart + (size_t)kx * c;
              const float v = x[j];
              if (v > m) { m = v; best = j; }
            }
          }
          y[o] = m;
          argmax[o] = (int)best;
          o++;
        }
      }
    }
  }
}

/* One output row of a single-channel convolution, accumulated in a local array: with a
   constant `ow` the compiler keeps the whole row in vector registers. */
static inline void tb_conv1_row(float *restrict out, const float *restrict rows,
                                const float *restrict wk, float bias, int wd, int kh, int kw,
                                const int ow) {
  float acc[64];
  for (int ox = 0; ox < ow; ox++) acc[ox] = bias;
  for (int ky = 0; ky < kh; ky++) {
    const float *restrict in = rows + (size_t)ky * wd;
    for (int kx = 0; kx < kw; kx++) {
      const float wv = wk[ky * kw + kx];
      for (int ox = 0; ox < ow; ox++) acc[ox] += wv * in[kx + ox];
    }
  }
  for (int ox = 0; ox < ow; ox++) out[ox] = acc[ox];
}

/* Σ_oy Σ_ox a[oy][ox] · b[oy][ox] with rows of `ow` (strides sa, sb), accumulated per column
   in a local array and summed at the end: vectorised, and the same order every time. */
static inline float tb_conv1_dot(const float *restrict a, int sa, const float *restrict b, int sb,
                                 int rows, const int ow) {
  float acc[64];
  for (int ox = 0; ox < ow; ox++) acc[ox] = 0.0f;
  for (int r = 0; r < rows; r++)
    for (int ox = 0; ox < ow; ox++) acc[ox] += a[(size_t)r * sa + ox] * b[(size_t)r * sb + ox];
  float s = 0.0f;
  for (int ox = 0; ox < ow; ox++) s += acc[ox];
  return s;
}

TB_CLONES
void tb_conv1_forward(const float *restrict x, const float *restrict w, const float *restrict bias,
                      float *restrict y, float *restrict scratch, int n, int h, int wd, int kh,
                      int kw, int cout) {
  const int oh = h - kh + 1, ow = wd - kw + 1;
  for (int b = 0; b < n; b++) {
    const float *restrict image = x + (size_t)b * h * wd;
    /* Channels-first scratch: each output row is contiguous, so the inner loop vectorises. */
    for (int co = 0; co < cout; co++) {
      float *restrict plane = scratch + (size_t)co * oh * ow;
      const float *restrict wk = w + (size_t)co * kh * kw;
      for (int oy = 0; oy < oh; oy++) {
        const float *restrict rows = image + (size_t)oy * wd;
        if (ow == 24) tb_conv1_row(plane + (size_t)oy * ow, rows, wk, bias[co], wd, kh, kw, 24);
        else if (ow <= 64) tb_conv1_row(plane + (size_t)oy * ow, rows, wk, bias[co], wd, kh, kw, ow);
        else {
          float *restrict out = plane + (size_t)oy * ow;
          for (int ox = 0; ox < ow; ox++) out[ox] = bias[co];
          for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++) {
              const float wv = wk[ky * kw + kx];
              const float *restrict src = rows + (size_t)ky * wd + kx;
              for (int ox = 0; ox < ow; ox++) out[ox] += wv * src[ox];
            }
        }
      }
    }
    /* Back to NHWC. */
    float *restrict dst = y + (size_t)b * oh * ow * cout;
    for (int p = 0; p < oh * ow; p++)
      for (int co = 0; co < cout; co++) dst[(size_t)p * cout + co] = scratch[(size_t)co * oh * ow + p];
  }
}

TB_CLONES
void tb_conv1_backward(const float *restrict x, const float *restrict g, const float *restrict w,
                       float *restrict dw, float *restrict db, float *restrict dx,
                       float *restrict scratch, int n, int h, int wd, int kh, int kw, int cout) {
  const int oh = h - kh + 1, ow = wd - kw + 1;
  for (int i = 0; i < cout * kh * kw; i++) dw[i] = 0.0f;
  for (int co = 0; co < cout; co++) db[co] = 0.0f;
  for (int b = 0; b < n; b++) {
    const float *restrict image = x + (size_t)b * h * wd;
    const float *restrict grad = g + (size_t)b * oh * ow * cout;
    /* Channels-first copy of this image's output gradient. */
    for (int p = 0; p < oh * ow; p++)
      for (int co = 0; co < cout; co++) scratch[(size_t)co * oh * ow + p] = grad[(size_t)p * cout + co];
    for (int co = 0; co < cout; co++) {
      const float *restrict plane = scratch + (size_t)co * oh * ow;
      float s = 0.0f;
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) s += plane[(size_t)oy * ow + ox];
      db[co] += s;
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          const float *restrict in = image + (size_t)ky * wd + kx;
          float acc;
          if (ow == 24) acc = tb_conv1_dot(plane, ow, in, wd, oh, 24);
          else if (ow <= 64) acc = tb_conv1_dot(plane, ow, in, wd, oh, ow);
          else {
            acc = 0.0f;
            for (int oy = 0; oy < oh; oy++)
              for (int ox = 0; ox < ow; ox++) acc += plane[(size_t)oy * ow + ox] * in[(size_t)oy * wd + ox];
          }
          dw[((size_t)co * kh + ky) * kw + kx] += acc;
        }
      }
    }
    if (dx) {
      float *restrict dimage = dx + (size_t)b * h * wd;
      for (int i = 0; i < h * wd; i++) dimage[i] = 0.0f;
      for (int co = 0; co < cout; co++) {
        const float *restrict plane = scratch + (size_t)co * oh * ow;
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++) {
            const float wv = w[((size_t)co * kh + ky) * kw + kx];
            for (int oy = 0; oy < oh; oy++) {
              float *restrict dst = dimage + (size_t)(oy + ky) * wd + kx;
              const float *restrict gr = plane + (size_t)oy * ow;
              for (int ox = 0; ox < ow; ox++) dst[ox] += wv * gr[ox];
            }
          }
        }
      }
    }
  }
}

TB_CLONES
void tb_maxpool2x2_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                        int h, int w, int c, int oh, int ow) {
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const int i00 = ((b * h + 2 * oy) * w + 2 * ox) * c;
        const int i01 = i00 + c, i10 = i00 + w * c, i11 = i10 + c;
        float *restrict out = y + (((size_t)b * oh + oy) * ow + ox) * c;
        int *restrict idx = argmax + (((size_t)b * oh + oy) * ow + ox) * c;
        for (int ch = 0; ch < c; ch++) {
          const float a = x[i00 + ch], bb = x[i01 + ch], cc = x[i10 + ch], d = x[i11 + ch];
          /* The first maximum in window order wins ties, as in the general kernel. */
          const int top = bb > a;
          const float m1 = top ? bb : a;
          const int j1 = top ? i01 + ch : i00 + ch;
          const int bottom = d > cc;
          const float m2 = bottom ? d : cc;
          const int j2 = bottom ? i11 + ch : i10 + ch;
          const int second = m2 > m1;
          out[ch] = second ? m2 : m1;
          idx[ch] = second ? j2 : j1;
        }
      }
    }
  }
}
