#ifndef DCMVEIL_CTESSERACT_SHIM_H
#define DCMVEIL_CTESSERACT_SHIM_H
// Tesseract through dlopen: the header gives the types and prototypes, but nothing links
// libtesseract. Loading it (with leptonica, libcurl, libarchive, OpenMP and their static
// constructors) costs tens of milliseconds per process, which every command would pay even when
// it never reads text; so it is loaded on first use only (docs/DECISIONS.md).
#include <tesseract/capi.h>
#include <dlfcn.h>
#include <stdlib.h>

/// The Tesseract C API functions dcmveil uses, resolved from the loaded library.
typedef struct dcmveil_tess_api {
    __typeof__(TessVersion) *version;
    __typeof__(TessDeleteText) *deleteText;
    __typeof__(TessBaseAPICreate) *create;
    __typeof__(TessBaseAPIDelete) *destroy;
    __typeof__(TessBaseAPIInit2) *init2;
    __typeof__(TessBaseAPISetVariable) *setVariable;
    __typeof__(TessBaseAPIEnd) *end;
    __typeof__(TessBaseAPISetImage) *setImage;
    __typeof__(TessBaseAPISetSourceResolution) *setSourceResolution;
    __typeof__(TessBaseAPISetPageSegMode) *setPageSegMode;
    __typeof__(TessBaseAPIRecognize) *recognize;
    __typeof__(TessBaseAPIClear) *clear;
    __typeof__(TessBaseAPIGetIterator) *getIterator;
    __typeof__(TessResultIteratorDelete) *resultIteratorDelete;
    __typeof__(TessResultIteratorGetPageIterator) *resultIteratorGetPageIterator;
    __typeof__(TessResultIteratorGetUTF8Text) *resultIteratorGetUTF8Text;
    __typeof__(TessResultIteratorConfidence) *resultIteratorConfidence;
    __typeof__(TessResultIteratorNext) *resultIteratorNext;
    __typeof__(TessPageIteratorBoundingBox) *pageIteratorBoundingBox;
} dcmveil_tess_api;

