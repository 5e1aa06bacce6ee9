/* One C function called over many items: the loop that `pdf_calls` would otherwise run
 * item by item through ctypes, done here in one call.
 *
 * A text-layer page asks pdfium a handful of questions about each of its thousands of
 * chars, objects and path segments. Through ctypes every question costs far more than
 * pdfium's answer; `ogi_map` asks all of them from C. It knows nothing of pdfium: it
 * calls the function at the address it is given, with the signature `shape` names.
 *
 * `run` is its entry from Python: it takes the arrays as buffers (numpy arrays), checks
 * their types and sizes, and calls `ogi_map`; a page asks it some twenty questions, and
 * a call through ctypes, with the addresses of four arrays to look up, cost more than
 * many of the questions themselves.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <limits.h>
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
 * all) and, for the shapes with an index, index[k] (checked to fit a C int); its out-pointers point into `out`
 * at k * stride + j * size for j = 0, 1, ... (the caller zeroes `out`); its answer goes
 * to result[k] (int64, double or uint64 by shape). Returns 0, or -1 for an unknown
 * shape. */
static int
ogi_map(void *fn, int shape, const uint64_t *handles, int64_t hstep, const int64_t *index,
        int64_t n, char *out, int64_t stride, int64_t size, void *result)
{
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
        for (k = 0; k < n; k++) ints[k] = ((hi_int)fn)(H(k), (int)index[k]);
        return 0;
    case HI_DOUBLE:
        for (k = 0; k < n; k++) doubles[k] = ((hi_double)fn)(H(k), (int)index[k]);
        return 0;
    case HI_PTR:
        for (k = 0; k < n; k++) ptrs[k] = (uint64_t)(uintptr_t)((hi_ptr)fn)(H(k), (int)index[k]);
        return 0;
    case HIP_INT:
        for (k = 0; k < n; k++) ints[k] = ((hip_int)fn)(H(k), (int)index[k], P(k, 0));
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

/* The version of `run` and its signatures: `pdf_calls` uses the module only if it is the
 * one it was written for (a module left from an older build is passed over). */
#define MAP_VERSION 3

/* Out-pointers each call of a signature takes (see above). */
static int
pointers_of(int shape)
{
    switch (shape) {
    case HIP_INT:
    case HP_INT:
        return 1;
    case HPP_INT:
        return 2;
    case HPPPP_INT:
        return 4;
    }
    return 0;
}

/* Whether a signature takes an index. */
static int
has_index(int shape)
{
    return shape == HI_INT || shape == HI_DOUBLE || shape == HI_PTR || shape == HIP_INT;
}

/* A contiguous buffer of `o` (a numpy array), writable if asked, with items of
 * `itemsize` bytes (0: any) and at least `bytes` bytes. 1 got (release it), -1 error. */
static int
get_buffer(PyObject *o, Py_buffer *view, int writable, Py_ssize_t itemsize, Py_ssize_t bytes,
           const char *what)
{
    if (PyObject_GetBuffer(o, view, PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    if ((itemsize && view->itemsize != itemsize) || view->len < bytes) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "%s: too small or of the wrong item size", what);
        return -1;
    }
    return 1;
}

/* run(fn, shape, handles, index, out, stride, size, result) -> None.
 * fn: the function's address; handles: one handle's address (an int) for every call,
 * or a buffer of uint64 addresses, one per call; index: a buffer of int64 indices (each
 * within a C int; not read for the signatures without one); out: a writable buffer of
 * `stride` bytes a call, its out-pointers `size` bytes apart (not read for signatures
 * without them), zeroed by the caller; result: a writable buffer of 8-byte items, one
 * per call, whose length is the count of calls. Raises ValueError for anything that does
 * not fit: a signature it does not know, an index out of range, a buffer too small. */
static PyObject *
map_run(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    Py_buffer result, handles, index, out;
    int have_handles = 0, have_index = 0, have_out = 0;
    PyObject *answer = NULL;
    uint64_t one = 0;
    const uint64_t *hs = &one;
    const int64_t *ix = NULL;
    int64_t hstep = 0;
    char *o = NULL;
    if (nargs != 8) {
        PyErr_SetString(PyExc_TypeError, "run takes 8 arguments");
        return NULL;
    }
    void *fn = PyLong_AsVoidPtr(args[0]);
    if (fn == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "no function at address 0");
        return NULL;
    }
    long shape = PyLong_AsLong(args[1]);
    if (shape == -1 && PyErr_Occurred())
        return NULL;
    long long stride = PyLong_AsLongLong(args[5]);
    if (stride == -1 && PyErr_Occurred())
        return NULL;
    long long size = PyLong_AsLongLong(args[6]);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (shape < H_INT || shape > H_PTR) {
        PyErr_Format(PyExc_ValueError, "no native loop for signature %ld", shape);
        return NULL;
    }
    int outs = pointers_of((int)shape);
    if (stride < 0 || size < 0 || stride > 4096 || (long long)outs * size > stride) {
        PyErr_SetString(PyExc_ValueError, "out-parameters do not fit their stride");
        return NULL;
    }
    if (get_buffer(args[7], &result, 1, 8, 0, "result") < 0)
        return NULL;
    Py_ssize_t n = result.len / 8;
    if (PyLong_Check(args[2])) {
        one = (uint64_t)PyLong_AsUnsignedLongLong(args[2]);
        if (one == (uint64_t)-1 && PyErr_Occurred())
            goto done;
    } else {
        if (get_buffer(args[2], &handles, 0, 8, n * 8, "handles") < 0)
            goto done;
        have_handles = 1;
        hs = (const uint64_t *)handles.buf;
        hstep = 1;
    }
    if (has_index((int)shape)) {
        if (get_buffer(args[3], &index, 0, 8, n * 8, "index") < 0)
            goto done;
        have_index = 1;
        ix = (const int64_t *)index.buf;
        for (Py_ssize_t k = 0; k < n; k++) {
            if (ix[k] < INT_MIN || ix[k] > INT_MAX) {
                PyErr_SetString(PyExc_ValueError, "pdfium index out of the range of a C int");
                goto done;
            }
        }
    }
    if (outs) {
        /* (n * stride fits: the buffer of n 8-byte results exists, and stride <= 4096) */
        if (get_buffer(args[4], &out, 1, 0, n * (Py_ssize_t)stride, "out") < 0)
            goto done;
        have_out = 1;
        o = (char *)out.buf;
    }
    ogi_map(fn, (int)shape, hs, hstep, ix, n, o, stride, size, result.buf);
    answer = Py_NewRef(Py_None);
done:
    if (have_out)
        PyBuffer_Release(&out);
    if (have_index)
        PyBuffer_Release(&index);
    if (have_handles)
        PyBuffer_Release(&handles);
    PyBuffer_Release(&result);
    return answer;
}

static PyMethodDef methods[] = {
    {"run", (PyCFunction)(void (*)(void))map_run, METH_FASTCALL,
     "run(fn, shape, handles, index, out, stride, size, result): pdfium function fn "
     "called once for each item of result (see pdf_calls)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_map",
    "run: one C function called over many items (see ogi.readers.pdf_calls).", -1, methods,
};

PyMODINIT_FUNC
PyInit__pdfium_map(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "VERSION", MAP_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
