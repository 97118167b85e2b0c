#ifndef TICKETBOOK_CKERNELS_H
#define TICKETBOOK_CKERNELS_H

/// Sets flush-to-zero and denormals-are-zero on the calling thread (x86 MXCSR); returns the
/// previous control word so it can be restored. A no-op returning 0 on other architectures.
unsigned int tb_enable_flush_denormals(void);

/// Restores a control word returned by tb_enable_flush_denormals.
void tb_restore_float_control(unsigned int previous);

/// The name of the CPU family whose OpenBLAS kernels suit this CPU: "SkylakeX" with AVX-512,
/// "Haswell" with AVX2 and FMA, NULL otherwise.
const char *tb_openblas_core_for_cpu(void);

#include <stddef.h>

/// One Adam step over n elements (Kingma & Ba 2015): m ← b1·m + (1−b1)·g',
/// v ← b2·v + (1−b2)·g'², w ← w − step·m / (√v·inv_sqrt_bias2 + eps), with g' = g + wd·w.
void tb_adam_step(float *restrict w, const float *restrict g, float *restrict m,
                  float *restrict v, size_t n, float b1, float b2, float step,
                  float inv_sqrt_bias2, float eps, float wd);

/// tb_adam_step for a masked tensor, fused: the gradient is multiplied by the 0/1 mask as it is
/// read (and written back, so pruned weights' gradients are exactly zero afterwards) and the
/// updated weight is multiplied by the mask as it is written, in one pass over the tensor.
void tb_adam_step_masked(float *restrict w, float *restrict g, float *restrict m,
                         float *restrict v, const float *restrict mask, size_t n, float b1,
                         float b2, float step, float inv_sqrt_bias2, float eps, float wd);

/// tb_sgd_step for a masked tensor, fused like tb_adam_step_masked.
void tb_sgd_step_masked(float *restrict w, float *restrict g, float *restrict vel,
                        const float *restrict mask, size_t n, float lr, float mu, int nesterov,
                        float wd);

/// One SGD step with momentum mu (0: plain SGD), optional Nesterov, weight decay wd.
void tb_sgd_step(float *restrict w, const float *restrict g, float *restrict vel, size_t n,
                 float lr, float mu, int nesterov, float wd);

/// a[i] *= b[i].
void tb_mul(float *restrict a, const float *restrict b, size_t n);

/// y[i] = max(x[i], 0).
void tb_relu(float *restrict y, const float *restrict x, size_t n);

/// dx[i] = y[i] > 0 ? g[i] : 0.
void tb_relu_backward(float *restrict dx, const float *restrict g, const float *restrict y,
                      size_t n);

/// y[r·cols + c] += b[c] for r < rows.
void tb_add_row_vector(float *restrict y, const float *restrict b, size_t rows, size_t cols);

/// y[r·cols + c] = max(y[r·cols + c] + b[c], 0): a dense layer's bias and a following ReLU in
/// one pass (inference), the same operations as tb_add_row_vector then tb_relu.
void tb_add_row_vector_relu(float *restrict y, const float *restrict b, size_t rows, size_t cols);

/// out[c] = Σ_r g[r·cols + c].
void tb_column_sums(float *restrict out, const float *restrict g, size_t rows, size_t cols);

/// Geometry of a 2-D convolution on NHWC images.
typedef struct {
  int n, h, w, c;          /* batch, input height, width, channels */
  int kh, kw;              /* kernel height, width */
  int stride, pad;         /* step and zero padding */
  int oh, ow;              /* output height, width */
} tb_conv_geometry;

/// Copies every receptive field of x (NHWC) into one row of col ([n·oh·ow, kh·kw·c]).
void tb_im2col_nhwc(const float *restrict x, float *restrict col, tb_conv_geometry g);

/// Adds every row of col back into dx (NHWC), the adjoint of tb_im2col_nhwc; dx must be zeroed.
void tb_col2im_nhwc(const float *restrict col, float *restrict dx, tb_conv_geometry g);

/// Max pooling (NHWC, window `size`, step `stride`): writes y [n, oh, ow, c] and, per output,
/// the flat index into x of its maximum.
void tb_maxpool_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                     int h, int w, int c, int size, int stride, int oh, int ow);
#include "supermask.h"

/// Direct convolution for one input channel, stride 1, no padding (LeNet-5's first layer):
/// y[b, oy, ox, co] = bias[co] + Σ_{ky,kx} x[b, oy+ky, ox+kx] · w[co, ky, kx]. No im2col: the
/// inner loops run along image rows. Images are split over tb_threads() threads.
void tb_conv1_forward(const float *restrict x, const float *restrict w, const float *restrict bias,
                      float *restrict y, int n, int h, int wd, int kh, int kw, int cout);

/// The floats of scratch tb_conv1_backward needs for a batch of n images.
size_t tb_conv1_backward_scratch(int n, int h, int wd, int kh, int kw, int cout);

/// The gradients of tb_conv1_forward: dw[co, ky, kx] = Σ g[b, oy, ox, co] · x[b, oy+ky, ox+kx],
/// db[co] = Σ g[b, oy, ox, co] (both overwritten) and, when dx is not NULL,
/// dx[b, oy+ky, ox+kx] = Σ g[b, oy, ox, co] · w[co, ky, kx] (overwritten). The batch is split
/// into parts that depend on n alone, summed in order: the same bits at any thread count.
void tb_conv1_backward(const float *restrict x, const float *restrict g, const float *restrict w,
                       float *restrict dw, float *restrict db, float *restrict dx,
                       float *restrict scratch, int n, int h, int wd, int kh, int kw, int cout);

/// 2×2 max pooling with stride 2 (NHWC), the common case, branch-free over channels.
void tb_maxpool2x2_nhwc(const float *restrict x, float *restrict y, int *restrict argmax, int n,
                        int h, int w, int c, int oh, int ow);
/// The gradient of max pooling: dx (overwritten, [n, h, w, c]) holds every output gradient
/// added at the index of its maximum.
void tb_maxpool_backward_nhwc(const float *restrict g, const int *restrict argmax,
                              float *restrict dx, int n, int h, int w, int c, int oh, int ow);
#include "parallel.h"
#include "sparse.h"
#include "sparse_train.h"
#include "process.h"

#endif
