#include "sparse_conv.h"

#include "ckernels.h"
#include "parallel.h"
#include "sparse.h"

/* Training kernels for masked convolutions: the forward pass, the input gradient and the weight
   gradient at kept taps, computed from the kept weights only (sparse_train.c does the same for
   dense layers, and the optimiser steps over the kept list there serve both).

   Every image is transposed into channel planes, zero-padded and split into stride×stride
   phases: plane (i, py, px) holds x[iy, ix, i] for padded coordinates (iy, ix) ≡ (py, px) mod s,
   at row iy/s and column ix/s of a [hq, wq] grid. Output (oy, ox) of tap (ky, kx, i) then reads
   row oy + ky/s, column ox + kx/s of plane (i, ky mod s, kx mod s): over the flattened lane
   q = oy·wq + ox, one kept tap scales the contiguous run plane[off + q], off fixed per tap.
   Lanes with ox ≥ ow read past the row's end and are discarded (forward) or carry a zero
   gradient (backward), so every kept tap is one long vector operation with no im2col and no
   per-row loop. Each body is compiled for AVX-512, AVX2+FMA and baseline x86-64, chosen by
   tb_sparse_simd_level() as in sparse_train.c; within a level every result's summation order
   is fixed by the shapes and the pattern. */

#include "sparse_common.h"

#pragma clang fp contract(fast)

/* The widest lane chunk the forward pass keeps in registers, and the parts of a batch. */
enum { tb_sc_chunk = 64, tb_sc_max_parts = 8 };

/* The planar layout of one geometry. */
typedef struct {
  size_t s, hq, wq, planes, plane; /* stride, phase grid, planes per image, floats per plane */
  size_t lanes;                    /* oh·wq rounded up to 16 */
  size_t image;                    /* floats per transposed image (planes and read slack) */
  size_t parts;                    /* parts of the batch: min(n, 8) */
  size_t part_floats;              /* per-part planes: an output or input-gradient image */
} tb_sc_layout;

static size_t tb_round16(size_t v) { return (v + 15) & ~(size_t)15; }

static tb_sc_layout tb_sc_layout_for(tb_conv_geometry g, size_t cout) {
  tb_sc_layout l;
  l.s = (size_t)g.stride;
  const size_t hp = (size_t)g.h + 2 * (size_t)g.pad, wp = (size_t)g.w + 2 * (size_t)g.pad;
  l.hq = (hp + l.s - 1) / l.s;
  l.wq = (wp + l.s - 1) / l.s;
  l.planes = (size_t)g.c * l.s * l.s;
  l.plane = l.hq * l.wq;
  l.lanes = tb_round16((size_t)g.oh * l.wq);
  /* The farthest read: the last plane's largest tap offset plus a whole lane run. */
  const size_t last = (l.planes - 1) * l.plane + ((size_t)(g.kh - 1) / l.s) * l.wq +
                      (size_t)(g.kw - 1) / l.s + l.lanes;
  l.image = tb_round16(last > l.planes * l.plane ? last : l.planes * l.plane);
  l.parts = g.n < tb_sc_max_parts ? (size_t)g.n : tb_sc_max_parts;
  const size_t out = cout * l.lanes;
  l.part_floats = out > l.image ? out : l.image;
  return l;
}

/* Scratch regions, in order: tap offsets (int32, one per kept weight), transposed inputs
   [n][image], transposed output gradients [n][cout][lanes], per-part planes
   [parts][part_floats], per-part weight-gradient sums [parts][kept]. */
typedef struct {
  int32_t *offset;
  float *xt, *gt, *planes, *sums;
} tb_sc_regions;

static tb_sc_regions tb_sc_regions_in(float *scratch, tb_sc_layout l, tb_conv_geometry g,
                                      size_t cout, size_t kept) {
  tb_sc_regions r;
  r.offset = (int32_t *)scratch;
  r.xt = scratch + tb_round16(kept);
  r.gt = r.xt + (size_t)g.n * l.image;
  r.planes = r.gt + (size_t)g.n * cout * l.lanes;
  r.sums = r.planes + l.parts * l.part_floats;
  return r;
}

static tb_conv_geometry tb_sc_geometry(int n, int h, int w, int c, int kh, int kw, int stride,
                                       int pad) {
  return (tb_conv_geometry){.n = n, .h = h, .w = w, .c = c, .kh = kh, .kw = kw,
                            .stride = stride, .pad = pad, .oh = (h + 2 * pad - kh) / stride + 1,
                            .ow = (w + 2 * pad - kw) / stride + 1};
}

