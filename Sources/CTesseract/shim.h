#ifndef DCMVEIL_CTESSERACT_SHIM_H
#define DCMVEIL_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <dlfcn.h>
#include <stdlib.h>

/// Sets OMP_THREAD_LIMIT=1 for the process (unless already set) and turns off
/// active OpenMP parallel regions in an already loaded OpenMP runtime.
///
/// libgomp reads OMP_THREAD_LIMIT when it is loaded, which happens at process
/// start because libtesseract links it; setting the variable later reaches
/// only child processes. `omp_set_max_active_levels(0)` makes every later
/// parallel region run on one thread. It is looked up at run time, so a
/// Tesseract built without OpenMP needs nothing. Returns 1 when the OpenMP
/// runtime was found and limited, 0 otherwise.
static inline int dcmveil_tesseract_limit_threads(void) {
    setenv("OMP_THREAD_LIMIT", "1", 0);
    void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (set_levels == NULL) {
        return 0;
    }
    set_levels(0);
    return 1;
}
#endif
