/* The direct convolution for one input channel, stride 1, no padding (LeNet-5's first layer),
   forward and backward, split over images for the pool in parallel.c.

   Rows of `ow` outputs are computed eight at a time with explicit 8-lane vectors: every lane
   is an independent sum in a fixed order, so the AVX-512, AVX2 and baseline clones give the
   same bits. The backward pass splits the batch into at most TB_CONV1_PARTS parts chosen from
   the batch size alone; each part sums its own gradient and the parts are added in order, so
   the result does not depend on the number of threads. */
#include "ckernels.h"
#include "parallel.h"

#if defined(__x86_64__) && defined(__clang__)
#define TB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TB_CLONES
#endif
#define TB_INLINE static inline __attribute__((always_inline))

/* The helpers below are always inlined, so the warning that passing 8-lane vectors by value
   differs between the AVX and baseline ABIs does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"
typedef float tb_v8 __attribute__((vector_size(32)));

TB_INLINE tb_v8 v8_load(const float *p) {
  tb_v8 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
TB_INLINE void v8_store(float *p, tb_v8 v) { __builtin_memcpy(p, &v, sizeof v); }
TB_INLINE tb_v8 v8_splat(float x) { return (tb_v8){x, x, x, x, x, x, x, x}; }
/* The eight lanes stored at v, added in a fixed order. */
TB_INLINE float lanes_sum(const float *v) {
  return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

/* Output channels computed together: 3 channels × up to 3 vectors of accumulators, the input
   vectors and a weight fit the 16 vector registers of AVX2. */
#define TB_CO 3
#define TB_MAX_NC 4
#define TB_CONV1_PARTS 8

/* Whether the vector path applies: rows of a multiple of 8 outputs, at most 32. */
static int conv1_vectorised(int ow) { return ow % 8 == 0 && ow <= 8 * TB_MAX_NC; }

/* ---- Forward ---------------------------------------------------------------------------- */

TB_INLINE void conv1_forward_group(const float *restrict image, const float *restrict w,
                                   const float *restrict bias, float *restrict out, int wd,
                                   int kh, int kw, int cout, int oh, int co0, const int CO,
                                   const int NC) {
  const int ow = 8 * NC;
  for (int oy = 0; oy < oh; oy++) {
    tb_v8 acc[TB_CO][TB_MAX_NC];
    for (int c = 0; c < CO; c++)
      for (int j = 0; j < NC; j++) acc[c][j] = v8_splat(bias[co0 + c]);
    for (int ky = 0; ky < kh; ky++) {
      const float *restrict row = image + (size_t)(oy + ky) * wd;
      const float *restrict wrow = w + ((size_t)co0 * kh + ky) * kw;
      for (int kx = 0; kx < kw; kx++) {
        tb_v8 xv[TB_MAX_NC];
        for (int j = 0; j < NC; j++) xv[j] = v8_load(row + kx + 8 * j);
        for (int c = 0; c < CO; c++) {
          const tb_v8 wv = v8_splat(wrow[(size_t)c * kh * kw + kx]);
          for (int j = 0; j < NC; j++) acc[c][j] += wv * xv[j];
        }
      }
    }
    float tile[TB_CO][8 * TB_MAX_NC];
    for (int c = 0; c < CO; c++)
      for (int j = 0; j < NC; j++) v8_store(&tile[c][8 * j], acc[c][j]);
    float *restrict dst = out + (size_t)oy * ow * cout + co0;
    for (int ox = 0; ox < ow; ox++)
      for (int c = 0; c < CO; c++) dst[(size_t)ox * cout + c] = tile[c][ox];
  }
}

TB_INLINE void conv1_forward_image_nc(const float *restrict image, const float *restrict w,
                                      const float *restrict bias, float *restrict out, int wd,
                                      int kh, int kw, int cout, int oh, const int NC) {
  int co0 = 0;
  for (; co0 + TB_CO <= cout; co0 += TB_CO)
    conv1_forward_group(image, w, bias, out, wd, kh, kw, cout, oh, co0, TB_CO, NC);
  for (; co0 < cout; co0++)
    conv1_forward_group(image, w, bias, out, wd, kh, kw, cout, oh, co0, 1, NC);
}

/* Any row length: the same sums in the same order, one output at a time. */
static void conv1_forward_image_scalar(const float *restrict image, const float *restrict w,
                                       const float *restrict bias, float *restrict out, int wd,
                                       int kh, int kw, int cout, int oh, int ow) {
  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++)
      for (int co = 0; co < cout; co++) {
        float s = bias[co];
        for (int ky = 0; ky < kh; ky++)
          for (int kx = 0; kx < kw; kx++)
            s += w[((size_t)co * kh + ky) * kw + kx] * image[(size_t)(oy + ky) * wd + ox + kx];
        out[((size_t)oy * ow + ox) * cout + co] = s;
      }
}

typedef struct {
  const float *x, *w, *bias, *g;
  float *y, *dw, *db, *dx, *scratch;
  int n, h, wd, kh, kw, cout, oh, ow, parts;
  size_t part_floats;
} conv1_job;

