#include "sparse_conv.h"

#include "parallel.h"
#include "sparse.h"

/* Training kernels for a masked convolution of one input channel and stride 1 (LeNet-5's first
   layer, the shape conv1.c computes densely; conv-2's and conv-4's, padded), over kept taps
   only. A padded layer works on zero-padded copies of its images.

   With one input channel the tap count is small (25 for 5×5) and every output pixel has a few
   output channels, so the kernels vectorise across output channels instead of pixels: the
   channels are cut into blocks of eight lanes, and each block keeps the union of its channels'
   kept taps (in ascending tap order), with an eight-lane weight vector per union tap that holds
   zero for a channel not keeping it. An output pixel is then bias + Σ over the union of
   weight vector · broadcast input pixel, one eight-lane multiply-add per union tap, stored
   straight into the NHWC output: no transposes, no im2col, no planes. A product with a zero
   weight adds an exact zero, so each output is its own kept taps summed in ascending order.
   At 1% density the union has one or two taps and a pass costs about a read of the input and
   a write of the output.

   The backward pass loads each pixel's eight-lane output gradient and accumulates, per union
   tap, gradient · broadcast input pixel (the weight gradient, read off at kept taps) and the
   gradient itself (the bias gradient, so no separate column sums). The batch is cut into at
   most eight parts chosen from n alone; each part sums its images in order with two
   accumulators alternating over a row's pixels, and the parts' sums are added in part order:
   the same bits at any thread count. Each body is compiled for AVX-512, AVX2+FMA and baseline
   x86-64 and chosen by tb_sparse_simd_level(), as in sparse_conv.c. */

#include "sparse_common.h"

#pragma clang fp contract(fast)

enum { tb_s1_max_parts = 8, tb_s1_group = 4 };

static size_t tb_s1_round16(size_t v) { return (v + 15) & ~(size_t)15; }

static size_t tb_s1_blocks(int cout) { return ((size_t)cout + 7) / 8; }
static int tb_s1_parts(int n) { return n < tb_s1_max_parts ? n : tb_s1_max_parts; }

/* Floats per part of the backward sums: per block, a vector per tap and one for the bias. */
static size_t tb_s1_part_floats(int kh, int kw, int cout) {
  return tb_s1_blocks(cout) * ((size_t)kh * kw + 1) * 8;
}

/* Floats of one zero-padded image. */
static size_t tb_s1_padded_image(int h, int wd, int pad) {
  return (size_t)(h + 2 * pad) * (size_t)(wd + 2 * pad);
}

size_t tb_sparse_conv1_scratch_count(int n, int h, int wd, int kh, int kw, int cout, int pad) {
  const size_t blocks = tb_s1_blocks(cout), taps = (size_t)kh * kw;
  const size_t parts = (size_t)tb_s1_parts(n < 1 ? 1 : n);
  /* union sizes, union taps, union offsets, tap → union slot (int32 each); weight and bias
     vectors; the parts' sums; with padding, the padded images and a padded input gradient per
     part. */
  const size_t padded = pad > 0 ? tb_s1_round16(tb_s1_padded_image(h, wd, pad)) : 0;
  return tb_s1_round16(blocks) + 3 * tb_s1_round16(blocks * taps) + blocks * (taps + 1) * 8 +
         parts * tb_s1_part_floats(kh, kw, cout) + ((size_t)(n < 1 ? 0 : n) + parts) * padded;
}

typedef struct {
  const float *w, *bias, *x, *gy;
  float *y, *dx;
  int n, h, wd, kh, kw, cout, oh, ow, parts; /* h, wd: the padded image */
  int h0, w0, pad;                           /* the image as given, and its padding */
  size_t image;                              /* floats per padded image (rounded up to 16) */
  float *padded;                             /* [n][image] padded images, when pad > 0 */
  float *dpadded;                            /* [parts][image] padded input gradients */
  size_t blocks, taps;
  int32_t *count;  /* [blocks]: union size */
  int32_t *tap;    /* [blocks][taps]: union taps, ascending */
  int32_t *offset; /* [blocks][taps]: ky·wd + kx of each union tap */
  int32_t *slot;   /* [blocks][taps]: a tap's place in its block's union, or −1 */
  float *wv;       /* [blocks][taps][8]: weight vectors of union taps */
  float *bv;       /* [blocks][8]: bias vectors */
  float *sums;     /* [parts][blocks][taps + 1][8] */
} tb_s1_job;