size_t tb_sparse_conv_scratch_count(int n, int h, int w, int c, int kh, int kw, int stride,
                                    int pad, size_t cout, size_t kept) {
  const tb_conv_geometry g = tb_sc_geometry(n, h, w, c, kh, kw, stride, pad);
  const tb_sc_layout l = tb_sc_layout_for(g, cout);
  return tb_round16(kept) + (size_t)g.n * l.image + (size_t)g.n * cout * l.lanes +
         l.parts * l.part_floats + l.parts * tb_round16(kept);
}

/* The offset of every kept tap into a transposed image: column t of the pattern is
   (ky·kw + kx)·c + i. */
static void tb_sc_offsets(tb_mask_pattern p, tb_conv_geometry g, tb_sc_layout l,
                          int32_t *restrict offset) {
  const size_t c = (size_t)g.c, kw = (size_t)g.kw;
  for (size_t k = 0; k < p.count; k++) {
    const size_t t = (size_t)p.column[k];
    const size_t i = t % c, kx = (t / c) % kw, ky = t / (c * kw);
    const size_t plane = (i * l.s + ky % l.s) * l.s + kx % l.s;
    offset[k] = (int32_t)(plane * l.plane + (ky / l.s) * l.wq + kx / l.s);
  }
}

/* The operands of one call: weights, bias, input and output (forward) or output gradient,
   weight gradient and input gradient (backward). */
typedef struct {
  const float *w, *bias, *x, *gy;
  float *y, *dw, *dx;
} tb_sc_operands;

typedef struct {
  tb_mask_pattern p;
  tb_conv_geometry g;
  tb_sc_layout l;
  tb_sc_regions r;
  tb_sc_operands o;
} tb_sc_job;

/* First image of part `part`. */
static size_t tb_sc_first(const tb_sc_job *j, size_t part) {
  return (size_t)j->g.n * part / j->l.parts;
}

/* x[b] (NHWC) into zero-padded phase planes at dst. */
TB_INLINE void tb_sc_transpose_image(const tb_sc_job *j, size_t b, float *restrict dst) {
  const tb_conv_geometry g = j->g;
  const tb_sc_layout l = j->l;
  for (size_t q = 0; q < l.image; q++) dst[q] = 0.0f;
  const float *restrict src = j->o.x + b * (size_t)g.h * g.w * g.c;
  for (size_t iy = 0; iy < (size_t)g.h; iy++) {
    const size_t py = (iy + g.pad) % l.s, ry = (iy + g.pad) / l.s;
    for (size_t ix = 0; ix < (size_t)g.w; ix++) {
      const size_t px = (ix + g.pad) % l.s, rx = (ix + g.pad) / l.s;
      const float *restrict pixel = src + (iy * g.w + ix) * g.c;
      float *restrict base = dst + (py * l.s + px) * l.plane + ry * l.wq + rx;
      for (size_t i = 0; i < (size_t)g.c; i++) base[i * l.s * l.s * l.plane] = pixel[i];
    }
  }
}

/* The adjoint of tb_sc_transpose_image: the planes' values at real (unpadded) positions into
   dx[b] (NHWC, overwritten). */
TB_INLINE void tb_sc_untranspose_image(const tb_sc_job *j, size_t b, const float *restrict src) {
  const tb_conv_geometry g = j->g;
  const tb_sc_layout l = j->l;
  float *restrict dst = j->o.dx + b * (size_t)g.h * g.w * g.c;
  for (size_t iy = 0; iy < (size_t)g.h; iy++) {
    const size_t py = (iy + g.pad) % l.s, ry = (iy + g.pad) / l.s;
    for (size_t ix = 0; ix < (size_t)g.w; ix++) {
      const size_t px = (ix + g.pad) % l.s, rx = (ix + g.pad) / l.s;
      float *restrict pixel = dst + (iy * g.w + ix) * g.c;
      const float *restrict base = src + (py * l.s + px) * l.plane + ry * l.wq + rx;
      for (size_t i = 0; i < (size_t)g.c; i++) pixel[i] = base[i * l.s * l.s * l.plane];
    }
  }
}

/* out[q] = init + Σ_{k ∈ [k0, k1)} w[kept[k]]·in[offset[k] + q] for q in [q0, q0 + B): one
   independent sum per lane, in ascending k. */
TB_INLINE void tb_sc_gather(const float *restrict w, const int32_t *restrict kept,
                            const int32_t *restrict offset, int64_t k0, int64_t k1,
                            const float *restrict in, float init, float *restrict out, size_t q0,
                            const int B) {
  float acc[tb_sc_chunk];
  for (int q = 0; q < B; q++) acc[q] = init;
  for (int64_t k = k0; k < k1; k++) {
    const float wk = w[kept[k]];
    const float *restrict xr = in + offset[k] + q0;
    for (int q = 0; q < B; q++) acc[q] += wk * xr[q];
  }
  for (int q = 0; q < B; q++) out[q0 + q] = acc[q];
}

