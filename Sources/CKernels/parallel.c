/* A tiny fork-join pool for the engine's kernels.

   The caller publishes a job (function, context, part count) by bumping a generation counter;
   workers spin for a short while on that counter and then sleep on a condition variable. Parts
   are taken from an atomic counter, so any thread may run any part: kernels make parts whose
   results do not depend on the thread that computes them. The caller returns only after every
   part is done and every worker has acknowledged the generation, so no worker can still be
   reading a finished job when the next one is published. */
#define _GNU_SOURCE
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TB_PAUSE() _mm_pause()
#define TB_GETCSR() _mm_getcsr()
#define TB_SETCSR(v) _mm_setcsr(v)
#else
#define TB_PAUSE() ((void)0)
#define TB_GETCSR() 0u
#define TB_SETCSR(v) ((void)(v))
#endif

#define TB_MAX_WORKERS 63
/* How long an idle worker spins before it sleeps: longer than the gaps between the kernels of
   a training step, short enough not to compete with OpenBLAS's own threads for long. */
#define TB_SPIN_NANOSECONDS 200000L

static pthread_mutex_t dispatch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static _Atomic int wanted_threads = 1;
static int workers; /* started workers; changed only under dispatch_lock */

static _Atomic unsigned generation;
static _Atomic int sleepers;
static _Atomic int next_part;
static _Atomic int parts_done;
static _Atomic int acknowledged;

/* The current job; written by the dispatcher before the generation is published. */
static tb_part_fn job_fn;
static void *job_ctx;
static int job_parts;
static unsigned job_csr;

void tb_set_threads(int threads) {
  if (threads < 1) threads = 1;
  if (threads > TB_MAX_WORKERS + 1) threads = TB_MAX_WORKERS + 1;
  atomic_store(&wanted_threads, threads);
}

int tb_threads(void) { return atomic_load(&wanted_threads); }

static long elapsed_ns(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start->tv_sec) * 1000000000L + (now.tv_nsec - start->tv_nsec);
}

static void run_parts(void) {
  const tb_part_fn fn = job_fn;
  void *const ctx = job_ctx;
  const int parts = job_parts;
  for (;;) {
    const int p = atomic_fetch_add(&next_part, 1);
    if (p >= parts) break;
    fn(ctx, p);
    atomic_fetch_add_explicit(&parts_done, 1, memory_order_release);
  }
}

static void *worker_main(void *start_generation) {
  /* The generation current when the worker was created: the next one is its first job, even
     if it is published before this thread gets to run. */
  unsigned seen = (unsigned)(unsigned long)start_generation;
  for (;;) {
    unsigned current = atomic_load_explicit(&generation, memory_order_acquire);
    if (current == seen) {
      struct timespec start;
      clock_gettime(CLOCK_MONOTONIC, &start);
      int spins = 0;
      while ((current = atomic_load_explicit(&generation, memory_order_acquire)) == seen) {
        TB_PAUSE();
        if ((++spins & 63) == 0 && elapsed_ns(&start) > TB_SPIN_NANOSECONDS) {
          pthread_mutex_lock(&sleep_lock);
          atomic_fetch_add(&sleepers, 1);
          while ((current = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &sleep_lock);
          atomic_fetch_sub(&sleepers, 1);
          pthread_mutex_unlock(&sleep_lock);
          break;
        }
      }
    }
    seen = current;
    const unsigned csr = TB_GETCSR();
    if (csr != job_csr) TB_SETCSR(job_csr);
    run_parts();
    atomic_fetch_add_explicit(&acknowledged, 1, memory_order_release);
  }
  return 0;
}

static void run_inline(tb_part_fn fn, void *ctx, int parts) {
  for (int p = 0; p < parts; p++) fn(ctx, p);
}

void tb_parallel(tb_part_fn fn, void *ctx, int parts) {
  const int threads = atomic_load(&wanted_threads);
  if (threads <= 1 || parts <= 1 || pthread_mutex_trylock(&dispatch_lock) != 0) {
    run_inline(fn, ctx, parts);
    return;
  }
  while (workers < threads - 1) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    const int failed = pthread_create(&thread, &attributes, worker_main,
                                        (void *)(unsigned long)atomic_load(&generation));
    pthread_attr_destroy(&attributes);
    if (failed) break;
    workers++;
  }
  if (workers == 0) {
    pthread_mutex_unlock(&dispatch_lock);
    run_inline(fn, ctx, parts);
    return;
  }
  job_fn = fn;
  job_ctx = ctx;
  job_parts = parts;
  job_csr = TB_GETCSR();
  atomic_store(&next_part, 0);
  atomic_store(&parts_done, 0);
  atomic_store(&acknowledged, 0);
  atomic_fetch_add(&generation, 1);
  if (atomic_load(&sleepers) > 0) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
  }
  run_parts();
  while (atomic_load_explicit(&parts_done, memory_order_acquire) < parts ||
         atomic_load_explicit(&acknowledged, memory_order_acquire) < workers)
    TB_PAUSE();
  pthread_mutex_unlock(&dispatch_lock);
}
