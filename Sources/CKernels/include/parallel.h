#ifndef TICKETBOOK_PARALLEL_H
#define TICKETBOOK_PARALLEL_H

/// A part of a parallel job: `part` is in [0, parts).
typedef void (*tb_part_fn)(void *ctx, int part);

/// The number of threads the engine's own kernels may use (1: everything on the caller's
/// thread). Worker threads are started on first use and then wait, spinning briefly, for work.
void tb_set_threads(int threads);
int tb_threads(void);

/// Runs fn(ctx, p) for every p in [0, parts), each part exactly once, and returns when all are
/// done. Parts run on the caller's thread and the pool's workers, which copy the caller's
/// floating-point control word (flush-to-zero) first. Results must not depend on which thread
/// runs a part: kernels split their work into parts chosen without regard to the thread count,
/// so every thread count computes the same bits. When the pool is busy (another thread is
/// dispatching) or there is one thread, the parts run in order on the caller's thread.
void tb_parallel(tb_part_fn fn, void *ctx, int parts);

#endif
