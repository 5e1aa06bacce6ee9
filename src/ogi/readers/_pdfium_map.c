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
#include <stdlib.h>
#include <math.h>

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
#define MAP_VERSION 8

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

/* The address int `o` holds, not NULL (`what` names it in the error). NULL with an
 * error otherwise. */
static void *
address_of(PyObject *o, const char *what)
{
    void *p = PyLong_AsVoidPtr(o);
    if (p == NULL && !PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, "no %s at address 0", what);
    return p;
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
    void *fn = address_of(args[0], "function");
    if (fn == NULL)
        return NULL;
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

/* The `count` function addresses of tuple `o` into fns. 0, or -1 with an error. */
static int
addresses_of(PyObject *o, void **fns, int count)
{
    if (!PyTuple_Check(o) || PyTuple_GET_SIZE(o) != count) {
        PyErr_Format(PyExc_ValueError, "a tuple of %d function addresses is asked for", count);
        return -1;
    }
    for (int j = 0; j < count; j++) {
        if ((fns[j] = address_of(PyTuple_GET_ITEM(o, j), "function")) == NULL)
            return -1;
    }
    return 0;
}

/* The start of each entry below that takes its function addresses first: `nargs` must
 * be `want`, and the first argument's `count` addresses go into fns. 0, or -1 with an
 * error. */
static int
entry_of(const char *name, PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want,
         void **fns, int count)
{
    if (nargs != want) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd arguments", name, want);
        return -1;
    }
    return addresses_of(args[0], fns, count);
}

/* A channel's least white value (0 to 255 in pdfium's colours, any C unsigned int
 * taken). 0, or -1 with an error. */
static int
white_of(PyObject *o, unsigned *white)
{
    unsigned long v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred())
        return -1;
    if (v > UINT_MAX) {
        PyErr_SetString(PyExc_ValueError, "white out of the range of a C unsigned int");
        return -1;
    }
    *white = (unsigned)v;
    return 0;
}

/* The pdfium functions `chars` calls, in the order `pdf_calls.page_chars` gives their
 * addresses. */
typedef int (*get_text_fn)(void *, int, int, unsigned short *);
typedef unsigned int (*get_unicode_fn)(void *, int);
typedef int (*is_generated_fn)(void *, int);
typedef int (*char_matrix_fn)(void *, int, float *);
typedef double (*font_size_fn)(void *, int);
typedef int (*map_error_fn)(void *, int);
typedef int (*loose_box_fn)(void *, int, float *);
typedef void *(*text_object_fn)(void *, int);
typedef int (*object_matrix_fn)(void *, float *);
enum { F_TEXT, F_UNICODE, F_GENERATED, F_MATRIX, F_SIZE, F_MAP_ERROR, F_BOX, F_OBJECT,
       F_OBJECT_MATRIX, F_COUNT };

/* Whether pdfium's text shows this UTF-16 unit in place of the char's own code point,
 * which is asked for again (`pdf_chars._ASKED_AGAIN`): a control character other than a
 * line end or tab, half of a surrogate pair, U+FFFD to U+FFFF. */
static int
asked_again(unsigned u)
{
    return (u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0D) || (u >= 0xD800 && u <= 0xDFFF)
           || u >= 0xFFFD;
}

/* Whether a char prints nothing (`pdf_chars._BLANK`). */
static int
blank(int64_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x3000 || cp == 0x0D || cp == 0x0A || cp == 0x09
           || cp == 0xFFFE || cp == 0xFEFF || cp == 0;
}

/* The chars of text page `tp` (n of them) as `pdf_chars._asked` cleans them, for the
 * usual page only: into ints (rows: pdfium index, code point, unread) and floats (rows:
 * left, top, right, bottom, em size), the chars kept one column each. Returns the count
 * kept, and the chars and garbage counted before cleaning (`total`, `garbage`); or -1
 * where the page is not such a page and `_asked` must do the work: its text not read
 * in one call, a char outside the BMP, a char without a matrix or not upright, a box
 * to be rebuilt, a box in a form's space (`_boxes_in_forms`). The arithmetic is
 * `_asked`'s in the same order, so the numbers are the same to the bit. */
