#include "process.h"

#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

int tb_die_with_parent(int expected_parent) {
#ifdef __linux__
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -1;
  // The parent may have died between our start and the prctl: then no signal will come.
  if (expected_parent > 0 && getppid() != (pid_t)expected_parent) _exit(137);
  return 0;
#else
  (void)expected_parent;
  return -1;
#endif
}
