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
static uint32_t pick_bin(const uint32_t *hist, size_t bins, size_t k, size_t *rank) {
  size_t above = 0;
  for (size_t b = bins; b-- > 0;) {
    if (above + hist[b] >= k) {
      *rank = k - above;
      return (uint32_t)b;
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
    for (int j = 0; j < 4; j++) h[j][abs_key(s[i + j]) >> SHIFT1]++;
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

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define SM_WINDOW 1

/* One pass of the window search: counts the keys above hi and copies the keys in [lo, hi] to
   out (AVX-512 compress stores: about a tenth of a histogram pass). Returns the copied count. */
__attribute__((target("avx512f"))) static size_t window_avx512(const float *restrict s, size_t n,
                                                                uint32_t lo, uint32_t hi,
                                                                uint32_t *restrict out,
                                                                size_t *above) {
  const __m512i abs_mask = _mm512_set1_epi32(0x7FFFFFFF);
  const __m512i vlo = _mm512_set1_epi32((int)lo), vhi = _mm512_set1_epi32((int)hi);
  size_t c = 0, a = 0, i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512i key = _mm512_and_si512(_mm512_loadu_si512(s + i), abs_mask);
    __mmask16 over = _mm512_cmpgt_epu32_mask(key, vhi);
    __mmask16 in = _mm512_mask_cmpge_epu32_mask(~over, key, vlo);
    _mm512_mask_compressstoreu_epi32(out + c, in, key);
    c += (size_t)__builtin_popcount(in);
    a += (size_t)__builtin_popcount(over);
  }
  for (; i < n; i++) {
    uint32_t key = abs_key(s[i]);
    a += key > hi;
    out[c] = key;
    c += key >= lo && key <= hi;
  }
  *above = a;
  return c;
}
#endif

/* Keeps the candidates whose digit (key >> shift) & (bins − 1) is `bin`; returns how many. */
static size_t compact(uint32_t *keys, size_t c, int shift, uint32_t bins, uint32_t bin) {
  size_t kept = 0;
  for (size_t i = 0; i < c; i++) {
    uint32_t key = keys[i];
    keys[kept] = key;
    kept += ((key >> shift) & (bins - 1)) == bin;
  }
  return kept;
}

/* The digit `shift` of the candidates: picks the bin of the rank-th largest. */
static uint32_t pick_digit(const uint32_t *keys, size_t c, int shift, uint32_t bins,
                           size_t *rank, uint32_t *count) {
  uint32_t hist[BINS2];
  memset(hist, 0, sizeof(uint32_t) * bins);
  for (size_t i = 0; i < c; i++) hist[(keys[i] >> shift) & (bins - 1)]++;
  uint32_t b = pick_bin(hist, bins, *rank, rank);
  *count = hist[b];
  return b;
}

/* Whether weight i is kept. */
static inline int kept(uint32_t key, size_t i, tb_supermask_selection sel) {
  return key > sel.threshold || (key == sel.threshold && i < sel.tie_end);
}

SM_CLONES
static void write_weights(const float *restrict s, const float *restrict w,
                          float *restrict weff, size_t n, tb_supermask_selection sel) {
  for (size_t i = 0; i < n; i++) weff[i] = kept(abs_key(s[i]), i, sel) ? w[i] : 0.0f;
}

SM_CLONES
void tb_supermask_mask(const float *restrict s, float *restrict mask, size_t n,
                       tb_supermask_selection sel) {
  for (size_t i = 0; i < n; i++) mask[i] = kept(abs_key(s[i]), i, sel) ? 1.0f : 0.0f;
}

/* The rank-th largest of the c candidate keys (compacted in place), all three digits; sets
   *count to how many candidates equal it and *rank to its rank among those. */
static uint32_t select_candidates(uint32_t *keys, size_t c, size_t *rank, uint32_t *count) {
  uint32_t b1 = pick_digit(keys, c, SHIFT1, BINS1, rank, count);
  c = compact(keys, c, SHIFT1, BINS1, b1);
  uint32_t b2 = pick_digit(keys, c, SHIFT2, BINS2, rank, count);
  c = compact(keys, c, SHIFT2, BINS2, b2);
  uint32_t b3 = pick_digit(keys, c, 0, BINS3, rank, count);
  return (b1 << SHIFT1) | (b2 << SHIFT2) | b3;
}

/* The threshold key of the top k (1 ≤ k < n) and, in *count and *rank, how many keys equal it
   and how many of those are kept. */
static uint32_t threshold(const float *restrict scores, size_t n, size_t k,
                          uint32_t *restrict scratch, tb_supermask_selection *sel, size_t *rank,
                          uint32_t *count) {
#ifdef SM_WINDOW
  /* Scores move little per step: look for the new threshold in a window of keys around the
     last one, and widen the window whenever it missed. */
  if (sel->window > 0 && __builtin_cpu_supports("avx512f")) {
    uint32_t t = sel->threshold, w = sel->window;
    uint32_t lo = t > w ? t - w : 0, hi = t < 0x7FFFFFFFu - w ? t + w : 0x7FFFFFFFu;
    size_t above;
    size_t c = window_avx512(scores, n, lo, hi, scratch, &above);
    if (above < k && above + c >= k) {
      *rank = k - above;
      if (c > n / 32 && w > 1) sel->window = w / 2;
      return select_candidates(scratch, c, rank, count);
    }
    sel->window = w < 0x40000000u ? 2 * w : w;
  } else {
    sel->window = 1u << 12;
  }
#endif
  /* Digit 1 over all keys, then the remaining digits on the keys of the threshold's bin. */
  uint32_t hist[BINS1];
  histogram_top(scores, n, hist);
  uint32_t b1 = pick_bin(hist, BINS1, k, rank);
  size_t c = gather_bin(scores, n, b1, scratch);
  uint32_t b2 = pick_digit(scratch, c, SHIFT2, BINS2, rank, count);
  c = compact(scratch, c, SHIFT2, BINS2, b2);
  uint32_t b3 = pick_digit(scratch, c, 0, BINS3, rank, count);
  return (b1 << SHIFT1) | (b2 << SHIFT2) | b3;
}

void tb_supermask_select(const float *restrict scores, const float *restrict w,
                         float *restrict weff, size_t n, size_t k, uint32_t *restrict scratch,
                         tb_supermask_selection *selection) {
  tb_supermask_selection sel = *selection;
  if (k >= n) {
    sel.threshold = 0;
    sel.tie_end = n;
    sel.window = 0;
  } else if (k == 0) {
    sel.threshold = 0x80000000u;
    sel.tie_end = 0;
    sel.window = 0;
  } else {
    size_t rank;
    uint32_t count;
    sel.threshold = threshold(scores, n, k, scratch, &sel, &rank, &count);
    /* `count` keys equal the threshold and the first `rank` of them are kept. */
    sel.tie_end = n;
    if (count > rank) {
      size_t seen = 0;
      for (size_t i = 0; i < n; i++) {
        if (abs_key(scores[i]) == sel.threshold && ++seen == rank) {
          sel.tie_end = i + 1;
          break;
        }
      }
    }
  }
  write_weights(scores, w, weff, n, sel);
  *selection = sel;
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