/// Loads libtesseract and resolves every function; NULL when the library or a function is missing
/// (then `dcmveil_tess_error` says why). OMP_THREAD_LIMIT=1 is set first (unless already set), so the
/// OpenMP runtime Tesseract pulls in reads it as it loads: one thread per engine, one engine per worker.
/// The table is never freed: the library stays loaded for the life of the process.
static inline dcmveil_tess_api *dcmveil_tess_open(void) {
    setenv("OMP_THREAD_LIMIT", "1", 0);
    void *lib = dlopen("libtesseract.so.5", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) lib = dlopen("libtesseract.so", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) return NULL;
    dcmveil_tess_api *t = (dcmveil_tess_api *)calloc(1, sizeof(dcmveil_tess_api));
    if (t == NULL) return NULL;
#define DCMVEIL_TESS_LOAD(field, symbol) \
    t->field = (__typeof__(t->field))dlsym(lib, #symbol); \
    if (t->field == NULL) { free(t); return NULL; }
    DCMVEIL_TESS_LOAD(version, TessVersion)
    DCMVEIL_TESS_LOAD(deleteText, TessDeleteText)
    DCMVEIL_TESS_LOAD(create, TessBaseAPICreate)
    DCMVEIL_TESS_LOAD(destroy, TessBaseAPIDelete)
    DCMVEIL_TESS_LOAD(init2, TessBaseAPIInit2)
    DCMVEIL_TESS_LOAD(setVariable, TessBaseAPISetVariable)
    DCMVEIL_TESS_LOAD(end, TessBaseAPIEnd)
    DCMVEIL_TESS_LOAD(setImage, TessBaseAPISetImage)
    DCMVEIL_TESS_LOAD(setSourceResolution, TessBaseAPISetSourceResolution)
    DCMVEIL_TESS_LOAD(setPageSegMode, TessBaseAPISetPageSegMode)
    DCMVEIL_TESS_LOAD(recognize, TessBaseAPIRecognize)
    DCMVEIL_TESS_LOAD(clear, TessBaseAPIClear)
    DCMVEIL_TESS_LOAD(getIterator, TessBaseAPIGetIterator)
    DCMVEIL_TESS_LOAD(resultIteratorDelete, TessResultIteratorDelete)
    DCMVEIL_TESS_LOAD(resultIteratorGetPageIterator, TessResultIteratorGetPageIterator)
    DCMVEIL_TESS_LOAD(resultIteratorGetUTF8Text, TessResultIteratorGetUTF8Text)
    DCMVEIL_TESS_LOAD(resultIteratorConfidence, TessResultIteratorConfidence)
    DCMVEIL_TESS_LOAD(resultIteratorNext, TessResultIteratorNext)
    DCMVEIL_TESS_LOAD(pageIteratorBoundingBox, TessPageIteratorBoundingBox)
#undef DCMVEIL_TESS_LOAD
    // Parallel regions already active in the OpenMP runtime run on one thread too.
    void (*setLevels)(int) = (void (*)(int))dlsym(lib, "omp_set_max_active_levels");
    if (setLevels != NULL) setLevels(0);
    return t;
}

/// Why the last `dcmveil_tess_open` failed (dlerror's text), or NULL.
static inline const char *dcmveil_tess_error(void) { return dlerror(); }

// Calls through the table: Swift imports these as plain functions.
static inline const char *dcmveil_TessVersion(const dcmveil_tess_api *t) { return t->version(); }
static inline void dcmveil_TessDeleteText(const dcmveil_tess_api *t, const char *text) { t->deleteText(text); }
static inline TessBaseAPI *dcmveil_TessBaseAPICreate(const dcmveil_tess_api *t) { return t->create(); }
static inline void dcmveil_TessBaseAPIDelete(const dcmveil_tess_api *t, TessBaseAPI *api) { t->destroy(api); }
static inline int dcmveil_TessBaseAPIInit2(const dcmveil_tess_api *t, TessBaseAPI *api, const char *datapath, const char *language,
                                           TessOcrEngineMode oem) { return t->init2(api, datapath, language, oem); }
static inline BOOL dcmveil_TessBaseAPISetVariable(const dcmveil_tess_api *t, TessBaseAPI *api, const char *name, const char *value) {
    return t->setVariable(api, name, value);
}
static inline void dcmveil_TessBaseAPIEnd(const dcmveil_tess_api *t, TessBaseAPI *api) { t->end(api); }
static inline void dcmveil_TessBaseAPISetImage(const dcmveil_tess_api *t, TessBaseAPI *api, const unsigned char *data, int width,
                                               int height, int bytesPerPixel, int bytesPerLine) {
    t->setImage(api, data, width, height, bytesPerPixel, bytesPerLine);
}
static inline void dcmveil_TessBaseAPISetSourceResolution(const dcmveil_tess_api *t, TessBaseAPI *api, int ppi) {
    t->setSourceResolution(api, ppi);
}
static inline void dcmveil_TessBaseAPISetPageSegMode(const dcmveil_tess_api *t, TessBaseAPI *api, TessPageSegMode mode) {
    t->setPageSegMode(api, mode);
}
static inline int dcmveil_TessBaseAPIRecognize(const dcmveil_tess_api *t, TessBaseAPI *api) { return t->recognize(api, NULL); }
static inline void dcmveil_TessBaseAPIClear(const dcmveil_tess_api *t, TessBaseAPI *api) { t->clear(api); }
static inline TessResultIterator *dcmveil_TessBaseAPIGetIterator(const dcmveil_tess_api *t, TessBaseAPI *api) {
    return t->getIterator(api);
}
static inline void dcmveil_TessResultIteratorDelete(const dcmveil_tess_api *t, TessResultIterator *it) { t->resultIteratorDelete(it); }
static inline TessPageIterator *dcmveil_TessResultIteratorGetPageIterator(const dcmveil_tess_api *t, TessResultIterator *it) {
    return t->resultIteratorGetPageIterator(it);
}
static inline char *dcmveil_TessResultIteratorGetUTF8Text(const dcmveil_tess_api *t, const TessResultIterator *it,
                                                          TessPageIteratorLevel level) {
    return t->resultIteratorGetUTF8Text(it, level);
}
static inline float dcmveil_TessResultIteratorConfidence(const dcmveil_tess_api *t, const TessResultIterator *it,
                                                         TessPageIteratorLevel level) {
    return t->resultIteratorConfidence(it, level);
}
static inline BOOL dcmveil_TessResultIteratorNext(const dcmveil_tess_api *t, TessResultIterator *it, TessPageIteratorLevel level) {
    return t->resultIteratorNext(it, level);
}
static inline BOOL dcmveil_TessPageIteratorBoundingBox(const dcmveil_tess_api *t, const TessPageIterator *it, TessPageIteratorLevel level,
                                                       int *left, int *top, int *right, int *bottom) {
    return t->pageIteratorBoundingBox(it, level, left, top, right, bottom);
}
#endif
