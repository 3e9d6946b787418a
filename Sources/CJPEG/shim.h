#ifndef DCMVEIL_CJPEG_SHIM_H
#define DCMVEIL_CJPEG_SHIM_H
// libjpeg-turbo (8-bit libjpeg API). libjpeg reports errors by calling error_exit, which must not return;
// these wrappers turn that into a return code with setjmp/longjmp, which Swift cannot do itself.
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

struct dcmveil_jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void dcmveil_jpeg_error_exit(j_common_ptr cinfo) {
    struct dcmveil_jpeg_error *err = (struct dcmveil_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

static void dcmveil_jpeg_silence(j_common_ptr cinfo) { (void)cinfo; }

/// The header facts of a JPEG stream.
typedef struct {
    int width, height, components, precision, colorSpace, sawJFIF, sawAdobe, adobeTransform;
} dcmveil_jpeg_info;

/// Decodes a JPEG stream into `dst` (rows packed, components interleaved, 8 bits each).
/// colorMode: 0 = library default (YCbCr -> RGB for 3 components), 1 = no colour conversion.
/// With dst NULL, only reads the header into *info. Returns 0 on success, else copies the message.
static inline int dcmveil_jpeg_decode(const unsigned char *src, unsigned long length, unsigned char *dst,
                                      size_t dstLength, int colorMode, dcmveil_jpeg_info *info,
                                      char *message, size_t messageLength) {
    struct jpeg_decompress_struct cinfo;
    struct dcmveil_jpeg_error err;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = dcmveil_jpeg_error_exit;
    err.base.output_message = dcmveil_jpeg_silence;
    err.message[0] = 0;
    if (setjmp(err.jump)) {
        strncpy(message, err.message, messageLength - 1);
        message[messageLength - 1] = 0;
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, src, length);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->precision = cinfo.data_precision;
    info->colorSpace = (int)cinfo.jpeg_color_space;
    info->sawJFIF = cinfo.saw_JFIF_marker;
    info->sawAdobe = cinfo.saw_Adobe_marker;
    info->adobeTransform = cinfo.Adobe_transform;
    if (dst == NULL) { jpeg_destroy_decompress(&cinfo); return 0; }
    if (colorMode == 1) cinfo.out_color_space = cinfo.jpeg_color_space;
    else if (cinfo.num_components == 3) cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    size_t stride = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    if (stride * cinfo.output_height > dstLength) {
        strncpy(message, "destination too small", messageLength - 1);
        message[messageLength - 1] = 0;
        jpeg_destroy_decompress(&cinfo);
        return 2;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = dst + stride * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

/// Encodes 8-bit grey (components 1) or RGB (components 3) pixels as baseline JPEG into a malloc'd
/// buffer (free with dcmveil_jpeg_free). subsampling: 0 = 4:4:4, 1 = 4:2:0 (colour only).
/// restartRows > 0 writes a restart marker every that many MCU rows. Returns 0 on success.
static inline int dcmveil_jpeg_encode(const unsigned char *pixels, int width, int height, int components, int quality,
                                      int subsampling, int restartRows, unsigned char **out, unsigned long *outSize,
                                      char *message, size_t messageLength) {
    struct jpeg_compress_struct cinfo;
    struct dcmveil_jpeg_error err;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = dcmveil_jpeg_error_exit;
    err.base.output_message = dcmveil_jpeg_silence;
    *out = NULL;
    *outSize = 0;
    if (setjmp(err.jump)) {
        strncpy(message, err.message, messageLength - 1);
        message[messageLength - 1] = 0;
        jpeg_destroy_compress(&cinfo);
        return 1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, out, outSize);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (components == 3 && subsampling == 0) {
        cinfo.comp_info[0].h_samp_factor = 1;
        cinfo.comp_info[0].v_samp_factor = 1;
    }
    cinfo.restart_in_rows = restartRows;
    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + stride * cinfo.next_scanline);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return 0;
}

static inline void dcmveil_jpeg_free(unsigned char *buffer) { free(buffer); }
#endif