TB_CLONES
static void conv1_forward_images(const conv1_job *job, int b0, int b1) {
  const int nc = job->ow / 8;
  for (int b = b0; b < b1; b++) {
    const float *image = job->x + (size_t)b * job->h * job->wd;
    float *out = job->y + (size_t)b * job->oh * job->ow * job->cout;
    if (!conv1_vectorised(job->ow))
      conv1_forward_image_scalar(image, job->w, job->bias, out, job->wd, job->kh, job->kw,
                                 job->cout, job->oh, job->ow);
    else if (nc == 3)
      conv1_forward_image_nc(image, job->w, job->bias, out, job->wd, job->kh, job->kw, job->cout,
                             job->oh, 3);
    else if (nc == 1)
      conv1_forward_image_nc(image, job->w, job->bias, out, job->wd, job->kh, job->kw, job->cout,
                             job->oh, 1);
    else if (nc == 2)
      conv1_forward_image_nc(image, job->w, job->bias, out, job->wd, job->kh, job->kw, job->cout,
                             job->oh, 2);
    else
      conv1_forward_image_nc(image, job->w, job->bias, out, job->wd, job->kh, job->kw, job->cout,
                             job->oh, 4);
  }
}

static void conv1_forward_part(void *ctx, int part) {
  const conv1_job *job = ctx;
  conv1_forward_images(job, (int)((long)part * job->n / job->parts),
                       (int)((long)(part + 1) * job->n / job->parts));
}

void tb_conv1_forward(const float *restrict x, const float *restrict w, const float *restrict bias,
                      float *restrict y, int n, int h, int wd, int kh, int kw, int cout) {
  conv1_job job = {.x = x, .w = w, .bias = bias, .y = y, .n = n, .h = h, .wd = wd, .kh = kh,
                   .kw = kw, .cout = cout, .oh = h - kh + 1, .ow = wd - kw + 1};
  const int threads = tb_threads();
  job.parts = n < threads ? n : threads;
  if (job.parts < 1) return;
  tb_parallel(conv1_forward_part, &job, job.parts);
}

/* ---- Backward --------------------------------------------------------------------------- */

/* A part's scratch: the channels-first output gradient of one image (cout·oh·ow), vector
   accumulators for the weight gradient (cout·kh·kw·8·TB_MAX_NC) and the bias gradient
   (cout·8), and the part's finished sums (cout·kh·kw + cout). */
static size_t conv1_part_floats(int oh, int ow, int kh, int kw, int cout) {
  const size_t taps = (size_t)cout * kh * kw;
  return (size_t)cout * oh * ow + taps * 8 * TB_MAX_NC + (size_t)cout * 8 + taps + cout;
}

static int conv1_backward_parts(int n) { return n < TB_CONV1_PARTS ? n : TB_CONV1_PARTS; }

size_t tb_conv1_backward_scratch(int n, int h, int wd, int kh, int kw, int cout) {
  return (size_t)conv1_backward_parts(n) *
         conv1_part_floats(h - kh + 1, wd - kw + 1, kh, kw, cout);
}

TB_INLINE void conv1_weight_gradient_nc(const float *restrict planes, const float *restrict image,
                                        float *restrict accv, float *restrict dbv, int wd, int kh,
                                        int kw, int cout, int oh, const int NC) {
  const int ow = 8 * NC;
  for (int co = 0; co < cout; co++) {
    const float *restrict plane = planes + (size_t)co * oh * ow;
    tb_v8 s = v8_load(dbv + (size_t)co * 8);
    for (int q = 0; q < oh * ow; q += 8) s += v8_load(plane + q);
    v8_store(dbv + (size_t)co * 8, s);
    for (int ky = 0; ky < kh; ky++)
      for (int kx = 0; kx < kw; kx++) {
        tb_v8 acc[TB_MAX_NC];
        for (int j = 0; j < NC; j++) acc[j] = v8_splat(0.0f);
        for (int oy = 0; oy < oh; oy++) {
          const float *restrict grow = plane + (size_t)oy * ow;
          const float *restrict xrow = image + (size_t)(oy + ky) * wd + kx;
          for (int j = 0; j < NC; j++) acc[j] += v8_load(grow + 8 * j) * v8_load(xrow + 8 * j);
        }
        float *restrict a = accv + (((size_t)co * kh + ky) * kw + kx) * 8 * TB_MAX_NC;
        for (int j = 0; j < NC; j++) v8_store(a + 8 * j, v8_load(a + 8 * j) + acc[j]);
      }
  }
}

