#ifndef TICKETBOOK_SUPERMASK_H
#define TICKETBOOK_SUPERMASK_H

#include <stddef.h>
#include <stdint.h>

/// Keeps the k largest |scores| of n (Ramanujan et al. 2019, edge-popup): writes mask[i] ∈ {0, 1}
/// and weff[i] = mask[i] ? w[i] : 0. The threshold is found by a radix select on the bit patterns
/// of |score| (three histogram passes, O(n), no sort); ties at the threshold are kept in index
/// order, lowest first, so exactly k are kept (k ≥ n keeps all). `scratch` must hold n values.
/// Returns the bit pattern of the smallest kept |score| (0 when k = 0).
uint32_t tb_supermask_select(const float *restrict scores, const float *restrict w,
                             float *restrict mask, float *restrict weff, size_t n, size_t k,
                             uint32_t *restrict scratch);

/// The straight-through gradient of the scores: ds[i] = g[i] · w[i] · sign(s[i]), where g is
/// dL/d(w ⊙ mask) and sign(±0) = ±1 (the chain rule through |s|). ds may alias g.
void tb_supermask_score_gradient(float *ds, const float *g, const float *restrict w,
                                 const float *restrict s, size_t n);

#endif
