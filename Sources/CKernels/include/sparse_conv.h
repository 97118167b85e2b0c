#ifndef TICKETBOOK_SPARSE_CONV_H
#define TICKETBOOK_SPARSE_CONV_H

#include <stddef.h>

#include "sparse_train.h"

/* The convolution's shape goes as plain ints: a batch of n images h×w×c, kernels kh×kw,
   step `stride`, zero padding `pad` on every side; oh = (h + 2·pad − kh)/stride + 1, likewise ow. */

/// The floats of scratch (64-byte aligned) tb_sparse_conv_forward and tb_sparse_conv_backward
/// need for the shape, `cout` output channels and `kept` kept weights: the
/// transposed input of the whole batch (kept from the forward pass for the backward pass), the
/// transposed output gradient, per-part planes and per-part weight-gradient sums.
size_t tb_sparse_conv_scratch_count(int n, int h, int w, int c, int kh, int kw, int stride,
                                    int pad, size_t cout, size_t kept);

/// A masked 2-D convolution (NHWC input x [n, h, w, c], kernel w [cout, kh, kw, c] viewed by the
/// pattern p as [cout, kh·kw·c], output y [n, oh, ow, cout]) over the kept taps only:
/// y[b, oy, ox, o] = bias[o] + Σ_{kept (o, ky, kx, i)} w · x[b, oy·s+ky−pad, ox·s+kx−pad, i],
/// each output summing its taps in the pattern's (ascending) order. No im2col: every image is
/// transposed into zero-padded channel planes (split into stride×stride phases), so each kept tap
/// scales a contiguous run of the plane. Images are split over the pool; the transposed input
/// stays in `scratch` for tb_sparse_conv_backward. The same bits at any thread count.
void tb_sparse_conv_forward(tb_mask_pattern p, const float *restrict w,
                            const float *restrict bias, const float *restrict x,
                            float *restrict y, int n, int h, int wd, int c, int kh, int kw,
                            int stride, int pad, float *restrict scratch);

/// The gradients of tb_sparse_conv_forward given gy = dL/dy, with `scratch` as the forward pass
/// on the same x left it: dw at kept taps only, dw[o, ky, kx, i] = Σ_{b, oy, ox} gy[b, oy, ox, o] ·
/// x[b, oy·s+ky−pad, ox·s+kx−pad, i], written at their flat indices (other elements untouched),
/// and when dx is not NULL, dx (overwritten) by scattering gy through the same taps. The batch
/// is cut into at most 8 parts chosen from n alone; each part sums its images and the parts'
/// sums are added in part order: the same bits at any thread count.
void tb_sparse_conv_backward(tb_mask_pattern p, const float *restrict w,
                             const float *restrict gy, float *restrict dw, float *restrict dx,
                             int n, int h, int wd, int c, int kh, int kw, int stride, int pad,
                             float *restrict scratch);

/// The floats of scratch (64-byte aligned) tb_sparse_conv1_forward and tb_sparse_conv1_backward
/// need for a batch of n images h×wd, kernels kh×kw, `cout` output channels and zero padding
/// `pad`.
size_t tb_sparse_conv1_scratch_count(int n, int h, int wd, int kh, int kw, int cout, int pad);

/// A masked convolution of one input channel and stride 1 (x [n, h, wd], kernel w [cout, kh, kw]
/// viewed by the pattern p as [cout, kh·kw], zero padding `pad` on every side, output y [n, oh,
/// ow, cout] with oh = h + 2·pad − kh + 1, likewise ow) over the kept taps only:
/// y[b, oy, ox, o] = bias[o] + Σ_{kept (o, ky, kx)} w · x[b, oy+ky−pad, ox+kx−pad], each output
/// summing its taps in ascending order. Vectorised across output channels (blocks of eight, each
/// with the union of its channels' kept taps), so a pass over few kept taps costs about a read
/// of the input and a write of the output. Images are split over the pool; the same bits at any
/// thread count.
void tb_sparse_conv1_forward(tb_mask_pattern p, const float *restrict w,
                             const float *restrict bias, const float *restrict x,
                             float *restrict y, int n, int h, int wd, int kh, int kw, int pad,
                             float *restrict scratch);

/// The gradients of tb_sparse_conv1_forward given gy = dL/dy: dw at kept taps only (other
/// elements untouched), db (overwritten: the column sums of gy), and when dx is not NULL, dx
/// (overwritten). The batch is cut into at most 8 parts chosen from n alone; each part sums its
/// images and the parts' sums are added in part order: the same bits at any thread count.
void tb_sparse_conv1_backward(tb_mask_pattern p, const float *restrict w,
                              const float *restrict x, const float *restrict gy,
                              float *restrict dw, float *restrict db, float *restrict dx, int n,
                              int h, int wd, int kh, int kw, int pad, float *restrict scratch);

#endif
