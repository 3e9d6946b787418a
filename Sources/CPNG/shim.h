#ifndef DCMVEIL_CPNG_SHIM_H
#define DCMVEIL_CPNG_SHIM_H
#include <png.h>
#include <string.h>
#include <stdlib.h>

/// Encodes 8-bit grey (channels 1) or RGB (channels 3) pixels, rows packed, with libpng's simplified API.
/// On success returns 0 and a malloc'd buffer in *out (free with dcmveil_png_free); else a nonzero code
/// and libpng's message in `message` (up to 63 bytes).
static inline int dcmveil_png_encode(const unsigned char *pixels, unsigned width, unsigned height, int channels,
                                     unsigned char **out, size_t *outSize, char *message) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, 0, NULL)) {
        strncpy(message, image.message, 63); message[63] = 0;
        png_image_free(&image);
        return 1;
    }
    unsigned char *buffer = (unsigned char *)malloc(size);
    if (!buffer) { strncpy(message, "out of memory", 63); return 2; }
    if (!png_image_write_to_memory(&image, buffer, &size, 0, pixels, 0, NULL)) {
        strncpy(message, image.message, 63); message[63] = 0;
        free(buffer);
        png_image_free(&image);
        return 3;
    }
    *out = buffer;
    *outSize = size;
    return 0;
}

static inline void dcmveil_png_free(unsigned char *buffer) { free(buffer); }
#endif