static int64_t
page_chars(void *const *fn, void *tp, int n, int forms, int64_t *ints, double *floats,
           int64_t *total, int64_t *garbage)
{
    unsigned short *units = malloc(((size_t)n + 1) * sizeof *units);
    int64_t kept = 0, count = 0, bad_count = 0;
    if (units == NULL)
        return -1;
    if (((get_text_fn)fn[F_TEXT])(tp, 0, n, units) != n + 1)
        goto other;
    for (int i = 0; i < n; i++) {
        int64_t cp = units[i];
        if (asked_again(units[i])) {
            if (units[i] >= 0xD800 && units[i] <= 0xDFFF)
                goto other; /* (a char outside the BMP: read char by char) */
            cp = ((get_unicode_fn)fn[F_UNICODE])(tp, i);
        }
        if (blank(cp))
            continue;
        if (cp < 0x80 && ((is_generated_fn)fn[F_GENERATED])(tp, i) == 1)
            continue;
        count++;
        float m[6] = {0, 0, 0, 0, 0, 0};
        if (!((char_matrix_fn)fn[F_MATRIX])(tp, i, m))
            goto other;
        double a = m[0], b = m[1], c = m[2], d = m[3];
        if (!(b == 0.0) || a < 0)
            goto other; /* turned or slanted */
        double root = pow(fabs(a * d - b * c), 0.5);
        double em = ((font_size_fn)fn[F_SIZE])(tp, i) * root;
        int bad = cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0x20
                  || ((map_error_fn)fn[F_MAP_ERROR])(tp, i) == 1;
        bad_count += bad;
        float box[4] = {0, 0, 0, 0};
        if (!((loose_box_fn)fn[F_BOX])(tp, i, box))
            continue;
        if (forms) {
            void *obj = ((text_object_fn)fn[F_OBJECT])(tp, i);
            float own[6] = {0, 0, 0, 0, 0, 0};
            if (obj != NULL && ((object_matrix_fn)fn[F_OBJECT_MATRIX])(obj, own)) {
                /* (as numpy compares the float32 matrices: the largest difference,
                 * NaN if any is, over 1e-4 as a float32) */
                float most = 0;
                int nan = 0;
                for (int j = 0; j < 6; j++) {
                    float gap = fabsf(m[j] - own[j]);
                    if (gap != gap)
                        nan = 1;
                    else if (gap > most)
                        most = gap;
                }
                if (!nan && most > 1e-4f)
                    goto other;
            }
        }
        double left = box[0], top = box[1], right = box[2], bottom = box[3];
        double height = top - bottom;
        double size = em <= 0 ? height : em;
        if (!(height > 0 && right - left <= size * 2.5 && height <= size * 2.5)) {
            if (size > 0)
                goto other; /* to be rebuilt */
            continue;
        }
        ints[kept] = i;
        ints[n + kept] = cp;
        ints[2 * (int64_t)n + kept] = bad;
        floats[kept] = left;
        floats[n + kept] = top;
        floats[2 * (int64_t)n + kept] = right;
        floats[3 * (int64_t)n + kept] = bottom;
        floats[4 * (int64_t)n + kept] = size;
        kept++;
    }
    free(units);
    *total = count;
    *garbage = bad_count;
    return kept;
other:
    free(units);
    return -1;
}

/* chars(fns, tp, n, forms, ints, floats) -> (kept, total, garbage) or None: `page_chars`
 * from Python. fns: a tuple of the F_COUNT functions' addresses; tp: the text page's
 * address; n: its count of chars; ints: a writable buffer of 3 * n int64, floats of
 * 5 * n doubles. None where the page is not the usual page (see page_chars). */