TB_CLONES
static void conv1_backward_images(const conv1_job *job, int part, int b0, int b1) {
  const int oh = job->oh, ow = job->ow, kh = job->kh, kw = job->kw, cout = job->cout;
  const int wd = job->wd, h = job->h, pixels = oh * ow;
  const size_t taps = (size_t)cout * kh * kw;
  float *restrict planes = job->scratch + (size_t)part * job->part_floats;
  float *restrict accv = planes + (size_t)cout * pixels;
  float *restrict dbv = accv + taps * 8 * TB_MAX_NC;
  float *restrict dwp = dbv + (size_t)cout * 8;
  float *restrict dbp = dwp + taps;
  const int vectorised = conv1_vectorised(ow), nc = ow / 8;
  for (size_t i = 0; i < taps * 8 * TB_MAX_NC + (size_t)cout * 8 + taps + cout; i++) accv[i] = 0.0f;
  for (int b = b0; b < b1; b++) {
    const float *restrict image = job->x + (size_t)b * h * wd;
    const float *restrict grad = job->g + (size_t)b * pixels * cout;
    for (int p = 0; p < pixels; p++)
      for (int co = 0; co < cout; co++) planes[(size_t)co * pixels + p] = grad[(size_t)p * cout + co];
    if (!vectorised) {
      for (int co = 0; co < cout; co++) {
        const float *restrict plane = planes + (size_t)co * pixels;
        float s = 0.0f;
        for (int p = 0; p < pixels; p++) s += plane[p];
        dbp[co] += s;
        for (int ky = 0; ky < kh; ky++)
          for (int kx = 0; kx < kw; kx++) {
            float acc = 0.0f;
            for (int oy = 0; oy < oh; oy++)
              for (int ox = 0; ox < ow; ox++)
                acc += plane[(size_t)oy * ow + ox] * image[(size_t)(oy + ky) * wd + ox + kx];
            dwp[((size_t)co * kh + ky) * kw + kx] += acc;
          }
      }
    } else if (nc == 3) {
      conv1_weight_gradient_nc(planes, image, accv, dbv, wd, kh, kw, cout, oh, 3);
    } else if (nc == 1) {
      conv1_weight_gradient_nc(planes, image, accv, dbv, wd, kh, kw, cout, oh, 1);
    } else if (nc == 2) {
      conv1_weight_gradient_nc(planes, image, accv, dbv, wd, kh, kw, cout, oh, 2);
    } else {
      conv1_weight_gradient_nc(planes, image, accv, dbv, wd, kh, kw, cout, oh, 4);
    }
    if (job->dx) {
      float *restrict dimage = job->dx + (size_t)b * h * wd;
      for (int i = 0; i < h * wd; i++) dimage[i] = 0.0f;
      for (int co = 0; co < cout; co++) {
        const float *restrict plane = planes + (size_t)co * pixels;
        for (int ky = 0; ky < kh; ky++)
          for (int kx = 0; kx < kw; kx++) {
            const float wv = job->w[((size_t)co * kh + ky) * kw + kx];
            for (int oy = 0; oy < oh; oy++) {
              float *restrict dst = dimage + (size_t)(oy + ky) * wd + kx;
              const float *restrict gr = plane + (size_t)oy * ow;
              for (int ox = 0; ox < ow; ox++) dst[ox] += wv * gr[ox];
            }
          }
      }
    }
  }
  if (vectorised) {
    for (size_t t = 0; t < taps; t++) {
      float s = 0.0f;
      for (int j = 0; j < nc; j++) s += lanes_sum(accv + t * 8 * TB_MAX_NC + 8 * j);
      dwp[t] = s;
    }
    for (int co = 0; co < cout; co++) dbp[co] = lanes_sum(dbv + (size_t)co * 8);
  }
}

static void conv1_backward_part(void *ctx, int part) {
  const conv1_job *job = ctx;
  conv1_backward_images(job, part, (int)((long)part * job->n / job->parts),
                        (int)((long)(part + 1) * job->n / job->parts));
}

void tb_conv1_backward(const float *restrict x, const float *restrict g, const float *restrict w,
                       float *restrict dw, float *restrict db, float *restrict dx,
                       float *restrict scratch, int n, int h, int wd, int kh, int kw, int cout) {
  const int oh = h - kh + 1, ow = wd - kw + 1;
  const size_t taps = (size_t)cout * kh * kw;
  for (size_t i = 0; i < taps; i++) dw[i] = 0.0f;
  for (int co = 0; co < cout; co++) db[co] = 0.0f;
  if (n < 1) return;
  conv1_job job = {.x = x, .w = w, .g = g, .dw = dw, .db = db, .dx = dx, .scratch = scratch,
                   .n = n, .h = h, .wd = wd, .kh = kh, .kw = kw, .cout = cout, .oh = oh, .ow = ow,
                   .parts = conv1_backward_parts(n),
                   .part_floats = conv1_part_floats(oh, ow, kh, kw, cout)};
  tb_parallel(conv1_backward_part, &job, job.parts);
  /* The parts' sums, added in part order. */
  for (int p = 0; p < job.parts; p++) {
    const float *dwp = scratch + (size_t)p * job.part_floats + (size_t)cout * oh * ow +
                       taps * 8 * TB_MAX_NC + (size_t)cout * 8;
    const float *dbp = dwp + taps;
    for (size_t i = 0; i < taps; i++) dw[i] += dwp[i];
    for (int co = 0; co < cout; co++) db[co] += dbp[co];
  }
}
