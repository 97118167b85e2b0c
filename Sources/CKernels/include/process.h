#ifndef TICKETBOOK_PROCESS_H
#define TICKETBOOK_PROCESS_H

/// Makes the calling process receive SIGKILL when its parent dies (Linux's parent-death signal),
/// then exits at once (status 137) if the parent is already gone, that is if getppid() is no
/// longer `expected_parent`. A lesson program calls it first thing, so it never outlives the
/// `ticketbook` that started it, however that one ends (Ctrl-C, SIGTERM, SIGKILL, a crash).
/// Returns 0, or -1 where the platform has no parent-death signal.
int tb_die_with_parent(int expected_parent);

#endif
