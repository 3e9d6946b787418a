#ifndef DCMVEIL_COPENJPEG_SHIM_H
#define DCMVEIL_COPENJPEG_SHIM_H
// OpenJPEG 2.5. The library reads and writes through stream callbacks; these helpers give it a memory
// buffer, and collect its error messages instead of printing them.
#include <openjpeg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t length;
    size_t position;
    unsigned char *out;      // growing output for encoding
    size_t outCapacity;
    char message[256];
} dcmveil_opj_buffer;

static OPJ_SIZE_T dcmveil_opj_read(void *dst, OPJ_SIZE_T n, void *user) {
    dcmveil_opj_buffer *b = (dcmveil_opj_buffer *)user;
    if (b->position >= b->length) return (OPJ_SIZE_T)-1;
    size_t left = b->length - b->position;
    if (n > left) n = left;
    memcpy(dst, b->data + b->position, n);
    b->position += n;
    return n;
}

static OPJ_SIZE_T dcmveil_opj_write(void *src, OPJ_SIZE_T n, void *user) {
    dcmveil_opj_buffer *b = (dcmveil_opj_buffer *)user;
    if (b->position + n > b->outCapacity) {
        size_t cap = b->outCapacity ? b->outCapacity : 65536;
        while (cap < b->position + n) cap *= 2;
        unsigned char *grown = (unsigned char *)realloc(b->out, cap);
        if (!grown) return (OPJ_SIZE_T)-1;
        b->out = grown;
        b->outCapacity = cap;
    }
    memcpy(b->out + b->position, src, n);
    b->position += n;
    if (b->position > b->length) b->length = b->position;
    return n;
}

static OPJ_OFF_T dcmveil_opj_skip(OPJ_OFF_T n, void *user) {
    dcmveil_opj_buffer *b = (dcmveil_opj_buffer *)user;
    OPJ_OFF_T target = (OPJ_OFF_T)b->position + n;
    if (target < 0) return -1;
    if (b->out == NULL && (size_t)target > b->length) target = (OPJ_OFF_T)b->length;
    b->position = (size_t)target;
    return n;
}

static OPJ_BOOL dcmveil_opj_seek(OPJ_OFF_T n, void *user) {
    dcmveil_opj_buffer *b = (dcmveil_opj_buffer *)user;
    if (n < 0 || (b->out == NULL && (size_t)n > b->length)) return OPJ_FALSE;
    b->position = (size_t)n;
    return OPJ_TRUE;
}

static void dcmveil_opj_on_error(const char *msg, void *user) {
    dcmveil_opj_buffer *b = (dcmveil_opj_buffer *)user;
    if (b->message[0] == 0) { strncpy(b->message, msg, sizeof b->message - 1); }
}
static void dcmveil_opj_quiet(const char *msg, void *user) { (void)msg; (void)user; }

static opj_stream_t *dcmveil_opj_stream(dcmveil_opj_buffer *b, int input) {
    opj_stream_t *s = opj_stream_create(65536, input ? OPJ_TRUE : OPJ_FALSE);
    if (!s) return NULL;
    opj_stream_set_user_data(s, b, NULL);
    if (input) {
        opj_stream_set_user_data_length(s, b->length);
        opj_stream_set_read_function(s, dcmveil_opj_read);
    } else {
        opj_stream_set_write_function(s, dcmveil_opj_write);
    }
    opj_stream_set_skip_function(s, dcmveil_opj_skip);
    opj_stream_set_seek_function(s, dcmveil_opj_seek);
    return s;
}

/// Decodes a J2K codestream (or a JP2 file when it starts with the JP2 signature box).
/// Returns the image (free with opj_image_destroy) or NULL with a message in `b->message`.
static inline opj_image_t *dcmveil_opj_decode(dcmveil_opj_buffer *b) {
    static const unsigned char jp2sig[4] = {0, 0, 0, 0x0C};
    OPJ_CODEC_FORMAT format = (b->length >= 4 && memcmp(b->data, jp2sig, 4) == 0) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K;
    opj_codec_t *codec = opj_create_decompress(format);
    if (!codec) { strcpy(b->message, "cannot create decoder"); return NULL; }
    opj_set_error_handler(codec, dcmveil_opj_on_error, b);
    opj_set_warning_handler(codec, dcmveil_opj_quiet, b);
    opj_set_info_handler(codec, dcmveil_opj_quiet, b);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    opj_image_t *image = NULL;
    opj_stream_t *stream = dcmveil_opj_stream(b, 1);
    if (!stream) { opj_destroy_codec(codec); strcpy(b->message, "cannot create stream"); return NULL; }
    int ok = opj_setup_decoder(codec, &params) && opj_read_header(stream, codec, &image)
        && opj_decode(codec, stream, image) && opj_end_decompress(codec, stream);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    if (!ok) {
        if (image) opj_image_destroy(image);
        if (b->message[0] == 0) strcpy(b->message, "decoding failed");
        return NULL;
    }
    return image;
}

/// Encodes `image` as a lossless (reversible 5/3) J2K codestream into b->out / b->length.
/// mct: 1 to apply the reversible colour transform (3 components). Returns 0 on success.
static inline int dcmveil_opj_encode_lossless(opj_image_t *image, int mct, dcmveil_opj_buffer *b) {
    opj_cparameters_t params;
    opj_set_default_encoder_parameters(&params);
    params.tcp_numlayers = 1;
    params.tcp_rates[0] = 0;
    params.cp_disto_alloc = 1;
    params.irreversible = 0;
    params.tcp_mct = (char)(mct ? 1 : 0);
    // Resolution levels: each level halves the smallest dimension; keep at least one sample.
    OPJ_UINT32 smallest = image->x1 < image->y1 ? image->x1 : image->y1;
    int levels = 1;
    while (levels < 6 && (smallest >> levels) >= 1) levels++;
    params.numresolution = levels;
    opj_codec_t *codec = opj_create_compress(OPJ_CODEC_J2K);
    if (!codec) { strcpy(b->message, "cannot create encoder"); return 1; }
    opj_set_error_handler(codec, dcmveil_opj_on_error, b);
    opj_set_warning_handler(codec, dcmveil_opj_quiet, b);
    opj_set_info_handler(codec, dcmveil_opj_quiet, b);
    b->position = 0;
    b->length = 0;
    opj_stream_t *stream = dcmveil_opj_stream(b, 0);
    if (!stream) { opj_destroy_codec(codec); strcpy(b->message, "cannot create stream"); return 2; }
    int ok = opj_setup_encoder(codec, &params, image) && opj_start_compress(codec, image, stream)
        && opj_encode(codec, stream) && opj_end_compress(codec, stream);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    if (!ok) { if (b->message[0] == 0) strcpy(b->message, "encoding failed"); return 3; }
    return 0;
}

static inline void dcmveil_opj_buffer_free(dcmveil_opj_buffer *b) { free(b->out); b->out = NULL; }
#endif
