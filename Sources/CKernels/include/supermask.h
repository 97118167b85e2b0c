#ifndef TICKETBOOK_SUPERMASK_H
#define TICKETBOOK_SUPERMASK_H

#include <stddef.h>
#include <stdint.h>

/// Which weights a supermask keeps: those whose key (the bit pattern of |score|) is above
/// `threshold`, and those equal to it at an index below `tie_end`.
typedef struct {
  /// The key of the smallest kept |score| (0x80000000, above every key, when none is kept).
  uint32_t threshold;
  /// Keys equal to the threshold are kept at indices below this one.
  size_t tie_end;
  /// The half-width, in keys, of the window around the last threshold searched first (0: search
  /// everything; set by the selection itself).
  uint32_t window;
} tb_supermask_selection;

/// Keeps the k largest |scores| of n (Ramanujan et al. 2019, edge-popup) and writes
/// weff[i] = w[i] where kept, else 0. The threshold is found by a radix select on the bit
/// patterns of |score| (three histogram digits, O(n), no sort); ties at the threshold are kept in
/// index order, lowest first, so exactly min(k, n) are kept. With AVX-512, the threshold is first
/// looked for among the keys near the last one (one compress pass; scores move little per
/// step), falling back to the full select when it is not there. `scratch` must hold n values.
/// `selection` carries the last result in and the new one out; start from all zeros.
void tb_supermask_select(const float *restrict scores, const float *restrict w,
                         float *restrict weff, size_t n, size_t k, uint32_t *restrict scratch,
                         tb_supermask_selection *selection);

/// Writes the 0/1 mask of a selection: mask[i] = 1 where weight i is kept.
void tb_supermask_mask(const float *restrict scores, float *restrict mask, size_t n,
                       tb_supermask_selection selection);

/// The straight-through gradient of the scores: ds[i] = g[i] · w[i] · sign(s[i]), where g is
/// dL/d(w ⊙ mask) and sign(±0) = ±1 (the chain rule through |s|). ds may alias g.
void tb_supermask_score_gradient(float *ds, const float *g, const float *restrict w,
                                 const float *restrict s, size_t n);

#endif