/* The job for a shape, with the unions and weight vectors of pattern p built in scratch. */
static tb_s1_job tb_s1_job_for(tb_mask_pattern p, const float *w, const float *bias, int n, int h0,
                               int w0, int kh, int kw, int pad, float *scratch) {
  const int h = h0 + 2 * pad, wd = w0 + 2 * pad;
  tb_s1_job j = {.w = w, .bias = bias, .n = n, .h = h, .wd = wd, .kh = kh, .kw = kw,
                 .cout = (int)p.rows, .oh = h - kh + 1, .ow = wd - kw + 1,
                 .parts = tb_s1_parts(n), .h0 = h0, .w0 = w0, .pad = pad};
  j.blocks = tb_s1_blocks(j.cout);
  j.taps = (size_t)kh * kw;
  const size_t bt = tb_s1_round16(j.blocks * j.taps);
  j.count = (int32_t *)scratch;
  j.tap = j.count + tb_s1_round16(j.blocks);
  j.offset = j.tap + bt;
  j.slot = j.offset + bt;
  j.wv = (float *)(j.slot + bt);
  j.bv = j.wv + j.blocks * j.taps * 8;
  j.sums = j.bv + j.blocks * 8;
  j.image = pad > 0 ? tb_s1_round16(tb_s1_padded_image(h0, w0, pad)) : 0;
  j.padded = j.sums + (size_t)j.parts * tb_s1_part_floats(kh, kw, j.cout);
  j.dpadded = j.padded + (size_t)n * j.image;
  for (size_t b = 0; b < j.blocks; b++) {
    int32_t *slot = j.slot + b * j.taps;
    for (size_t t = 0; t < j.taps; t++) slot[t] = -1;
    const size_t o0 = 8 * b, o1 = o0 + 8 < (size_t)j.cout ? o0 + 8 : (size_t)j.cout;
    for (size_t o = o0; o < o1; o++)
      for (int64_t k = p.row_start[o]; k < p.row_start[o + 1]; k++) slot[p.column[k]] = 0;
    int32_t u = 0;
    for (size_t t = 0; t < j.taps; t++)
      if (slot[t] == 0) {
        slot[t] = u;
        j.tap[b * j.taps + (size_t)u] = (int32_t)t;
        j.offset[b * j.taps + (size_t)u] = (int32_t)((t / (size_t)kw) * (size_t)wd + t % (size_t)kw);
        u++;
      }
    j.count[b] = u;
    float *wv = j.wv + b * j.taps * 8;
    for (size_t q = 0; q < (size_t)u * 8; q++) wv[q] = 0.0f;
    for (size_t o = o0; o < o1; o++)
      for (int64_t k = p.row_start[o]; k < p.row_start[o + 1]; k++)
        wv[(size_t)slot[p.column[k]] * 8 + (o - o0)] = w[p.kept[k]];
    for (size_t l = 0; l < 8; l++) j.bv[b * 8 + l] = o0 + l < o1 && bias ? bias[o0 + l] : 0.0f;
  }
  return j;
}

static int tb_s1_first(const tb_s1_job *j, int part) {
  return (int)((long)j->n * part / j->parts);
}

/* Image img as the kernels read it: x itself without padding, else its zero-padded copy. */
static const float *tb_s1_image(const tb_s1_job *j, int img) {
  if (j->pad == 0) return j->x + (size_t)img * j->h * j->wd;
  return j->padded + (size_t)img * j->image;
}

/* Writes the zero-padded copies of the part's images (nothing without padding). */
static void tb_s1_pad_images(const tb_s1_job *j, int part) {
  if (j->pad == 0) return;
  const size_t pad = (size_t)j->pad, wd = (size_t)j->wd, w0 = (size_t)j->w0;
  for (int img = tb_s1_first(j, part); img < tb_s1_first(j, part + 1); img++) {
    float *restrict dst = j->padded + (size_t)img * j->image;
    const float *restrict src = j->x + (size_t)img * j->h0 * w0;
    for (size_t i = 0; i < (size_t)j->h * wd; i++) dst[i] = 0.0f;
    for (size_t r = 0; r < (size_t)j->h0; r++)
      for (size_t c = 0; c < w0; c++) dst[(r + pad) * wd + pad + c] = src[r * w0 + c];
  }
}

TB_INLINE tb_v8 tb_s1_splat(float v) { return (tb_v8){v, v, v, v, v, v, v, v}; }

/* Stores the first `lanes` lanes of v at p (all eight when lanes is 8). */
TB_INLINE void tb_s1_store(float *p, tb_v8 v, size_t lanes) {
  if (lanes == 8) {
    __builtin_memcpy(p, &v, sizeof v);
  } else {
    for (size_t l = 0; l < lanes; l++) p[l] = v[l];
  }
}

