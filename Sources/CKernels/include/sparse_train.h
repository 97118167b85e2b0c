#ifndef TICKETBOOK_SPARSE_TRAIN_H
#define TICKETBOOK_SPARSE_TRAIN_H

#include <stddef.h>
#include <stdint.h>

/// The kept positions of a masked weight matrix W [rows, columns], in both orientations, built
/// once per mask. Row r keeps columns column[row_start[r] ..< row_start[r+1]] (ascending), at
/// flat indices kept[…] = r·columns + column[…], so `kept` lists every kept element in
/// ascending order (the optimiser's list). Column c keeps rows row[column_start[c] ..<
/// column_start[c+1]] (ascending), at flat indices column_kept[…].
typedef struct {
  const int64_t *row_start;
  const int32_t *column;
  const int32_t *kept;
  const int64_t *column_start;
  const int32_t *row;
  const int32_t *column_kept;
  size_t rows, columns, count;
} tb_mask_pattern;

/// The floats of scratch (64-byte aligned) tb_masked_forward and tb_masked_backward need for a
/// batch of n samples: transposed blocks of the input, the output or gradient, and the input
/// gradient.
size_t tb_masked_scratch_count(size_t rows, size_t columns, size_t n);

/// y = x·Wᵀ + b over the kept weights only, for x [n, columns] → y [n, rows]; with `relu`,
/// y = max(0, x·Wᵀ + b). Samples are taken in blocks of up to 64, transposed so each kept
/// weight scales a contiguous vector of samples; the transposed input stays in `scratch` for
/// tb_masked_backward. Rows are split into parts chosen from the pattern alone, and every output
/// sums its kept weights in ascending column order: the same bits at any thread count.
void tb_masked_forward(tb_mask_pattern p, const float *restrict w, const float *restrict bias,
                       const float *restrict x, float *restrict y, size_t n, int relu,
                       float *restrict scratch);

/// The gradients of tb_masked_forward (without relu) given g = dL/dy [n, rows], with `scratch`
/// as the forward pass on the same x left it: dW[i, j] = Σ_s g[s, i]·x[s, j] at kept (i, j)
/// only, written at their flat indices in dw (other elements untouched), and when dx is not
/// NULL, dx = g·W [n, columns] through the kept weights (column-major order, ascending rows).
/// Each result is summed in an order fixed by n and the pattern: the same bits at any thread
/// count.
void tb_masked_backward(tb_mask_pattern p, const float *restrict w, const float *restrict g,
                        float *restrict dw, float *restrict dx, size_t n,
                        float *restrict scratch);

/// tb_adam_step_masked over the kept elements only (their flat indices, `count` of them): the
/// same arithmetic per element, so the same bits; masked weights and gradients are not touched.
void tb_adam_step_kept(float *restrict w, const float *restrict g, float *restrict m,
                       float *restrict v, const int32_t *restrict kept, size_t count, float b1,
                       float b2, float step, float inv_sqrt_bias2, float eps, float wd);

/// tb_sgd_step_masked over the kept elements only, like tb_adam_step_kept.
void tb_sgd_step_kept(float *restrict w, const float *restrict g, float *restrict vel,
                      const int32_t *restrict kept, size_t count, float lr, float mu,
                      int nesterov, float wd);

#endif