static PyObject *
map_chars(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    void *fns[F_COUNT];
    Py_buffer ints, floats;
    PyObject *answer = NULL;
    if (entry_of("chars", args, nargs, 6, fns, F_COUNT) < 0)
        return NULL;
    void *tp = address_of(args[1], "text page");
    if (tp == NULL)
        return NULL;
    long n = PyLong_AsLong(args[2]);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n >= INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "a count of chars out of the range of a C int");
        return NULL;
    }
    int forms = PyObject_IsTrue(args[3]);
    if (forms < 0)
        return NULL;
    if (get_buffer(args[4], &ints, 1, 8, 3 * (Py_ssize_t)n * 8, "ints") < 0)
        return NULL;
    if (get_buffer(args[5], &floats, 1, 8, 5 * (Py_ssize_t)n * 8, "floats") < 0) {
        PyBuffer_Release(&ints);
        return NULL;
    }
    int64_t total = 0, garbage = 0, kept;
    kept = page_chars(fns, tp, (int)n, forms, (int64_t *)ints.buf, (double *)floats.buf,
                      &total, &garbage);
    if (kept < 0)
        answer = Py_NewRef(Py_None);
    else
        answer = Py_BuildValue("(LLL)", (long long)kept, (long long)total, (long long)garbage);
    PyBuffer_Release(&floats);
    PyBuffer_Release(&ints);
    return answer;
}

/* The pdfium functions `plain` calls, in the order `pdf_calls.plain_text` gives them. */
typedef int (*render_mode_fn)(void *);
typedef int (*colour_fn)(void *, unsigned *, unsigned *, unsigned *, unsigned *);
typedef void *(*clip_path_fn)(void *);
typedef int (*count_paths_fn)(void *);
enum { P_MODE, P_FILL, P_CLIP, P_CLIP_PATHS, P_COUNT };

/* Whether an object's paint, asked with `colour`, shows: a paint that cannot be read
 * does; one of alpha 0, or of every channel at least `white`, does not. */
static int
shows(void *colour, void *obj, unsigned white)
{
    unsigned r = 0, g = 0, b = 0, a = 0;
    if (!((colour_fn)colour)(obj, &r, &g, &b, &a))
        return 1;
    return !(a == 0 || (r >= white && g >= white && b >= white));
}

/* Whether every text object among objs (n of them, of kinds `kinds`) is plainly seen,
 * as `pdf_unseen` judges: none of the page's objects a form (kind `form`), each text
 * object (kind `text`) filled only (render mode 0) in a paint neither unseen (alpha 0)
 * nor white (every channel at least `white`), a paint that cannot be read counting as
 * seen, and none clipped (a clip of at least one path). */
static int
plain(void *const *fn, const uint64_t *objs, const int64_t *kinds, int64_t n, int64_t text,
      int64_t form, unsigned white)
{
    for (int64_t k = 0; k < n; k++) {
        if (kinds[k] == form)
            return 0;
        if (kinds[k] != text)
            continue;
        void *obj = (void *)(uintptr_t)objs[k];
        if (((render_mode_fn)fn[P_MODE])(obj) != 0)
            return 0;
        if (!shows(fn[P_FILL], obj, white))
            return 0;
        if (((count_paths_fn)fn[P_CLIP_PATHS])(((clip_path_fn)fn[P_CLIP])(obj)) > 0)
            return 0;
    }
    return 1;
}

/* plain(fns, objs, kinds, text, form, white) -> bool: `plain` from Python. fns: a tuple
 * of the P_COUNT functions' addresses; objs: a buffer of uint64 addresses; kinds: a
 * buffer of int64 kinds, as many. */
static PyObject *
map_plain(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    void *fns[P_COUNT];
    Py_buffer objs, kinds;
    if (entry_of("plain", args, nargs, 6, fns, P_COUNT) < 0)
        return NULL;
    long long text = PyLong_AsLongLong(args[3]);
    if (text == -1 && PyErr_Occurred())
        return NULL;
    long long form = PyLong_AsLongLong(args[4]);
    if (form == -1 && PyErr_Occurred())
        return NULL;
    unsigned white;
    if (white_of(args[5], &white) < 0)
        return NULL;
    if (get_buffer(args[1], &objs, 0, 8, 0, "objs") < 0)
        return NULL;
    if (get_buffer(args[2], &kinds, 0, 8, objs.len, "kinds") < 0) {
        PyBuffer_Release(&objs);
        return NULL;
    }
    int answer = plain(fns, (const uint64_t *)objs.buf, (const int64_t *)kinds.buf,
                       (int64_t)(objs.len / 8), text, form, white);
    PyBuffer_Release(&kinds);
    PyBuffer_Release(&objs);
    return PyBool_FromLong(answer);
}