/* The first `lanes` floats at p as a vector, zero beyond. */
TB_INLINE tb_v8 tb_s1_load(const float *p, size_t lanes) {
  tb_v8 v;
  if (lanes == 8) {
    __builtin_memcpy(&v, p, sizeof v);
  } else {
    v = tb_s1_splat(0.0f);
    for (size_t l = 0; l < lanes; l++) v[l] = p[l];
  }
  return v;
}

/* The pixels of row oy whose eight lanes from block b's first channel stay inside the image's
   output (pixel p: p·cout + 8b + 8 ≤ pixels·cout) are those before the returned column. */
static size_t tb_s1_row_end(const tb_s1_job *j, size_t b, size_t oy) {
  const size_t cout = (size_t)j->cout, pixels = (size_t)j->oh * j->ow;
  const size_t tail = (8 * b + 8 + cout - 1) / cout; /* ⌈(8b + 8)/cout⌉ */
  const size_t first = pixels + 1 > tail ? pixels + 1 - tail : 0, row = oy * (size_t)j->ow;
  return first <= row ? 0 : first - row < (size_t)j->ow ? first - row : (size_t)j->ow;
}

/* P pixels (ox0 … ox0+P−1) of output row oy, block b of image `image`, stored at `out` (the
   image's output), L lanes each. */
TB_INLINE void tb_s1_forward_pixels(const tb_s1_job *j, const float *restrict image,
                                    float *restrict out, size_t b, size_t oy, size_t ox0,
                                    const int P, const size_t L) {
  const size_t cout = (size_t)j->cout, o0 = 8 * b;
  const int32_t u1 = j->count[b];
  const int32_t *restrict offset = j->offset + b * j->taps;
  const float *restrict wv = j->wv + b * j->taps * 8;
  const float *restrict xr = image + oy * (size_t)j->wd + ox0;
  tb_v8 acc[4];
  const tb_v8 bias = *(const tb_v8 *)(j->bv + b * 8);
  for (int i = 0; i < P; i++) acc[i] = bias;
  for (int32_t u = 0; u < u1; u++) {
    const tb_v8 wu = *(const tb_v8 *)(wv + (size_t)u * 8);
    const float *restrict xu = xr + offset[u];
    for (int i = 0; i < P; i++) acc[i] += wu * tb_s1_splat(xu[i]);
  }
  for (int i = 0; i < P; i++)
    tb_s1_store(out + (oy * (size_t)j->ow + ox0 + (size_t)i) * cout + o0, acc[i], L);
}

TB_INLINE void tb_s1_forward_part(const tb_s1_job *j, int part) {
  const size_t ow = (size_t)j->ow, cout = (size_t)j->cout;
  tb_s1_pad_images(j, part);
  for (int img = tb_s1_first(j, part); img < tb_s1_first(j, part + 1); img++) {
    const float *restrict image = tb_s1_image(j, img);
    float *restrict out = j->y + (size_t)img * j->oh * ow * cout;
    for (size_t oy = 0; oy < (size_t)j->oh; oy++) {
      if (j->blocks == 1) {
        /* Eight-lane stores: the lanes past the last channel land on the following pixels,
           which are stored after them; the image's last pixels store their channels only. */
        const size_t end = tb_s1_row_end(j, 0, oy);
        size_t ox = 0;
        for (; ox + 4 <= end; ox += 4) tb_s1_forward_pixels(j, image, out, 0, oy, ox, 4, 8);
        for (; ox < end; ox++) tb_s1_forward_pixels(j, image, out, 0, oy, ox, 1, 8);
        for (; ox < ow; ox++) tb_s1_forward_pixels(j, image, out, 0, oy, ox, 1, cout);
      } else {
        /* Each block's channels exactly. */
        size_t ox = 0;
        for (; ox + 4 <= ow; ox += 4)
          for (size_t b = 0; b < j->blocks; b++)
            tb_s1_forward_pixels(j, image, out, b, oy, ox, 4, cout - 8 * b < 8 ? cout - 8 * b : 8);
        for (; ox < ow; ox++)
          for (size_t b = 0; b < j->blocks; b++)
            tb_s1_forward_pixels(j, image, out, b, oy, ox, 1, cout - 8 * b < 8 ? cout - 8 * b : 8);
      }
    }
  }
}

/* The weight-gradient sums of union taps [u0, u0 + G) of block b over the part's images (and
   the bias gradient's with u0 = 0), added into the part's sums. Two accumulators alternate over
   a row's pixels and are added at the end. */
