#ifndef DCMVEIL_CCHARLS_SHIM_H
#define DCMVEIL_CCHARLS_SHIM_H
// CharLS 2.x C API (JPEG-LS). Library and include path come from pkg-config "charls".
#include <charls/charls.h>
#endif