/* The pdfium functions `points` calls, in the order `pdf_calls.path_points` gives them. */
typedef void *(*segment_fn)(void *, int);
typedef int (*segment_point_fn)(void *, float *, float *);
typedef int (*segment_int_fn)(void *);
enum { S_SEGMENT, S_POINT, S_TYPE, S_CLOSE, S_COUNT };

/* The segments of paths (m of them, counts[k] segments each, their six matrix numbers
 * in matrix[0..5][k]): each segment's point taken through its path's matrix and then
 * into the view (turned by `turn`, its box left, bottom, right, top), written to x, y;
 * whether the point was read (ok), the segment's type and whether it closes its
 * subpath. As `pdf_tables._rules_of_paths` does it with arrays, products and sums in
 * the same order. */
static void
points(void *const *fn, const uint64_t *paths, const int64_t *counts, int64_t m,
       const double *matrix, int turn, const double *box, double *x, double *y,
       unsigned char *ok, int64_t *kinds, int64_t *closes)
{
    int64_t at = 0;
    for (int64_t k = 0; k < m; k++) {
        void *path = (void *)(uintptr_t)paths[k];
        double ma = matrix[k], mb = matrix[m + k], mc = matrix[2 * m + k];
        double md = matrix[3 * m + k], me = matrix[4 * m + k], mf = matrix[5 * m + k];
        for (int64_t j = 0; j < counts[k]; j++, at++) {
            void *seg = ((segment_fn)fn[S_SEGMENT])(path, (int)j);
            float fx = 0, fy = 0;
            ok[at] = ((segment_point_fn)fn[S_POINT])(seg, &fx, &fy) != 0;
            kinds[at] = ((segment_int_fn)fn[S_TYPE])(seg);
            closes[at] = ((segment_int_fn)fn[S_CLOSE])(seg);
            double px = fx, py = fy;
            double X = ma * px + mc * py + me, Y = mb * px + md * py + mf;
            /* (View.xy; box: left, bottom, right, top) */
            switch (turn) {
            case 90:
                x[at] = Y - box[1];
                y[at] = X - box[0];
                break;
            case 180:
                x[at] = box[2] - X;
                y[at] = Y - box[1];
                break;
            case 270:
                x[at] = box[3] - Y;
                y[at] = box[2] - X;
                break;
            default:
                x[at] = X;
                y[at] = box[3] - Y;
            }
        }
    }
}

/* points(fns, paths, counts, matrix, turn, box, x, y, ok, kinds, closes) -> None:
 * `points` from Python. paths: uint64 addresses; counts: int64, as many, each within a
 * C int, their sum the length of x, y (float64), ok (1-byte), kinds and closes (int64);
 * matrix: 6 rows of float64, a column per path; turn: 0, 90, 180 or 270; box: 4
 * float64. */
static PyObject *
map_points(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    void *fns[S_COUNT];
    Py_buffer b[9];
    int got = 0;
    PyObject *answer = NULL;
    if (entry_of("points", args, nargs, 11, fns, S_COUNT) < 0)
        return NULL;
    long turn = PyLong_AsLong(args[4]);
    if (turn == -1 && PyErr_Occurred())
        return NULL;
    if (turn != 0 && turn != 90 && turn != 180 && turn != 270) {
        PyErr_Format(PyExc_ValueError, "no view turned by %ld", turn);
        return NULL;
    }
    /* paths, counts, matrix, box; then x, y, ok, kinds, closes (writable) */
    static const int which[] = {1, 2, 3, 5, 6, 7, 8, 9, 10};
    static const char *names[] = {"paths", "counts", "matrix", "box", "x", "y",
                                  "ok", "kinds", "closes"};
    static const Py_ssize_t sizes[] = {8, 8, 8, 8, 8, 8, 1, 8, 8};
    Py_ssize_t m = 0, total = 0;
    for (int j = 0; j < 9; j++) {
        Py_ssize_t need = 0;
        if (j == 1 || j == 2)
            need = (j == 1 ? 1 : 6) * m * 8;
        else if (j == 3)
            need = 4 * 8;
        else if (j >= 4)
            need = total * sizes[j];
        if (get_buffer(args[which[j]], &b[j], j >= 4, sizes[j], need, names[j]) < 0)
            goto done;
        got = j + 1;
        if (j == 0)
            m = b[0].len / 8;
        if (j == 1) {
            const int64_t *counts = (const int64_t *)b[1].buf;
            for (Py_ssize_t k = 0; k < m; k++) {
                if (counts[k] < 0 || counts[k] > INT_MAX) {
                    PyErr_SetString(PyExc_ValueError, "a count of segments out of range");
                    goto done;
                }
                total += counts[k];
            }
        }
    }
    points(fns, (const uint64_t *)b[0].buf, (const int64_t *)b[1].buf, m,
           (const double *)b[2].buf, (int)turn, (const double *)b[3].buf, (double *)b[4].buf,
           (double *)b[5].buf, (unsigned char *)b[6].buf, (int64_t *)b[7].buf,
           (int64_t *)b[8].buf);
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < got; j++)
        PyBuffer_Release(&b[j]);
    return answer;
}

