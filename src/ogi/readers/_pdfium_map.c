/* One C function called over many items: the loop that `pdf_calls` runs through ctypes,
 * item by item, done here in one call.
 *
 * A text-layer page asks pdfium a handful of questions about each of its thousands of
 * chars, objects and path segments. Through ctypes every question costs far more than
 * pdfium's answer; `ogi_map` asks all of them from C. It knows nothing of pdfium: it
 * calls the function at the address it is given, with the signature `shape` names.
 *
 * Built as an extension module (so that the package's build makes it and finds it), it
 * is loaded with ctypes; the module itself holds nothing.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The signatures asked for: h a handle (pointer), i an int index, p an out-pointer. */
enum {
    H_INT = 0,      /* int f(h)                     -> int64 */
    HI_INT = 1,     /* int f(h, i)                  -> int64 */
    HI_DOUBLE = 2,  /* double f(h, i)               -> double */
    HI_PTR = 3,     /* void *f(h, i)                -> uint64 (0 for NULL) */
    HIP_INT = 4,    /* int f(h, i, p)               -> int64 */
    HP_INT = 5,     /* int f(h, p)                  -> int64 */
    HPP_INT = 6,    /* int f(h, p, p)               -> int64 */
    HPPPP_INT = 7,  /* int f(h, p, p, p, p)         -> int64 */
    H_PTR = 8,      /* void *f(h)                   -> uint64 (0 for NULL) */
};

typedef int (*h_int)(void *);
typedef int (*hi_int)(void *, int);
typedef double (*hi_double)(void *, int);
typedef void *(*hi_ptr)(void *, int);
typedef int (*hip_int)(void *, int, void *);
typedef int (*hp_int)(void *, void *);
typedef int (*hpp_int)(void *, void *, void *);
typedef int (*hpppp_int)(void *, void *, void *, void *, void *);
typedef void *(*h_ptr)(void *);

/* Calls `fn` n times. Call k is on handle handles[k * hstep] (hstep 0: one handle for
 * all) and, for the shapes with an index, index[k]; its out-pointers point into `out`
 * at k * stride + j * size for j = 0, 1, ... (the caller zeroes `out`); its answer goes
 * to result[k] (int64, double or uint64 by shape). Returns 0, or -1 for an unknown
 * shape. */
#if defined(_WIN32)
__declspec(dllexport)
#endif
int ogi_map(void *fn, int shape, const uint64_t *handles, int64_t hstep, const int32_t *index,
            int64_t n, char *out, int64_t stride, int64_t size, void *result) {
    int64_t k;
    int64_t *ints = (int64_t *)result;
    double *doubles = (double *)result;
    uint64_t *ptrs = (uint64_t *)result;
#define H(k) ((void *)(uintptr_t)handles[(k) * hstep])
#define P(k, j) ((void *)(out + (k) * stride + (j) * size))
    switch (shape) {
    case H_INT:
        for (k = 0; k < n; k++) ints[k] = ((h_int)fn)(H(k));
        return 0;
    case HI_INT:
        for (k = 0; k < n; k++) ints[k] = ((hi_int)fn)(H(k), index[k]);
        return 0;
    case HI_DOUBLE:
        for (k = 0; k < n; k++) doubles[k] = ((hi_double)fn)(H(k), index[k]);
        return 0;
    case HI_PTR:
        for (k = 0; k < n; k++) ptrs[k] = (uint64_t)(uintptr_t)((hi_ptr)fn)(H(k), index[k]);
        return 0;
    case HIP_INT:
        for (k = 0; k < n; k++) ints[k] = ((hip_int)fn)(H(k), index[k], P(k, 0));
        return 0;
    case HP_INT:
        for (k = 0; k < n; k++) ints[k] = ((hp_int)fn)(H(k), P(k, 0));
        return 0;
    case HPP_INT:
        for (k = 0; k < n; k++) ints[k] = ((hpp_int)fn)(H(k), P(k, 0), P(k, 1));
        return 0;
    case HPPPP_INT:
        for (k = 0; k < n; k++)
            ints[k] = ((hpppp_int)fn)(H(k), P(k, 0), P(k, 1), P(k, 2), P(k, 3));
        return 0;
    case H_PTR:
        for (k = 0; k < n; k++) ptrs[k] = (uint64_t)(uintptr_t)((h_ptr)fn)(H(k));
        return 0;
    }
#undef H
#undef P
    return -1;
}

/* The version of the signatures above: `pdf_calls` uses the loop only if it is the one
 * it was written for (a module left from an older build is passed over). */
#if defined(_WIN32)
__declspec(dllexport)
#endif
int ogi_map_version(void) { return 2; }

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_map",
    "ogi_map: one C function called over many items (loaded with ctypes).", -1, NULL,
};

PyMODINIT_FUNC PyInit__pdfium_map(void) { return PyModule_Create(&module); }
