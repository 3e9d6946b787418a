#ifndef DCMVEIL_CZLIB_SHIM_H
#define DCMVEIL_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros; expose them as functions.
static inline int dcmveil_inflate_init_raw(z_streamp s) {
    return inflateInit2(s, -MAX_WBITS);
}
static inline int dcmveil_deflate_init_raw(z_streamp s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
#endif
