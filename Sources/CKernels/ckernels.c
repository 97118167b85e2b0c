#include "ckernels.h"
#include "parallel.h"

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
static void adam_step_serial(float *restrict w, const float *restrict g, float *restrict m,
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
static void adam_step_masked_serial(float *restrict w, float *restrict g, float *restrict m,
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
static void sgd_step_masked_serial(float *restrict w, float *restrict g, float *restrict vel,
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
static void sgd_step_serial(float *restrict w, const float *restrict g, float *restrict vel, size_t n,
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
static void relu_serial(float *restrict y, const float *restrict x, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

TB_CLONES
static void relu_backward_serial(float *restrict dx, const float *restrict g,
                                 const float *restrict y, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = y[i] > 0.0f ? g[i] : 0.0f;
}

TB_CLONES
static void add_row_vector_serial(float *restrict y, const float *restrict b, size_t rows,
                                  size_t cols) {
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
static void im2col_images(const float *restrict x, float *restrict col, tb_conv_geometry g,
                          int b0, int b1) {
  const int rowlen = g.kw * g.c;
  float *restrict dst = col + (size_t)b0 * g.oh * g.ow * g.kh * rowlen;
  for (int b = b0; b < b1; b++) {
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
static void col2im_images(const float *restrict col, float *restrict dx, tb_conv_geometry g,
                          int b0, int b1) {
  const int rowlen = g.kw * g.c;
  const float *restrict src = col + (size_t)b0 * g.oh * g.ow * g.kh * rowlen;
  for (int b = b0; b < b1; b++) {
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
static void maxpool_images(const float *restrict x, float *restrict y, int *restrict argmax,
                           int h, int w, int c, int size, int stride, int oh, int ow, int b0,
                           int b1) {
  size_t o = (size_t)b0 * oh * ow * c;
  for (int b = b0; b < b1; b++) {
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

TB_CLONES
static void maxpool2x2_images(const float *restrict x, float *restrict y, int *restrict argmax,
                              int h, int w, int c, int oh, int ow, int b0, int b1) {
  for (int b = b0; b < b1; b++) {
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

/* ---- Image-parallel wrappers -------------------------------------------------------------
   Each image's outputs depend on that image alone, so the batch is split into one range of
   images per thread and the result is the same for any split. */

typedef struct image_job {
  const float *x, *g;
  float *y;
  int *argmax;
  const int *index;
  tb_conv_geometry geometry;
  int n, h, w, c, size, stride, oh, ow, parts;
  void (*range)(const struct image_job *job, int b0, int b1);
} image_job;

static void image_part(void *ctx, int part) {
  const image_job *job = ctx;
  job->range(job, (int)((long)part * job->n / job->parts),
             (int)((long)(part + 1) * job->n / job->parts));
}

/* Runs job->range over the images [0, n), one range per thread when the batch is large:
   below about 64K floats a job costs more to hand over than to do. */
static void run_images(image_job *job, size_t floats_per_image) {
  const int threads = tb_threads();
  const int large = threads > 1 && (size_t)job->n * floats_per_image >= 65536;
  job->parts = !large ? 1 : job->n < threads ? job->n : threads;
  if (job->parts <= 1) job->range(job, 0, job->n);
  else tb_parallel(image_part, job, job->parts);
}

static void im2col_range(const image_job *job, int b0, int b1) {
  im2col_images(job->x, job->y, job->geometry, b0, b1);
}

void tb_im2col_nhwc(const float *restrict x, float *restrict col, tb_conv_geometry g) {
  image_job job = {.x = x, .y = col, .geometry = g, .n = g.n, .range = im2col_range};
  run_images(&job, (size_t)g.oh * g.ow * g.kh * g.kw * g.c);
}

static void col2im_range(const image_job *job, int b0, int b1) {
  col2im_images(job->x, job->y, job->geometry, b0, b1);
}

void tb_col2im_nhwc(const float *restrict col, float *restrict dx, tb_conv_geometry g) {
  image_job job = {.x = col, .y = dx, .geometry = g, .n = g.n, .range = col2im_range};
  run_images(&job, (size_t)g.oh * g.ow * g.kh * g.kw * g.c);
}

static void maxpool_range(const image_job *job, int b0, int b1) {
  if (job->size == 2 && job->stride == 2)
    maxpool2x2_images(job->x, job->y, job->argmax, job->h, job->w, job->c, job->oh, job->ow, b0,
                      b1);
  else
    maxpool_images(job->x, job->y, job->argmax, job->h, job->w, job->c, job->size, job->stride,
                   job->oh, job->ow, b0, b1);
}

void tb_maxpool_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                     int h, int w, int c, int size, int stride, int oh, int ow) {
  image_job job = {.x = x, .y = y, .argmax = argmax, .n = n, .h = h, .w = w, .c = c,
                   .size = size, .stride = stride, .oh = oh, .ow = ow, .range = maxpool_range};
  run_images(&job, (size_t)h * w * c);
}

void tb_maxpool2x2_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                        int h, int w, int c, int oh, int ow) {
  tb_maxpool_nhwc(x, y, argmax, n, h, w, c, 2, 2, oh, ow);
}

TB_CLONES
static void maxpool_backward_range(const image_job *job, int b0, int b1) {
  const size_t in_size = (size_t)job->h * job->w * job->c;
  const size_t out_size = (size_t)job->oh * job->ow * job->c;
  float *restrict dx = job->y;
  for (size_t i = (size_t)b0 * in_size; i < (size_t)b1 * in_size; i++) dx[i] = 0.0f;
  for (size_t o = (size_t)b0 * out_size; o < (size_t)b1 * out_size; o++)
    dx[job->index[o]] += job->g[o];
}

void tb_maxpool_backward_nhwc(const float *restrict g, const int *restrict argmax,
                              float *restrict dx, int n, int h, int w, int c, int oh, int ow) {
  image_job job = {.g = g, .index = argmax, .y = dx, .n = n, .h = h, .w = w, .c = c, .oh = oh,
                   .ow = ow, .range = maxpool_backward_range};
  run_images(&job, (size_t)h * w * c);
}

/* ---- Elementwise wrappers: large arrays (inference batches) are split into one range per
   thread; every element is computed the same way in any range. */

typedef struct elementwise_job {
  float *y;
  const float *x, *g;
  size_t n, cols; /* n: elements, or rows when cols > 0 */
  int parts;
  /* Optimiser steps: weights, gradients, moments or velocity, mask, hyper-parameters. */
  float *w, *grad, *m, *v;
  const float *mask;
  float b1, b2, step, inv_sqrt_bias2, eps, wd, lr, mu;
  int nesterov;
  void (*range)(const struct elementwise_job *job, size_t a, size_t b);
} elementwise_job;

static void elementwise_part(void *ctx, int part) {
  const elementwise_job *job = ctx;
  job->range(job, job->n * (size_t)part / (size_t)job->parts,
             job->n * (size_t)(part + 1) / (size_t)job->parts);
}

/* Runs job->range over [0, n), split into one range per thread when the array is large. */
static void run_elementwise(elementwise_job *job, size_t elements) {
  const int threads = tb_threads();
  job->parts = threads > 1 && elements >= 65536 && job->n >= (size_t)threads ? threads : 1;
  if (job->parts == 1) job->range(job, 0, job->n);
  else tb_parallel(elementwise_part, job, job->parts);
}

static void relu_range(const elementwise_job *job, size_t a, size_t b) {
  relu_serial(job->y + a, job->x + a, b - a);
}

void tb_relu(float *restrict y, const float *restrict x, size_t n) {
  elementwise_job job = {.y = y, .x = x, .n = n, .range = relu_range};
  run_elementwise(&job, n);
}

static void relu_backward_range(const elementwise_job *job, size_t a, size_t b) {
  relu_backward_serial(job->y + a, job->g + a, job->x + a, b - a);
}

void tb_relu_backward(float *restrict dx, const float *restrict g, const float *restrict y,
                      size_t n) {
  elementwise_job job = {.y = dx, .g = g, .x = y, .n = n, .range = relu_backward_range};
  run_elementwise(&job, n);
}

TB_CLONES
static void add_row_vector_relu_serial(float *restrict y, const float *restrict b, size_t rows,
                                       size_t cols) {
  for (size_t r = 0; r < rows; r++) {
    float *restrict row = y + r * cols;
    for (size_t c = 0; c < cols; c++) {
      const float v = row[c] + b[c];
      row[c] = v > 0.0f ? v : 0.0f;
    }
  }
}

static void add_row_vector_relu_range(const elementwise_job *job, size_t a, size_t b) {
  add_row_vector_relu_serial(job->y + a * job->cols, job->x, b - a, job->cols);
}

void tb_add_row_vector_relu(float *restrict y, const float *restrict b, size_t rows,
                            size_t cols) {
  elementwise_job job = {.y = y, .x = b, .n = rows, .cols = cols,
                         .range = add_row_vector_relu_range};
  run_elementwise(&job, rows * cols);
}

static void add_row_vector_range(const elementwise_job *job, size_t a, size_t b) {
  add_row_vector_serial(job->y + a * job->cols, job->x, b - a, job->cols);
}

void tb_add_row_vector(float *restrict y, const float *restrict b, size_t rows, size_t cols) {
  elementwise_job job = {.y = y, .x = b, .n = rows, .cols = cols, .range = add_row_vector_range};
  run_elementwise(&job, rows * cols);
}

/* ---- Optimiser steps: every element is updated on its own, so large tensors (a dense
   layer's weights) are split into one range per thread. */

static void adam_range(const elementwise_job *j, size_t a, size_t b) {
  adam_step_serial(j->w + a, j->grad + a, j->m + a, j->v + a, b - a, j->b1, j->b2, j->step,
                   j->inv_sqrt_bias2, j->eps, j->wd);
}

void tb_adam_step(float *restrict w, const float *restrict g, float *restrict m,
                  float *restrict v, size_t n, float b1, float b2, float step,
                  float inv_sqrt_bias2, float eps, float wd) {
  elementwise_job job = {.w = w, .grad = (float *)g, .m = m, .v = v, .n = n, .b1 = b1, .b2 = b2,
                         .step = step, .inv_sqrt_bias2 = inv_sqrt_bias2, .eps = eps, .wd = wd,
                         .range = adam_range};
  run_elementwise(&job, n);
}

static void adam_masked_range(const elementwise_job *j, size_t a, size_t b) {
  adam_step_masked_serial(j->w + a, j->grad + a, j->m + a, j->v + a, j->mask + a, b - a, j->b1,
                          j->b2, j->step, j->inv_sqrt_bias2, j->eps, j->wd);
}

void tb_adam_step_masked(float *restrict w, float *restrict g, float *restrict m,
                         float *restrict v, const float *restrict mask, size_t n, float b1,
                         float b2, float step, float inv_sqrt_bias2, float eps, float wd) {
  elementwise_job job = {.w = w, .grad = g, .m = m, .v = v, .mask = mask, .n = n, .b1 = b1,
                         .b2 = b2, .step = step, .inv_sqrt_bias2 = inv_sqrt_bias2, .eps = eps,
                         .wd = wd, .range = adam_masked_range};
  run_elementwise(&job, n);
}

static void sgd_range(const elementwise_job *j, size_t a, size_t b) {
  sgd_step_serial(j->w + a, j->grad + a, j->v ? j->v + a : 0, b - a, j->lr, j->mu, j->nesterov,
                  j->wd);
}

void tb_sgd_step(float *restrict w, const float *restrict g, float *restrict vel, size_t n,
                 float lr, float mu, int nesterov, float wd) {
  elementwise_job job = {.w = w, .grad = (float *)g, .v = vel, .n = n, .lr = lr, .mu = mu,
                         .nesterov = nesterov, .wd = wd, .range = sgd_range};
  run_elementwise(&job, n);
}

static void sgd_masked_range(const elementwise_job *j, size_t a, size_t b) {
  sgd_step_masked_serial(j->w + a, j->grad + a, j->v ? j->v + a : 0, j->mask + a, b - a, j->lr,
                         j->mu, j->nesterov, j->wd);
}

void tb_sgd_step_masked(float *restrict w, float *restrict g, float *restrict vel,
                        const float *restrict mask, size_t n, float lr, float mu, int nesterov,
                        float wd) {
  elementwise_job job = {.w = w, .grad = g, .v = vel, .mask = mask, .n = n, .lr = lr, .mu = mu,
                         .nesterov = nesterov, .wd = wd, .range = sgd_masked_range};
  run_elementwise(&job, n);
}