TB_INLINE void tb_s1_backward_group(const tb_s1_job *j, int part, size_t b, int32_t u0,
                                    const int G) {
  const size_t ow = (size_t)j->ow, cout = (size_t)j->cout, o0 = 8 * b;
  const size_t used = cout - o0 < 8 ? cout - o0 : 8;
  const size_t pixels = (size_t)j->oh * ow;
  const int32_t *restrict offset = j->offset + b * j->taps + u0;
  tb_v8 acc[tb_s1_group][2], bacc[2];
  for (int g = 0; g < G; g++) acc[g][0] = acc[g][1] = tb_s1_splat(0.0f);
  bacc[0] = bacc[1] = tb_s1_splat(0.0f);
  for (int img = tb_s1_first(j, part); img < tb_s1_first(j, part + 1); img++) {
    const float *restrict image = tb_s1_image(j, img);
    const float *restrict grad = j->gy + (size_t)img * pixels * cout + o0;
    for (size_t oy = 0; oy < (size_t)j->oh; oy++) {
      const float *restrict xr = image + oy * (size_t)j->wd;
      const float *restrict gr = grad + oy * ow * cout;
      /* All eight lanes except where they would run past the image's gradient. */
      const size_t end = tb_s1_row_end(j, b, oy);
      size_t ox = 0;
      for (; ox + 2 <= end; ox += 2) {
        const tb_v8 g0 = tb_s1_load(gr + ox * cout, 8), g1 = tb_s1_load(gr + (ox + 1) * cout, 8);
        if (u0 == 0) {
          bacc[0] += g0;
          bacc[1] += g1;
        }
        for (int g = 0; g < G; g++) {
          acc[g][0] += g0 * tb_s1_splat(xr[ox + offset[g]]);
          acc[g][1] += g1 * tb_s1_splat(xr[ox + 1 + offset[g]]);
        }
      }
      for (; ox < ow; ox++) {
        const size_t phase = ox & 1;
        const tb_v8 gv = tb_s1_load(gr + ox * cout, ox < end ? 8 : used);
        if (u0 == 0) bacc[phase] += gv;
        for (int g = 0; g < G; g++) acc[g][phase] += gv * tb_s1_splat(xr[ox + offset[g]]);
      }
    }
  }
  float *restrict sums = j->sums + (size_t)part * j->blocks * (j->taps + 1) * 8 +
                         b * (j->taps + 1) * 8;
  for (int g = 0; g < G; g++) {
    const tb_v8 s = acc[g][0] + acc[g][1];
    __builtin_memcpy(sums + ((size_t)u0 + (size_t)g) * 8, &s, sizeof s);
  }
  if (u0 == 0) {
    const tb_v8 s = bacc[0] + bacc[1];
    __builtin_memcpy(sums + j->taps * 8, &s, sizeof s);
  }
}

/* The input gradient of the part's images: dx[p + offset] += Σ over lanes of w · gy[p], in
   ascending pixel, block and union tap order. */
TB_INLINE void tb_s1_input_gradient(const tb_s1_job *j, int part) {
  const size_t ow = (size_t)j->ow, cout = (size_t)j->cout;
  const size_t pixels = (size_t)j->oh * ow;
  for (int img = tb_s1_first(j, part); img < tb_s1_first(j, part + 1); img++) {
    /* Without padding straight into dx, else into the part's padded gradient, cropped after. */
    float *restrict dimage =
        j->pad == 0 ? j->dx + (size_t)img * j->h * j->wd : j->dpadded + (size_t)part * j->image;
    for (size_t i = 0; i < (size_t)j->h * j->wd; i++) dimage[i] = 0.0f;
    const float *restrict grad = j->gy + (size_t)img * pixels * cout;
    for (size_t oy = 0; oy < (size_t)j->oh; oy++)
      for (size_t ox = 0; ox < ow; ox++)
        for (size_t b = 0; b < j->blocks; b++) {
          const size_t o0 = 8 * b, used = cout - o0 < 8 ? cout - o0 : 8;
          const tb_v8 gv = tb_s1_load(grad + (oy * ow + ox) * cout + o0, used);
          float *restrict dst = dimage + oy * (size_t)j->wd + ox;
          for (int32_t u = 0; u < j->count[b]; u++) {
            const tb_v8 s = *(const tb_v8 *)(j->wv + (b * j->taps + (size_t)u) * 8) * gv;
            dst[j->offset[b * j->taps + (size_t)u]] +=
                ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
          }
        }
    if (j->pad > 0) {
      const size_t pad = (size_t)j->pad, w0 = (size_t)j->w0;
      float *restrict out = j->dx + (size_t)img * j->h0 * w0;
      for (size_t r = 0; r < (size_t)j->h0; r++)
        for (size_t c = 0; c < w0; c++) out[r * w0 + c] = dimage[(r + pad) * (size_t)j->wd + pad + c];
    }
  }
}