// y = b + Σ over kept taps of w · (shifted x), for the images of one part
TB_INLINE void tb_sc_forward_part(const tb_sc_job *j, size_t part) {
  const tb_conv_geometry g = j->g;
  const tb_sc_layout l = j->l;
  const size_t cout = j->p.rows;
  float *restrict planes = j->r.planes + part * l.part_floats;
  for (size_t b = tb_sc_first(j, part); b < tb_sc_first(j, part + 1); b++) {
    float *restrict xt = j->r.xt + b * l.image;
    tb_sc_transpose_image(j, b, xt);
    for (size_t o = 0; o < cout; o++) {
      const int64_t k0 = j->p.row_start[o], k1 = j->p.row_start[o + 1];
      float *restrict out = planes + o * l.lanes;
      size_t q0 = 0;
      for (; q0 + tb_sc_chunk <= l.lanes; q0 += tb_sc_chunk)
        tb_sc_gather(j->o.w, j->p.kept, j->r.offset, k0, k1, xt, j->o.bias[o], out, q0, tb_sc_chunk);
      switch (l.lanes - q0) {
      case 48: tb_sc_gather(j->o.w, j->p.kept, j->r.offset, k0, k1, xt, j->o.bias[o], out, q0, 48); break;
      case 32: tb_sc_gather(j->o.w, j->p.kept, j->r.offset, k0, k1, xt, j->o.bias[o], out, q0, 32); break;
      case 16: tb_sc_gather(j->o.w, j->p.kept, j->r.offset, k0, k1, xt, j->o.bias[o], out, q0, 16); break;
      default: break;
      }
    }
    float *restrict y = j->o.y + b * (size_t)g.oh * g.ow * cout;
    for (size_t oy = 0; oy < (size_t)g.oh; oy++)
      for (size_t ox = 0; ox < (size_t)g.ow; ox++)
        for (size_t o = 0; o < cout; o++)
          y[(oy * g.ow + ox) * cout + o] = planes[o * l.lanes + oy * l.wq + ox];
  }
}

typedef float tb_sc_v16 __attribute__((vector_size(64), aligned(4)));
typedef float tb_sc_v8 __attribute__((vector_size(32)));
typedef float tb_sc_v4 __attribute__((vector_size(16)));

TB_INLINE tb_sc_v16 tb_sc_load(const float *p) {
  tb_sc_v16 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

/* The sixteen lanes of s summed by a fixed halving tree (tb_dot's order in sparse_train.c). */
TB_INLINE float tb_sc_lanes_sum(tb_sc_v16 s) {
  const tb_sc_v8 h = __builtin_shufflevector(s, s, 0, 1, 2, 3, 4, 5, 6, 7) +
                     __builtin_shufflevector(s, s, 8, 9, 10, 11, 12, 13, 14, 15);
  const tb_sc_v4 f = __builtin_shufflevector(h, h, 0, 1, 2, 3) +
                     __builtin_shufflevector(h, h, 4, 5, 6, 7);
  return (f[0] + f[2]) + (f[1] + f[3]);
}

// dW[o, tap] = Σ_b Σ_q gt[b, o, q] · xt[b, offset + q] at kept taps;  dx = Σ_taps w · shifted gt
TB_INLINE void tb_sc_backward_part(const tb_sc_job *j, size_t part) {
  const tb_conv_geometry g = j->g;
  const tb_sc_layout l = j->l;
  const size_t cout = j->p.rows, b0 = tb_sc_first(j, part), b1 = tb_sc_first(j, part + 1);
  const size_t pixels = (size_t)g.oh * g.ow;
  /* The output gradients as zero-padded [cout][lanes] planes (zero at discarded lanes). */
  for (size_t b = b0; b < b1; b++) {
    float *restrict gt = j->r.gt + b * cout * l.lanes;
    for (size_t q = 0; q < cout * l.lanes; q++) gt[q] = 0.0f;
    const float *restrict src = j->o.gy + b * pixels * cout;
    for (size_t oy = 0; oy < (size_t)g.oh; oy++)
      for (size_t ox = 0; ox < (size_t)g.ow; ox++)
        for (size_t o = 0; o < cout; o++)
          gt[o * l.lanes + oy * l.wq + ox] = src[(oy * g.ow + ox) * cout + o];
  }
  if (j->o.dx) {
    float *restrict planes = j->r.planes + part * l.part_floats;
    for (size_t b = b0; b < b1; b++) {
      const float *restrict gt = j->r.gt + b * cout * l.lanes;
      for (size_t q = 0; q < l.image; q++) planes[q] = 0.0f;
      for (size_t o = 0; o < cout; o++) {
        const float *restrict gr = gt + o * l.lanes;
        for (int64_t k = j->p.row_start[o]; k < j->p.row_start[o + 1]; k++) {
          const float wk = j->o.w[j->p.kept[k]];
          float *restrict dst = planes + j->r.offset[k];
          for (size_t q = 0; q < l.lanes; q++) dst[q] += wk * gr[q];
        }
      }
      tb_sc_untranspose_image(j, b, planes);
    }
  }
  float *restrict sums = j->r.sums + part * tb_round16(j->p.count);
  for (size_t o = 0; o < cout; o++)
    for (int64_t k = j->p.row_start[o]; k < j->p.row_start[o + 1]; k++) {
      tb_sc_v16 acc = {0};
      for (size_t b = b0; b < b1; b++) {
        const float *restrict gr = j->r.gt + (b * cout + o) * l.lanes;
        const float *restrict xr = j->r.xt + b * l.image + j->r.offset[k];
        for (size_t q = 0; q < l.lanes; q += 16) acc += tb_sc_load(gr + q) * tb_sc_load(xr + q);
      }
      sums[k] = tb_sc_lanes_sum(acc);
    }
}

/* Instantiates the parts for one instruction set level. */
#define TB_SC_LEVEL(suffix, attribute)                                                          \
  attribute static void tb_sc_forward_##suffix(void *ctx, int part) {                          \
    tb_sc_forward_part(ctx, (size_t)part);                                                      \
  }                                                                                             \
  attribute static void tb_sc_backward_##suffix(void *ctx, int part) {                         \
    tb_sc_backward_part(ctx, (size_t)part);                                                     \
  }

