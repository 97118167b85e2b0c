#include "supermask.h"

#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define SM_CLONES __attribute__((target_clones("avx512f", "avx2,fma", "default")))
#else
#define SM_CLONES
#endif

/* A float's bits (type punning through a union is defined in C; with -fno-builtin, memcpy would
   be a call per element). */
typedef union {
  float f;
  uint32_t u;
} bits32;

/* |x| as an unsigned key: for non-negative floats the order of the bit patterns is the order of
   the values, so the k-th largest |score| is the k-th largest key. */
static inline uint32_t abs_key(float x) { return ((bits32){.f = x}).u & 0x7FFFFFFFu; }

/* The three digits of a 31-bit key, most significant first: bits 30–20, 19–9, 8–0. */
enum { SHIFT1 = 20, SHIFT2 = 9, BINS1 = 2048, BINS2 = 2048, BINS3 = 512 };

/* Walks a histogram from the top bin down; returns the bin holding the k-th largest element
   (1 ≤ k ≤ total) and sets *rank to k minus the count in the bins above it. */
static size_t pick_bin(const uint32_t *hist, size_t bins, size_t k, size_t *rank) {
  size_t above = 0;
  for (size_t b = bins; b-- > 0;) {
    if (above + hist[b] >= k) {
      *rank = k - above;
      return b;
    }
    above += hist[b];
  }
  *rank = k;
  return 0; /* unreachable when 1 ≤ k ≤ total */
}

/* First digit over all n keys. Four interleaved histograms, so runs of equal bins do not
   serialise on one counter. */
SM_CLONES
static void histogram_top(const float *restrict s, size_t n, uint32_t *restrict hist) {
  uint32_t h[4][BINS1];
  memset(h, 0, sizeof h);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    h[0][abs_key(s[i]) >> SHIFT1]++;
    h[1][abs_key(s[i + 1]) >> SHIFT1]++;
    h[2][abs_key(s[i + 2]) >> SHIFT1]++;
    h[3][abs_key(s[i + 3]) >> SHIFT1]++;
  }
  for (; i < n; i++) h[0][abs_key(s[i]) >> SHIFT1]++;
  for (size_t b = 0; b < BINS1; b++) hist[b] = h[0][b] + h[1][b] + h[2][b] + h[3][b];
}

/* Copies the keys whose first digit is `bin` into out; returns how many. */
SM_CLONES
static size_t gather_bin(const float *restrict s, size_t n, uint32_t bin,
                         uint32_t *restrict out) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t key = abs_key(s[i]);
    out[c] = key;
    c += (key >> SHIFT1) == bin;
  }
  return c;
}

/* Writes the mask and the masked weights for threshold key t: kept where key ≥ t. */
SM_CLONES
static void write_mask(const float *restrict s, const float *restrict w, float *restrict mask,
                       float *restrict weff, size_t n, uint32_t t) {
  for (size_t i = 0; i < n; i++) {
    int keep = abs_key(s[i]) >= t;
    mask[i] = keep ? 1.0f : 0.0f;
    weff[i] = keep ? w[i] : 0.0f;
  }
}

uint32_t tb_supermask_select(const float *restrict scores, const float *restrict w,
                             float *restrict mask, float *restrict weff, size_t n, size_t k,
                             uint32_t *restrict scratch) {
  if (n == 0) return 0;
  if (k == 0) {
    for (size_t i = 0; i < n; i++) mask[i] = weff[i] = 0.0f;
    return 0;
  }
  if (k >= n) {
    for (size_t i = 0; i < n; i++) {
      mask[i] = 1.0f;
      weff[i] = w[i];
    }
    return 0;
  }
  uint32_t hist[BINS1];
  size_t rank;
  /* Digit 1: histogram of all keys, then gather the keys of the threshold's bin. */
  histogram_top(scores, n, hist);
  uint32_t b1 = (uint32_t)pick_bin(hist, BINS1, k, &rank);
  size_t c = gather_bin(scores, n, b1, scratch);
  /* Digit 2 on the candidates, compacting them in place. */
  memset(hist, 0, sizeof(uint32_t) * BINS2);
  for (size_t i = 0; i < c; i++) hist[(scratch[i] >> SHIFT2) & (BINS2 - 1)]++;
  uint32_t b2 = (uint32_t)pick_bin(hist, BINS2, rank, &rank);
  size_t c2 = 0;
  for (size_t i = 0; i < c; i++) {
    uint32_t key = scratch[i];
    scratch[c2] = key;
    c2 += ((key >> SHIFT2) & (BINS2 - 1)) == b2;
  }
  /* Digit 3: the exact threshold, and how many keys equal to it belong to the top k. */
  memset(hist, 0, sizeof(uint32_t) * BINS3);
  for (size_t i = 0; i < c2; i++) hist[scratch[i] & (BINS3 - 1)]++;
  uint32_t b3 = (uint32_t)pick_bin(hist, BINS3, rank, &rank);
  uint32_t t = (b1 << SHIFT1) | (b2 << SHIFT2) | b3;
  write_mask(scores, w, mask, weff, n, t);
  /* Ties at the threshold: keep the first `rank` of them, drop the rest from the end. */
  size_t excess = hist[b3] - rank;
  for (size_t i = n; excess > 0 && i-- > 0;) {
    if (abs_key(scores[i]) == t) {
      mask[i] = 0.0f;
      weff[i] = 0.0f;
      excess--;
    }
  }
  return t;
}

SM_CLONES
void tb_supermask_score_gradient(float *ds, const float *g, const float *restrict w,
                                 const float *restrict s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t sign = ((bits32){.f = s[i]}).u & 0x80000000u;
    float signed_w = ((bits32){.u = ((bits32){.f = w[i]}).u ^ sign}).f;
    ds[i] = g[i] * signed_w;
  }
}