TB_INLINE void tb_s1_backward_part(const tb_s1_job *j, int part) {
  tb_s1_pad_images(j, part);
  for (size_t b = 0; b < j->blocks; b++) {
    const int32_t u1 = j->count[b];
    int32_t u0 = 0;
    for (; u0 + tb_s1_group <= u1; u0 += tb_s1_group)
      tb_s1_backward_group(j, part, b, u0, tb_s1_group);
    switch (u1 - u0) {
    case 3: tb_s1_backward_group(j, part, b, u0, 3); break;
    case 2: tb_s1_backward_group(j, part, b, u0, 2); break;
    case 1: tb_s1_backward_group(j, part, b, u0, 1); break;
    default:
      if (u0 == 0) tb_s1_backward_group(j, part, b, 0, 0);  // the bias gradient alone
      break;
    }
  }
  if (j->dx) tb_s1_input_gradient(j, part);
}

/* Instantiates the parts for one instruction set level. */
#define TB_S1_LEVEL(suffix, attribute)                                                          \
  attribute static void tb_s1_forward_##suffix(void *ctx, int part) {                          \
    tb_s1_forward_part(ctx, part);                                                              \
  }                                                                                             \
  attribute static void tb_s1_backward_##suffix(void *ctx, int part) {                         \
    tb_s1_backward_part(ctx, part);                                                             \
  }

TB_S1_LEVEL(default, )
#if TB_X86
TB_S1_LEVEL(avx2, TB_AVX2)
TB_S1_LEVEL(avx512, TB_AVX512)
#endif

static void tb_s1_run(tb_s1_job *job, int backward) {
  tb_part_fn fn = backward ? tb_s1_backward_default : tb_s1_forward_default;
#if TB_X86
  switch (tb_sparse_simd_level()) {
  case tb_level_avx512: fn = backward ? tb_s1_backward_avx512 : tb_s1_forward_avx512; break;
  case tb_level_avx2: fn = backward ? tb_s1_backward_avx2 : tb_s1_forward_avx2; break;
  default: break;
  }
#endif
  if (job->parts == 1) fn(job, 0);
  else tb_parallel(fn, job, job->parts);
}

void tb_sparse_conv1_forward(tb_mask_pattern p, const float *restrict w,
                             const float *restrict bias, const float *restrict x,
                             float *restrict y, int n, int h, int wd, int kh, int kw, int pad,
                             float *restrict scratch) {
  if (n <= 0) return;
  tb_s1_job job = tb_s1_job_for(p, w, bias, n, h, wd, kh, kw, pad, scratch);
  job.x = x;
  job.y = y;
  tb_s1_run(&job, 0);
}

void tb_sparse_conv1_backward(tb_mask_pattern p, const float *restrict w,
                              const float *restrict x, const float *restrict gy,
                              float *restrict dw, float *restrict db, float *restrict dx, int n,
                              int h, int wd, int kh, int kw, int pad, float *restrict scratch) {
  for (size_t o = 0; o < p.rows; o++) db[o] = 0.0f;
  if (n <= 0) {
    for (size_t k = 0; k < p.count; k++) dw[p.kept[k]] = 0.0f;
    return;
  }
  tb_s1_job job = tb_s1_job_for(p, w, NULL, n, h, wd, kh, kw, pad, scratch);
  job.x = x;
  job.gy = gy;
  job.dx = dx;
  tb_s1_run(&job, 1);
  /* The parts' sums, added in part order. */
  const size_t part_floats = job.blocks * (job.taps + 1) * 8;
  for (size_t o = 0; o < p.rows; o++) {
    const size_t b = o / 8, l = o % 8;
    const float *first = job.sums + b * (job.taps + 1) * 8;
    for (int64_t k = p.row_start[o]; k < p.row_start[o + 1]; k++) {
      const size_t at = (size_t)job.slot[b * job.taps + (size_t)p.column[k]] * 8 + l;
      float s = first[at];
      for (int part = 1; part < job.parts; part++) s += first[(size_t)part * part_floats + at];
      dw[p.kept[k]] = s;
    }
    float s = first[job.taps * 8 + l];
    for (int part = 1; part < job.parts; part++)
      s += first[(size_t)part * part_floats + job.taps * 8 + l];
    db[o] = s;
  }
}