/* The pdfium functions `drawn` calls, in the order `pdf_calls.drawn_paths` gives them. */
typedef int (*draw_mode_fn)(void *, int *, int *);
typedef int (*count_fn)(void *);
enum { D_MODE, D_FILL, D_STROKE, D_MATRIX, D_SEGMENTS, D_COUNT };

/* Of paths (n of them, none inside a form): whether each is filled and whether stroked
 * in a paint that shows (`pdf_tables.page_rules`, `_visible`), into filled and stroked;
 * then, of those drawn either way, in order, their index among paths (drawn), their
 * matrix times `outer` as `pdf_tables._mul_rows` multiplies them (matrix: 6 rows of
 * capacity n) and their count of segments (counts, at least 0). Returns the count
 * drawn. */
static int64_t
drawn_paths(void *const *fn, const uint64_t *paths, int64_t n, const double *outer,
            unsigned white, unsigned char *filled, unsigned char *stroked, int64_t *drawn,
            double *matrix, int64_t *counts)
{
    static const double identity[6] = {1, 0, 0, 1, 0, 0};
    int64_t found = 0;
    for (int64_t k = 0; k < n; k++) {
        void *path = (void *)(uintptr_t)paths[k];
        int fill = 0, stroke = 0;
        int ok = ((draw_mode_fn)fn[D_MODE])(path, &fill, &stroke) != 0;
        filled[k] = ok && fill != 0 && shows(fn[D_FILL], path, white);
        stroked[k] = ok && stroke != 0 && shows(fn[D_STROKE], path, white);
        if (!filled[k] && !stroked[k])
            continue;
        float own[6] = {0, 0, 0, 0, 0, 0};
        double m[6];
        int has = ((object_matrix_fn)fn[D_MATRIX])(path, own) != 0;
        for (int j = 0; j < 6; j++)
            m[j] = has ? (double)own[j] : identity[j];
        const double *o = outer;
        matrix[found] = m[0] * o[0] + m[1] * o[2];
        matrix[n + found] = m[0] * o[1] + m[1] * o[3];
        matrix[2 * n + found] = m[2] * o[0] + m[3] * o[2];
        matrix[3 * n + found] = m[2] * o[1] + m[3] * o[3];
        matrix[4 * n + found] = m[4] * o[0] + m[5] * o[2] + o[4];
        matrix[5 * n + found] = m[4] * o[1] + m[5] * o[3] + o[5];
        int segments = ((count_fn)fn[D_SEGMENTS])(path);
        counts[found] = segments > 0 ? segments : 0;
        drawn[found++] = k;
    }
    return found;
}

/* drawn(fns, paths, outer, white, filled, stroked, drawn, matrix, counts) -> int:
 * `drawn_paths` from Python. paths: uint64 addresses; outer: 6 float64; white: a
 * channel's least white value; filled, stroked: writable 1-byte buffers, drawn and
 * counts int64, matrix 6 rows of float64, each of as many items as paths. */
