#ifndef TICKETBOOK_SPARSE_H
#define TICKETBOOK_SPARSE_H

#include <stddef.h>
#include <stdint.h>

/// Rows per slice of a tb_sliced_rows matrix (one AVX-512 vector, or two AVX2 vectors).
#define TB_SLICE 16

/// Samples per block of tb_csr_spmm: it works on [columns, TB_SPMM_BLOCK] slices of inputs.
#define TB_SPMM_BLOCK 64

/// A sparse matrix in sliced ELLPACK form (SELL-16): rows sorted by length, longest first, and
/// cut into slices of TB_SLICE rows; slice s stores width[s] (its longest row's length) slots
/// per row, interleaved: row lane j's t-th entry sits at offset[s] + t·TB_SLICE + j. Shorter
/// rows are padded with value 0 at column 0. row[s·TB_SLICE + j] is the output row of a lane
/// (-1 for the padding lanes of the last slice) and bias[…] its bias.
typedef struct {
  const int64_t *offset;
  const int32_t *width;
  const int32_t *column;
  const float *value;
  const int32_t *row;
  const float *bias;
  size_t slices, rows, columns;
} tb_sliced_rows;

/// A sparse matrix in compressed sparse row form: row r's entries are start[r]..<start[r+1].
typedef struct {
  const int64_t *start;
  const int32_t *column;
  const float *value;
  const float *bias;
  size_t rows, columns;
} tb_csr;

/// y[s·rows + r] = bias[r] + Σ_k value[k]·x[s·columns + column[k]] for each of n samples: one
/// sparse matrix–vector product per sample, a slice of rows at a time, with gathered inputs.
void tb_sliced_rows_spmv(tb_sliced_rows m, const float *restrict x, float *restrict y,
                         size_t n);

/// The floats of scratch tb_csr_spmm needs: TB_SPMM_BLOCK · (columns + rows).
size_t tb_csr_spmm_scratch_count(size_t rows, size_t columns);

/// The same product for a batch x [n, columns] → y [n, rows], by blocks of TB_SPMM_BLOCK
/// samples: a block is transposed into scratch, every row adds value × (a contiguous row of
/// the block) in registers, and the [rows, block] results are transposed into y. `scratch`
/// holds tb_csr_spmm_scratch_count floats, 64-byte aligned.
void tb_csr_spmm(tb_csr m, const float *restrict x, float *restrict y, size_t n,
                 float *restrict scratch);

/// The instruction set level the sparse kernels use: 3 AVX-512, 2 AVX2+FMA, 1 baseline.
int tb_sparse_simd_level(void);

/// Makes the sparse kernels use at most `level` (1–3; 0 restores the CPU's best), so tests can
/// check every code path on one machine.
void tb_sparse_limit_simd_level(int level);

#endif