TB_SC_LEVEL(default, )
#if TB_X86
TB_SC_LEVEL(avx2, TB_AVX2)
TB_SC_LEVEL(avx512, TB_AVX512)
#endif

static void tb_sc_run(tb_sc_job *job, int backward) {
  tb_part_fn fn = backward ? tb_sc_backward_default : tb_sc_forward_default;
#if TB_X86
  switch (tb_sparse_simd_level()) {
  case tb_level_avx512: fn = backward ? tb_sc_backward_avx512 : tb_sc_forward_avx512; break;
  case tb_level_avx2: fn = backward ? tb_sc_backward_avx2 : tb_sc_forward_avx2; break;
  default: break;
  }
#endif
  if (job->l.parts == 1) fn(job, 0);
  else tb_parallel(fn, job, (int)job->l.parts);
}

/* The job for a shape: its layout, its scratch regions and the kept taps' offsets. */
static tb_sc_job tb_sc_job_for(tb_mask_pattern p, tb_sc_operands o, int n, int h, int wd, int c,
                               int kh, int kw, int stride, int pad, float *scratch) {
  tb_sc_job job = {.p = p, .o = o, .g = tb_sc_geometry(n, h, wd, c, kh, kw, stride, pad)};
  job.l = tb_sc_layout_for(job.g, p.rows);
  job.r = tb_sc_regions_in(scratch, job.l, job.g, p.rows, p.count);
  tb_sc_offsets(p, job.g, job.l, job.r.offset);
  return job;
}

void tb_sparse_conv_forward(tb_mask_pattern p, const float *restrict w,
                            const float *restrict bias, const float *restrict x,
                            float *restrict y, int n, int h, int wd, int c, int kh, int kw,
                            int stride, int pad, float *restrict scratch) {
  if (n <= 0) return;
  const tb_sc_operands o = {.w = w, .bias = bias, .x = x, .y = y};
  tb_sc_job job = tb_sc_job_for(p, o, n, h, wd, c, kh, kw, stride, pad, scratch);
  tb_sc_run(&job, 0);
}

void tb_sparse_conv_backward(tb_mask_pattern p, const float *restrict w,
                             const float *restrict gy, float *restrict dw, float *restrict dx,
                             int n, int h, int wd, int c, int kh, int kw, int stride, int pad,
                             float *restrict scratch) {
  if (n <= 0) return;
  const tb_sc_operands o = {.w = w, .gy = gy, .dw = dw, .dx = dx};
  tb_sc_job job = tb_sc_job_for(p, o, n, h, wd, c, kh, kw, stride, pad, scratch);
  tb_sc_run(&job, 1);
  /* The parts' sums, added in part order. */
  const size_t row = tb_round16(p.count);
  for (size_t k = 0; k < p.count; k++) {
    float s = job.r.sums[k];
    for (size_t part = 1; part < job.l.parts; part++) s += job.r.sums[part * row + k];
    dw[p.kept[k]] = s;
  }
}