static PyObject *
map_drawn(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    void *fns[D_COUNT];
    Py_buffer b[7];
    int got = 0;
    PyObject *answer = NULL;
    if (entry_of("drawn", args, nargs, 9, fns, D_COUNT) < 0)
        return NULL;
    unsigned white;
    if (white_of(args[3], &white) < 0)
        return NULL;
    /* paths, outer; then filled, stroked, drawn, matrix, counts (writable) */
    static const int which[] = {1, 2, 4, 5, 6, 7, 8};
    static const char *names[] = {"paths", "outer", "filled", "stroked", "drawn", "matrix",
                                  "counts"};
    static const Py_ssize_t sizes[] = {8, 8, 1, 1, 8, 8, 8};
    static const Py_ssize_t rows[] = {1, 0, 1, 1, 1, 6, 1};
    Py_ssize_t n = 0;
    for (int j = 0; j < 7; j++) {
        Py_ssize_t need = j == 1 ? 6 * 8 : rows[j] * n * sizes[j];
        if (get_buffer(args[which[j]], &b[j], j >= 2, sizes[j], need, names[j]) < 0)
            goto done;
        got = j + 1;
        if (j == 0)
            n = b[0].len / 8;
    }
    int64_t found = drawn_paths(fns, (const uint64_t *)b[0].buf, n, (const double *)b[1].buf,
                                white, (unsigned char *)b[2].buf,
                                (unsigned char *)b[3].buf, (int64_t *)b[4].buf,
                                (double *)b[5].buf, (int64_t *)b[6].buf);
    answer = PyLong_FromLongLong((long long)found);
done:
    for (int j = 0; j < got; j++)
        PyBuffer_Release(&b[j]);
    return answer;
}

/* A page box as pdfium gives it (FPDFPage_GetMediaBox, FPDFPage_GetCropBox). */
typedef int (*box_fn)(void *, float *, float *, float *, float *);
enum { B_MEDIA, B_CROP, B_COUNT };

/* boxes(fns, page) -> (media, crop): the page's media box and crop box, each the tuple
 * of its left, bottom, right and top (floats, as pdfium's floats), or None where pdfium
 * says the page has none. */
static PyObject *
map_boxes(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    void *fns[B_COUNT];
    if (entry_of("boxes", args, nargs, 2, fns, B_COUNT) < 0)
        return NULL;
    void *page = address_of(args[1], "page");
    if (page == NULL)
        return NULL;
    PyObject *out = PyTuple_New(B_COUNT);
    if (out == NULL)
        return NULL;
    for (int j = 0; j < B_COUNT; j++) {
        float v[4];
        PyObject *box;
        if (((box_fn)fns[j])(page, &v[0], &v[1], &v[2], &v[3]))
            box = Py_BuildValue("(dddd)", (double)v[0], (double)v[1], (double)v[2],
                                (double)v[3]);
        else
            box = Py_NewRef(Py_None);
        if (box == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, j, box);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"run", (PyCFunction)(void (*)(void))map_run, METH_FASTCALL,
     "run(fn, shape, handles, index, out, stride, size, result): pdfium function fn "
     "called once for each item of result (see pdf_calls)"},
    {"chars", (PyCFunction)(void (*)(void))map_chars, METH_FASTCALL,
     "chars(fns, tp, n, forms, ints, floats) -> (kept, total, garbage) or None: a usual "
     "page's chars asked of pdfium and cleaned in one call (see pdf_calls.page_chars)"},
    {"plain", (PyCFunction)(void (*)(void))map_plain, METH_FASTCALL,
     "plain(fns, objs, kinds, text, form, white) -> bool: whether every text object is "
     "plainly seen (see pdf_calls.plain_text)"},
    {"points", (PyCFunction)(void (*)(void))map_points, METH_FASTCALL,
     "points(fns, paths, counts, matrix, turn, box, x, y, ok, kinds, closes): the "
     "segments of paths read and placed in one call (see pdf_calls.path_points)"},
    {"drawn", (PyCFunction)(void (*)(void))map_drawn, METH_FASTCALL,
     "drawn(fns, paths, outer, white, filled, stroked, drawn, matrix, counts) -> int: "
     "which paths are drawn, their matrices and counts of segments (see "
     "pdf_calls.drawn_paths)"},
    {"boxes", (PyCFunction)(void (*)(void))map_boxes, METH_FASTCALL,
     "boxes(fns, page) -> (media, crop): the page's boxes, each None where it has none "
     "(see pdf_calls.page_boxes)"},
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
