#include <malloc.h>

// glibc's `mallopt` parameter for the size from which allocations get their own mapping;
// Swift does not import the macro's negative value reliably, so it is named here.
static inline int cmalloc_set_mmap_threshold(int bytes) {
  return mallopt(M_MMAP_THRESHOLD, bytes);
}
