/* The per-char loops of the PDF reader's line grouping (`ogi/readers/pdf_chars.py`):
 * the chars of a page sorted into rows, each row's text with its spaces put back, and a
 * table cell's one line of text; the making of a page's chars (`extract_chars`); and
 * the loops of the table reader (`pdf_tables.py`) that make a page's rules of its
 * paths' segments, join the pieces of one rule, group the rules that touch, find a
 * group's grid lines, and put the chars into a grid's cells. Each function does exactly
 * what the Python it stands in for does, with the same double arithmetic in the same
 * order and the same order of ties, so that the values read are the same to the bit.
 *
 * Anything out of the ordinary (a coordinate that is not a float or is NaN, where
 * Python's sort of tuples has no total order; an empty text) makes a function answer
 * None, and the caller runs its Python instead: the rare case keeps Python's own
 * behaviour, errors included. Built optionally; without it the Python runs always.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT_VERSION 9

static PyObject *s_text, *s_x0, *s_x1, *s_top, *s_bottom, *s_size, *s_space, *s_empty;

/* Whether the function `name` was given `want` arguments; if not, a TypeError is raised
 * (each entry point is METH_FASTCALL and checks its own count). */
static int
given(const char *name, Py_ssize_t nargs, Py_ssize_t want)
{
    if (nargs == want)
        return 1;
    PyErr_Format(PyExc_TypeError, "%s takes %zd arguments", name, want);
    return 0;
}

/* What is known of one char. */
typedef struct {
    double x0, x1, top, bottom, size, cy;
    Py_ssize_t i;   /* place in the list given */
    Py_ssize_t pos; /* place in the sorted order (the tie-break of a stable sort) */
} Box;

/* Read attribute `name` of `o` as a float: 1 read, 0 not a float (the caller answers
 * None), -1 error (raised). */
static int
get_float(PyObject *o, PyObject *name, double *out)
{
    PyObject *v = PyObject_GetAttr(o, name);
    if (v == NULL)
        return -1;
    if (!PyFloat_CheckExact(v)) {
        Py_DECREF(v);
        return 0;
    }
    *out = PyFloat_AS_DOUBLE(v);
    Py_DECREF(v);
    return 1;
}

static Py_ssize_t slot_offset(PyTypeObject *cls, PyObject *name);

/* The fields of a char, in the order of `Slots.at`. */
enum { F_TEXT, F_X0, F_X1, F_TOP, F_BOTTOM, F_SIZE, F_COUNT };

/* Where the class of the chars last read keeps each field (`Char`, a dataclass of
 * slots). Looking an attribute up by name costs more than the rest of a char's reading:
 * an object of that very class, unchanged since (its version tag; any change to a class
 * gives it a new one), has its fields read from their slots. What is read is what
 * `PyObject_GetAttr` gives there: the class's own slot, with the generic lookup; an
 * empty slot is left to it, to raise its error. `miss` is the last class found not to
 * be such, so that a list of other objects is not asked again item by item. */
typedef struct {
    PyTypeObject *type, *miss; /* (owned) */
    unsigned int tag, miss_tag;
    Py_ssize_t at[F_COUNT];
} Slots;

static Slots seen;      /* of chars: F_TEXT to F_SIZE */
static Slots rule_seen; /* of rules: horizontal, pos, a, b */

static int
same_version(PyTypeObject *t, unsigned int tag)
{
    return (t->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) && t->tp_version_tag == tag;
}

/* Whether objects of exactly `t` have the `n` fields `names` read from `s->at`. */
static int
known_in(Slots *s, PyTypeObject *t, PyObject *const *names, int n)
{
    if (t == s->type && same_version(t, s->tag))
        return 1;
    if (t == s->miss && same_version(t, s->miss_tag))
        return 0;
    Py_ssize_t at[F_COUNT];
    int ok = t->tp_getattro == PyObject_GenericGetAttr;
    for (int j = 0; ok && j < n; j++)
        ok = (at[j] = slot_offset(t, names[j])) >= 0;
    /* (the lookups above give the class its version tag where it has none) */
    if (!(t->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG))
        return 0;
    Py_INCREF(t);
    if (ok) {
        Py_XSETREF(s->type, t);
        s->tag = t->tp_version_tag;
        memcpy(s->at, at, n * sizeof at[0]);
    } else {
        Py_XSETREF(s->miss, t);
        s->miss_tag = t->tp_version_tag;
    }
    return ok;
}

/* Whether chars of exactly `t` have their fields read from `seen.at`. */
static int
known(PyTypeObject *t)
{
    PyObject *names[F_COUNT] = {s_text, s_x0, s_x1, s_top, s_bottom, s_size};
    return known_in(&seen, t, names, F_COUNT);
}

/* Field `f` of char `o` (`name` its name) as a float, as `get_float` reads it. */
static int
field_float(PyObject *o, int f, PyObject *name, double *out)
{
    if (Py_IS_TYPE(o, seen.type) && same_version(seen.type, seen.tag)) {
        PyObject *v = *(PyObject **)((char *)o + seen.at[f]);
        if (v != NULL) {
            if (!PyFloat_CheckExact(v))
                return 0;
            *out = PyFloat_AS_DOUBLE(v);
            return 1;
        }
    }
    return get_float(o, name, out);
}

/* The text of char `o`, new, as `PyObject_GetAttr(o, "text")` gives it. */
static PyObject *
field_text(PyObject *o)
{
    if (Py_IS_TYPE(o, seen.type) && same_version(seen.type, seen.tag)) {
        PyObject *v = *(PyObject **)((char *)o + seen.at[F_TEXT]);
        if (v != NULL)
            return Py_NewRef(v);
    }
    return PyObject_GetAttr(o, s_text);
}

/* The chars of `seq` (a list) as an owned tuple, so that nothing run while reading
 * them can change the items under the loop; NULL with an error raised, or Py_None
 * (borrowed, not to be released) where `seq` is not a list. */
static PyObject *
as_tuple(PyObject *seq)
{
    if (!PyList_Check(seq))
        return Py_None;
    return PyList_AsTuple(seq);
}

/* Fill `boxes` from the chars of `items` (`n` of them); `need` says which fields:
 * 1 x0 and cy (top, bottom), 2 also x1, 4 also size. 1 done, 0 answer None, -1 error. */
enum { NEED_ROWS = 1, NEED_X1 = 2, NEED_SIZE = 4 };

static int
read_boxes(PyObject *items, Py_ssize_t n, Box *boxes, int need)
{
    if (n > 0)
        known(Py_TYPE(PyTuple_GET_ITEM(items, 0)));
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *c = PyTuple_GET_ITEM(items, k);
        Box *b = &boxes[k];
        int r;
        if ((r = field_float(c, F_X0, s_x0, &b->x0)) != 1)
            return r;
        if ((r = field_float(c, F_TOP, s_top, &b->top)) != 1)
            return r;
        if ((r = field_float(c, F_BOTTOM, s_bottom, &b->bottom)) != 1)
            return r;
        if (need & NEED_X1) {
            if ((r = field_float(c, F_X1, s_x1, &b->x1)) != 1)
                return r;
        }
        if (need & NEED_SIZE) {
            if ((r = field_float(c, F_SIZE, s_size, &b->size)) != 1)
                return r;
        }
        b->cy = (b->top + b->bottom) / 2;
        b->i = k;
        b->pos = k;
        /* tuples holding NaN have no total order: Python's sort of them is its own */
        if (isnan(b->cy) || isnan(b->x0))
            return 0;
    }
    return 1;
}

/* (centre, left edge, place): the order of `sorted` on those tuples */
static int
by_centre(const void *pa, const void *pb)
{
    const Box *a = pa, *b = pb;
    if (a->cy != b->cy)
        return a->cy < b->cy ? -1 : 1;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    return a->i < b->i ? -1 : (a->i > b->i);
}

/* (left edge, place in the row): a stable sort by left edge */
static int
by_left(const void *pa, const void *pb)
{
    const Box *a = pa, *b = pb;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

/* `_rows`: sort `boxes` by centre and cut them into rows; `starts` gets each row's
 * first position (n + 1 entries at most, the last one n). Returns the count of rows. */
static Py_ssize_t
cut_rows(Box *boxes, Py_ssize_t n, Py_ssize_t *starts)
{
    Py_ssize_t rows = 0, len = 0;
    double centre = 0.0;
    qsort(boxes, (size_t)n, sizeof(Box), by_centre);
    for (Py_ssize_t k = 0; k < n; k++) {
        Box *c = &boxes[k];
        c->pos = k;
        if (rows) {
            double h = c->bottom - c->top;
            if (h < 1.0)
                h = 1.0;
            if (fabs(c->cy - centre) <= h * 0.45) {
                len += 1;
                centre += (c->cy - centre) / (double)len;
                continue;
            }
        }
        starts[rows++] = k;
        len = 1;
        centre = c->cy;
    }
    starts[rows] = n;
    return rows;
}

/* The boxes of a list of chars, sorted into rows: 1 done, 0 None, -1 error. */
typedef struct {
    PyObject *items; /* owned tuple */
    Box *boxes;
    Py_ssize_t *starts;
    Py_ssize_t n, rows;
} Rows;

static void
rows_free(Rows *r)
{
    Py_XDECREF(r->items);
    PyMem_Free(r->boxes);
    PyMem_Free(r->starts);
}

static int
rows_of(PyObject *chars, int need, int ordered, Rows *r)
{
    r->items = NULL;
    r->boxes = NULL;
    r->starts = NULL;
    PyObject *items = as_tuple(chars);
    if (items == NULL)
        return -1;
    if (items == Py_None)
        return 0;
    r->items = items;
    r->n = PyTuple_GET_SIZE(items);
    r->boxes = PyMem_New(Box, r->n ? r->n : 1);
    r->starts = PyMem_New(Py_ssize_t, r->n + 1);
    if (r->boxes == NULL || r->starts == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int got = read_boxes(items, r->n, r->boxes, need);
    if (got != 1)
        return got;
    r->rows = cut_rows(r->boxes, r->n, r->starts);
    if (ordered) {
        for (Py_ssize_t k = 0; k < r->rows; k++) {
            Py_ssize_t lo = r->starts[k], hi = r->starts[k + 1];
            if (hi - lo > 1)
                qsort(r->boxes + lo, (size_t)(hi - lo), sizeof(Box), by_left);
        }
    }
    return 1;
}

/* The chars of row `k` as a new list. */
static PyObject *
row_list(Rows *r, Py_ssize_t k)
{
    Py_ssize_t lo = r->starts[k], hi = r->starts[k + 1];
    PyObject *row = PyList_New(hi - lo);
    if (row == NULL)
        return NULL;
    for (Py_ssize_t j = lo; j < hi; j++) {
        PyObject *c = PyTuple_GET_ITEM(r->items, r->boxes[j].i);
        Py_INCREF(c);
        PyList_SET_ITEM(row, j - lo, c);
    }
    return row;
}

static PyObject *
layout_rows(PyObject *self, PyObject *args)
{
    PyObject *chars;
    int ordered;
    if (!PyArg_ParseTuple(args, "Op:rows", &chars, &ordered))
        return NULL;
    Rows r;
    int got = rows_of(chars, NEED_ROWS, ordered, &r);
    PyObject *out = NULL;
    if (got == 0)
        out = Py_NewRef(Py_None);
    if (got != 1)
        goto done;
    out = PyList_New(r.rows);
    if (out == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < r.rows; k++) {
        PyObject *row = row_list(&r, k);
        if (row == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, k, row);
    }
done:
    rows_free(&r);
    return out;
}

static PyObject *
layout_line_centres(PyObject *self, PyObject *chars)
{
    Rows r;
    int got = rows_of(chars, NEED_ROWS, 0, &r);
    PyObject *out = NULL;
    if (got == 0)
        out = Py_NewRef(Py_None);
    if (got != 1)
        goto done;
    out = PyList_New(r.rows);
    if (out == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < r.rows; k++) {
        Py_ssize_t lo = r.starts[k], hi = r.starts[k + 1];
        double v;
        if (hi - lo == 1) {
            v = (r.boxes[lo].top + r.boxes[lo].bottom) / 2;
        } else {
            /* min and max as Python's take them: the first of equal values */
            double top = r.boxes[lo].top, bottom = r.boxes[lo].bottom;
            for (Py_ssize_t j = lo + 1; j < hi; j++) {
                if (r.boxes[j].top < top)
                    top = r.boxes[j].top;
                if (r.boxes[j].bottom > bottom)
                    bottom = r.boxes[j].bottom;
            }
            v = (top + bottom) / 2;
        }
        PyObject *f = PyFloat_FromDouble(v);
        if (f == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, k, f);
    }
done:
    rows_free(&r);
    return out;
}

/* The texts of a row's chars, each a non-empty str: a new list, or Py_None (borrowed)
 * where one is not, or NULL with an error raised. */
static PyObject *
texts_of(PyObject *items, Box *boxes, Py_ssize_t lo, Py_ssize_t hi)
{
    PyObject *texts = PyList_New(hi - lo);
    if (texts == NULL)
        return NULL;
    for (Py_ssize_t j = lo; j < hi; j++) {
        PyObject *t = field_text(PyTuple_GET_ITEM(items, boxes[j].i));
        if (t == NULL) {
            Py_DECREF(texts);
            return NULL;
        }
        PyList_SET_ITEM(texts, j - lo, t);
        if (!PyUnicode_CheckExact(t) || PyUnicode_GET_LENGTH(t) == 0) {
            Py_DECREF(texts);
            return Py_None;
        }
    }
    return texts;
}

/* `_wordish` of an ASCII character */
static int
wordish(Py_UCS4 ch)
{
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
        return 1;
    switch (ch) {
    case '%': case '.': case ',': case '-': case '/': case ':': case '@': case '(': case ')':
    case '+':
        return 1;
    }
    return 0;
}

/* `_spaced`, `gap` being c.x0 - prev.x1 */
static int
spaced(const Box *prev, PyObject *prev_text, const Box *c, PyObject *text, double gap)
{
    double size = prev->size;
    if (c->size > size)
        size = c->size;
    if (size < 1.0)
        size = 1.0;
    if (gap > size * 2.5)
        return 1;
    Py_UCS4 a = PyUnicode_READ_CHAR(prev_text, PyUnicode_GET_LENGTH(prev_text) - 1);
    Py_UCS4 b = PyUnicode_READ_CHAR(text, 0);
    if (a < 0x80 && b < 0x80 && wordish(a) && wordish(b)) {
        int digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
        return gap > size * (digits ? 0.6 : 0.2);
    }
    return 0;
}

static int
add_span(PyObject *spans, double a, double b)
{
    /* (the tuple made as `Py_BuildValue("(dd)")` makes it, without parsing a format) */
    PyObject *t = PyTuple_New(2), *v;
    if (t == NULL)
        return -1;
    if ((v = PyFloat_FromDouble(a)) == NULL) {
        Py_DECREF(t);
        return -1;
    }
    PyTuple_SET_ITEM(t, 0, v);
    if ((v = PyFloat_FromDouble(b)) == NULL) {
        Py_DECREF(t);
        return -1;
    }
    PyTuple_SET_ITEM(t, 1, v);
    int rc = PyList_Append(spans, t);
    Py_DECREF(t);
    return rc;
}

/* `join_chars` (spans NULL) or `join_spans` of boxes[lo:hi] whose texts are `texts`:
 * the text, new, or NULL with an error raised; the spans are appended to `spans`. */
static PyObject *
join(Box *boxes, PyObject *texts, Py_ssize_t lo, Py_ssize_t hi, PyObject *spans)
{
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t j = lo; j < hi; j++) {
        Box *c = &boxes[j];
        PyObject *text = PyList_GET_ITEM(texts, j - lo);
        if (j > lo) {
            Box *prev = &boxes[j - 1];
            double gap = c->x0 - prev->x1;
            if (gap > 0.2 && spaced(prev, PyList_GET_ITEM(texts, j - lo - 1), c, text, gap)) {
                if (PyList_Append(out, s_space) < 0)
                    goto fail;
                if (spans != NULL && add_span(spans, prev->x1, c->x0) < 0)
                    goto fail;
            }
        }
        if (PyList_Append(out, text) < 0)
            goto fail;
        if (spans != NULL) {
            double x0 = c->x0;
            Py_ssize_t len = PyUnicode_GET_LENGTH(text);
            if (len == 1) {
                double step = c->x1 - x0;
                if (add_span(spans, x0 + 0 * step, x0 + step) < 0)
                    goto fail;
            } else {
                /* an OCR box is one "char" of several characters: its width shared out */
                double step = (c->x1 - x0) / (double)len;
                for (Py_ssize_t k = 0; k < len; k++) {
                    if (add_span(spans, x0 + (double)k * step, x0 + (double)(k + 1) * step) < 0)
                        goto fail;
                }
            }
        }
    }
    PyObject *s = PyUnicode_Join(s_empty, out);
    Py_DECREF(out);
    return s;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *
layout_join(PyObject *self, PyObject *args)
{
    PyObject *row;
    int with_spans;
    if (!PyArg_ParseTuple(args, "Op:join", &row, &with_spans))
        return NULL;
    PyObject *items = as_tuple(row);
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = NULL, *texts = NULL, *spans = NULL;
    Box *boxes = PyMem_New(Box, n ? n : 1);
    if (boxes == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int got = read_boxes(items, n, boxes, NEED_ROWS | NEED_X1 | NEED_SIZE);
    if (got != 1) {
        if (got == 0)
            out = Py_NewRef(Py_None);
        goto done;
    }
    texts = texts_of(items, boxes, 0, n);
    if (texts == Py_None) {
        texts = NULL;
        out = Py_NewRef(Py_None);
        goto done;
    }
    if (texts == NULL)
        goto done;
    if (with_spans && (spans = PyList_New(0)) == NULL)
        goto done;
    PyObject *text = join(boxes, texts, 0, n, spans);
    if (text == NULL)
        goto done;
    if (with_spans)
        out = PyTuple_Pack(2, text, spans);
    else
        out = Py_NewRef(text);
    Py_DECREF(text);
done:
    Py_XDECREF(texts);
    Py_XDECREF(spans);
    Py_DECREF(items);
    PyMem_Free(boxes);
    return out;
}

/* `cell_text`'s common case: chars that all have the first one's top and bottom (a
 * finite sum) and finite left edges are one line, its text `join_chars` of them sorted
 * by left edge. A new reference: the text, or None for any other list; NULL with an
 * error raised. */
static PyObject *
one_line_of(PyObject *chars)
{
    PyObject *items = as_tuple(chars);
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = NULL, *texts = NULL;
    Box *boxes = PyMem_New(Box, n ? n : 1);
    if (boxes == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int got = n < 2 ? 0 : read_boxes(items, n, boxes, NEED_ROWS | NEED_X1 | NEED_SIZE);
    if (got == 1) {
        double top = boxes[0].top, bottom = boxes[0].bottom;
        if (!(top + bottom - (top + bottom) == 0.0))
            got = 0;
        for (Py_ssize_t k = 0; got == 1 && k < n; k++) {
            if (!(boxes[k].top == top && boxes[k].bottom == bottom) || !isfinite(boxes[k].x0))
                got = 0;
        }
    }
    if (got != 1) {
        if (got == 0)
            out = Py_NewRef(Py_None);
        goto done;
    }
    qsort(boxes, (size_t)n, sizeof(Box), by_left); /* pos is each one's place: stable */
    texts = texts_of(items, boxes, 0, n);
    if (texts == Py_None) {
        texts = NULL;
        out = Py_NewRef(Py_None);
        goto done;
    }
    if (texts == NULL)
        goto done;
    out = join(boxes, texts, 0, n, NULL);
done:
    Py_XDECREF(texts);
    Py_DECREF(items);
    PyMem_Free(boxes);
    return out;
}

static PyObject *
layout_one_line(PyObject *self, PyObject *chars)
{
    return one_line_of(chars);
}

/* Python's sort of floats holding no NaN, stable: by value, then place. */
typedef struct {
    double v;
    Py_ssize_t k;
} Ranked;

static int
by_value(const void *pa, const void *pb)
{
    const Ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->k < b->k ? -1 : (a->k > b->k);
}

/* `group_lines`: for each line, (chars, text, x0, x1, top, bottom, size, spans), the
 * fields of its `Line` in order; None where a char is out of the ordinary. */
static PyObject *
layout_lines(PyObject *self, PyObject *chars)
{
    Rows r;
    int got = rows_of(chars, NEED_ROWS | NEED_X1 | NEED_SIZE, 1, &r);
    PyObject *out = NULL;
    Ranked *sizes = NULL;
    if (got == 1) {
        /* the median size takes a sort of the sizes: none may be NaN either */
        for (Py_ssize_t k = 0; k < r.n; k++) {
            if (isnan(r.boxes[k].size)) {
                got = 0;
                break;
            }
        }
    }
    if (got == 0)
        out = Py_NewRef(Py_None);
    if (got != 1)
        goto done;
    sizes = PyMem_New(Ranked, r.n ? r.n : 1);
    if (sizes == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    out = PyList_New(r.rows);
    if (out == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < r.rows; k++) {
        Py_ssize_t lo = r.starts[k], hi = r.starts[k + 1];
        PyObject *texts = texts_of(r.items, r.boxes, lo, hi);
        if (texts == Py_None) {
            Py_SETREF(out, Py_NewRef(Py_None));
            goto done;
        }
        if (texts == NULL)
            goto fail;
        PyObject *spans = PyList_New(0);
        PyObject *text = spans ? join(r.boxes, texts, lo, hi, spans) : NULL;
        Py_DECREF(texts);
        PyObject *row = text ? row_list(&r, k) : NULL;
        if (row == NULL) {
            Py_XDECREF(spans);
            Py_XDECREF(text);
            goto fail;
        }
        Box *b = &r.boxes[lo];
        double x0 = b->x0, x1 = b->x1, top = b->top, bottom = b->bottom;
        double size = b->size;
        if (hi - lo > 1) {
            for (Py_ssize_t j = lo + 1; j < hi; j++) {
                Box *c = &r.boxes[j];
                if (c->x0 < x0)
                    x0 = c->x0;
                if (c->x1 > x1)
                    x1 = c->x1;
                if (c->top < top)
                    top = c->top;
                if (c->bottom > bottom)
                    bottom = c->bottom;
            }
            for (Py_ssize_t j = lo; j < hi; j++) {
                sizes[j - lo].v = r.boxes[j].size;
                sizes[j - lo].k = j - lo;
            }
            qsort(sizes, (size_t)(hi - lo), sizeof(Ranked), by_value);
            size = sizes[(hi - lo) / 2].v;
        }
        PyObject *line = Py_BuildValue("(NNdddddN)", row, text, x0, x1, top, bottom, size, spans);
        if (line == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, line);
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(sizes);
    rows_free(&r);
    return out;
}

/* A numpy array's buffer, read only, held to be released. */
typedef struct {
    Py_buffer view;
    int got;
} Array;

/* Take the buffer of `o`, asked for with `flags` (contiguous, strided, writable), as
 * `count` (any count when negative) items of the kind `kind` names: 'd' a float64, '?'
 * a bool, 'q' an int64. 1 taken, 0 not such an array (the caller answers None; released
 * by `drop`). */
static int
take_as(PyObject *o, Array *a, int flags, char kind, Py_ssize_t count)
{
    if (PyObject_GetBuffer(o, &a->view, flags | PyBUF_FORMAT) < 0) {
        PyErr_Clear();
        return 0;
    }
    a->got = 1;
    const char *f = a->view.format ? a->view.format : "B";
    if (f[0] == '=' || f[0] == '<' || f[0] == '@')
        f++;
    int fits;
    switch (kind) {
    case 'd':
        fits = f[0] == 'd' && a->view.itemsize == 8;
        break;
    case '?':
        fits = f[0] == '?' && a->view.itemsize == 1;
        break;
    default: /* an int64 */
        fits = (f[0] == 'q' || f[0] == 'l') && a->view.itemsize == 8;
        break;
    }
    return fits && f[1] == '\0' && a->view.ndim == 1 && (count < 0 || a->view.shape[0] == count);
}

/* `count` contiguous items of the kind `kind` names (`take_as`). */
static int
take(PyObject *o, Array *a, char kind, Py_ssize_t count)
{
    return take_as(o, a, PyBUF_C_CONTIGUOUS, kind, count);
}

static void
drop(Array *a)
{
    if (a->got)
        PyBuffer_Release(&a->view);
    a->got = 0;
}

/* The rules found so far: four lists, the fields of each `Rule`. */
typedef struct {
    PyObject *horizontal, *pos, *a, *b;
} Found;

static int
add_rule(Found *found, int horizontal, double pos, double a, double b)
{
    PyObject *p = PyFloat_FromDouble(pos), *lo = PyFloat_FromDouble(a),
             *hi = PyFloat_FromDouble(b);
    int rc = -1;
    if (p && lo && hi && PyList_Append(found->horizontal, horizontal ? Py_True : Py_False) == 0 &&
        PyList_Append(found->pos, p) == 0 && PyList_Append(found->a, lo) == 0 &&
        PyList_Append(found->b, hi) == 0)
        rc = 0;
    Py_XDECREF(p);
    Py_XDECREF(lo);
    Py_XDECREF(hi);
    return rc;
}

/* `_rules_of_path` for one subpath (its points' positions `sub`, `len` of them). */
static int
rules_of_sub(Found *found, const Py_ssize_t *sub, Py_ssize_t len, const double *x,
             const double *y, int filled, int stroked, double thin, double min_rule)
{
    double lo_x = x[sub[0]], hi_x = lo_x, lo_y = y[sub[0]], hi_y = lo_y;
    for (Py_ssize_t j = 1; j < len; j++) {
        double vx = x[sub[j]], vy = y[sub[j]];
        if (vx < lo_x)
            lo_x = vx;
        if (vx > hi_x)
            hi_x = vx;
        if (vy < lo_y)
            lo_y = vy;
        if (vy > hi_y)
            hi_y = vy;
    }
    double w = hi_x - lo_x, h = hi_y - lo_y;
    if (filled && (w < thin || h < thin)) {
        if (w >= h && w >= min_rule)
            return add_rule(found, 1, (lo_y + hi_y) / 2, lo_x, hi_x);
        if (h > w && h >= min_rule)
            return add_rule(found, 0, (lo_x + hi_x) / 2, lo_y, hi_y);
        return 0;
    }
    if (!stroked)
        return 0;
    for (Py_ssize_t j = 0; j + 1 < len; j++) {
        double x0 = x[sub[j]], x1 = x[sub[j + 1]], y0 = y[sub[j]], y1 = y[sub[j + 1]];
        int r = 0;
        if (fabs(y1 - y0) < 0.5 && fabs(x1 - x0) >= min_rule)
            r = add_rule(found, 1, (y0 + y1) / 2, x1 < x0 ? x1 : x0, x0 < x1 ? x1 : x0);
        else if (fabs(x1 - x0) < 0.5 && fabs(y1 - y0) >= min_rule)
            r = add_rule(found, 0, (x0 + x1) / 2, y1 < y0 ? y1 : y0, y0 < y1 ? y1 : y0);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* rules(counts, filled, stroked, x, y, usable, kinds, closes, lineto, thin, min_rule):
 * `pdf_tables._make_rules` path by path (`_subpaths`, `_rules_of_path`): the fields of
 * the rules as four lists (horizontal, pos, a, b), or None for arrays not of the types
 * and sizes expected, or a point that is not finite or is zero (where Python's min and
 * max of equal values, 0.0 and -0.0, or NaN, are their own). */
static PyObject *
layout_rules(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("rules", nargs, 11))
        return NULL;
    long lineto = PyLong_AsLong(args[8]);
    if (lineto == -1 && PyErr_Occurred())
        return NULL;
    double thin = PyFloat_AsDouble(args[9]);
    if (thin == -1.0 && PyErr_Occurred())
        return NULL;
    double min_rule = PyFloat_AsDouble(args[10]);
    if (min_rule == -1.0 && PyErr_Occurred())
        return NULL;
    Array arrays[8] = {{.got = 0}};
    Array *counts = &arrays[0], *filled = &arrays[1], *stroked = &arrays[2], *xs = &arrays[3],
          *ys = &arrays[4], *usable = &arrays[5], *kinds = &arrays[6], *closes = &arrays[7];
    Found found = {NULL, NULL, NULL, NULL};
    Py_ssize_t *sub = NULL;
    PyObject *answer = NULL;
    if (!take(args[0], counts, 'q', -1))
        goto none;
    Py_ssize_t npaths = counts->view.len / 8;
    if (!take(args[3], xs, 'd', -1))
        goto none;
    Py_ssize_t total = xs->view.len / 8;
    if (!take(args[1], filled, '?', npaths) || !take(args[2], stroked, '?', npaths) ||
        !take(args[4], ys, 'd', total) || !take(args[5], usable, '?', total) ||
        !take(args[6], kinds, 'q', total) || !take(args[7], closes, 'q', total))
        goto none;
    const int64_t *n = counts->view.buf, *kind = kinds->view.buf, *close = closes->view.buf;
    const char *fill = filled->view.buf, *stroke = stroked->view.buf, *ok = usable->view.buf;
    const double *x = xs->view.buf, *y = ys->view.buf;
    Py_ssize_t sum = 0, most = 0;
    for (Py_ssize_t p = 0; p < npaths; p++) {
        if (n[p] < 0 || n[p] > total - sum)
            goto none;
        sum += (Py_ssize_t)n[p];
        if (n[p] > most)
            most = (Py_ssize_t)n[p];
    }
    if (sum != total)
        goto none;
    for (Py_ssize_t i = 0; i < total; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || x[i] == 0.0 || y[i] == 0.0)
            goto none;
    }
    sub = PyMem_New(Py_ssize_t, most + 1);
    if (sub == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (!(found.horizontal = PyList_New(0)) || !(found.pos = PyList_New(0)) ||
        !(found.a = PyList_New(0)) || !(found.b = PyList_New(0)))
        goto done;
    Py_ssize_t at = 0;
    for (Py_ssize_t p = 0; p < npaths; p++) {
        Py_ssize_t len = 0, end = at + (Py_ssize_t)n[p];
        for (Py_ssize_t i = at; i < end; i++) {
            if (!ok[i])
                continue;
            if (kind[i] == lineto) {
                sub[len++] = i;
            } else { /* a move, or a Bézier point: either breaks the straight run */
                if (len > 1 && rules_of_sub(&found, sub, len, x, y, fill[p], stroke[p], thin,
                                            min_rule) < 0)
                    goto done;
                sub[0] = i;
                len = 1;
            }
            if (close[i]) {
                sub[len++] = sub[0];
                if (rules_of_sub(&found, sub, len, x, y, fill[p], stroke[p], thin, min_rule) < 0)
                    goto done;
                len = 0;
            }
        }
        if (len > 1 &&
            rules_of_sub(&found, sub, len, x, y, fill[p], stroke[p], thin, min_rule) < 0)
            goto done;
        at = end;
    }
    answer = PyTuple_Pack(4, found.horizontal, found.pos, found.a, found.b);
    goto done;
none:
    if (!PyErr_Occurred())
        answer = Py_NewRef(Py_None);
done:
    for (int k = 0; k < 8; k++)
        drop(&arrays[k]);
    PyMem_Free(sub);
    Py_XDECREF(found.horizontal);
    Py_XDECREF(found.pos);
    Py_XDECREF(found.a);
    Py_XDECREF(found.b);
    return answer;
}

/* An array of `n` items (any count when negative), strided or not, float64 (`kind`
 * 'd') or int64 ('q'): 1 taken, 0 not such an array. */
static int
take_strided(PyObject *o, Array *a, Py_ssize_t n, char kind)
{
    return take_as(o, a, PyBUF_STRIDED_RO, kind, n);
}

/* A float64 array of `n` items, strided or not: 1 taken, 0 not such an array. */
static int
take_floats(PyObject *o, Array *a, Py_ssize_t n)
{
    return take_strided(o, a, n, 'd');
}

static double
float_at(const Array *a, Py_ssize_t k)
{
    double v;
    memcpy(&v, (const char *)a->view.buf + k * a->view.strides[0], sizeof v);
    return v;
}

static int64_t
int_at(const Array *a, Py_ssize_t k)
{
    int64_t v;
    memcpy(&v, (const char *)a->view.buf + k * a->view.strides[0], sizeof v);
    return v;
}

/* Where class `cls` keeps the slot `name`: its offset, or -1 where it is not a slot of
 * that class holding any object (the caller answers None). */
static Py_ssize_t
slot_offset(PyTypeObject *cls, PyObject *name)
{
    PyObject *d = PyObject_GetAttr((PyObject *)cls, name);
    if (d == NULL) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t at = -1;
    if (Py_IS_TYPE(d, &PyMemberDescr_Type)) {
        PyMemberDescrObject *m = (PyMemberDescrObject *)d;
        if (m->d_common.d_type == cls && m->d_member->type == T_OBJECT_EX &&
            !(m->d_member->flags & READONLY) && m->d_member->offset > 0 &&
            m->d_member->offset + (Py_ssize_t)sizeof(PyObject *) <= cls->tp_basicsize)
            at = m->d_member->offset;
    }
    Py_DECREF(d);
    return at;
}

/* The offsets in instances of `cls` of the slots `names` (n of them) into `at`: 1 found,
 * 0 where `cls` is not a class of fixed size with each of them as its own writable slot
 * (the caller answers None). */
static int
class_slots(PyObject *cls, PyObject *const *names, int n, Py_ssize_t *at)
{
    if (!PyType_Check(cls))
        return 0;
    PyTypeObject *type = (PyTypeObject *)cls;
    if (type->tp_itemsize != 0 || type->tp_alloc == NULL)
        return 0;
    for (int j = 0; j < n; j++) {
        if ((at[j] = slot_offset(type, names[j])) < 0)
            return 0;
    }
    return 1;
}

/* Whether objects of class `cls` (a type) hold the `n` slots and nothing else: no
 * other slot, no dict, made straight from object. Only such objects are made here with
 * their slots set and their `__init__` not run: it could have set nothing else. */
static int
only_slots(PyTypeObject *cls, Py_ssize_t n)
{
    return cls->tp_basicsize == (Py_ssize_t)(sizeof(PyObject) + n * sizeof(PyObject *)) &&
           cls->tp_dictoffset == 0 && cls->tp_base == &PyBaseObject_Type;
}

/* chars(Char, texts, x0, x1, top, bottom, size) -> list of Char: `extract_chars`'s
 * `list(map(Char, texts, x0.tolist(), ...))`, each char's six slots set as its
 * `__init__` sets them, without running it; None where `Char` is not a class of those
 * six slots or the arrays are not float64 arrays of one length each. */
static PyObject *
layout_chars(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("chars", nargs, 7))
        return NULL;
    PyObject *names[6] = {s_text, s_x0, s_x1, s_top, s_bottom, s_size};
    Py_ssize_t at[6];
    if (!PyList_Check(args[1]) || !class_slots(args[0], names, 6, at))
        Py_RETURN_NONE;
    PyTypeObject *cls = (PyTypeObject *)args[0];
    Array arrays[5] = {{.got = 0}};
    PyObject *texts = NULL, *out = NULL, *answer = NULL;
    Py_ssize_t n = PyList_GET_SIZE(args[1]);
    for (int j = 0; j < 5; j++) {
        if (!take_floats(args[2 + j], &arrays[j], n)) {
            answer = Py_NewRef(Py_None);
            goto done;
        }
    }
    /* (a tuple: nothing run while the chars are made can change the texts under it) */
    if ((texts = PyList_AsTuple(args[1])) == NULL || (out = PyList_New(n)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *c = cls->tp_alloc(cls, 0);
        if (c == NULL)
            goto done;
        PyList_SET_ITEM(out, k, c);
        PyObject *text = PyTuple_GET_ITEM(texts, k);
        *(PyObject **)((char *)c + at[0]) = Py_NewRef(text);
        for (int j = 0; j < 5; j++) {
            PyObject *v = PyFloat_FromDouble(float_at(&arrays[j], k));
            if (v == NULL)
                goto done;
            *(PyObject **)((char *)c + at[1 + j]) = v;
        }
    }
    answer = Py_NewRef(out);
done:
    for (int j = 0; j < 5; j++)
        drop(&arrays[j]);
    Py_XDECREF(texts);
    Py_XDECREF(out);
    return answer;
}

/* Whether code point `k` is one `normalize_char` may change: a radical look-alike
 * (U+2E80 to U+2FDF) or a compatibility ideograph (U+F900 to U+FAFF). */
static int
normalised(int64_t k)
{
    return (k >= 0x2E80 && k <= 0x2FDF) || (k >= 0xF900 && k <= 0xFAFF);
}

/* Append index `k` to list `out` (as a Python int): 0, or -1 with an error. */
static int
append_index(PyObject *out, Py_ssize_t k)
{
    PyObject *v = PyLong_FromSsize_t(k);
    int rc = v ? PyList_Append(out, v) : -1;
    Py_XDECREF(v);
    return rc;
}

/* The one character `table` (a dict) gives for the code point `key` of the normalised
 * ranges, new; NULL without an error where it gives none that is one character outside
 * those ranges (the Python normalises the page then); NULL with an error raised. */
static PyObject *
normal_of(PyObject *table, int64_t key)
{
    PyObject *k = PyLong_FromLongLong(key);
    if (k == NULL)
        return NULL;
    PyObject *v = PyDict_GetItemWithError(table, k);
    Py_DECREF(k);
    if (v == NULL || !PyUnicode_CheckExact(v) || PyUnicode_GET_LENGTH(v) != 1 ||
        normalised(PyUnicode_READ_CHAR(v, 0)))
        return NULL;
    return Py_NewRef(v);
}

/* texts(keys, marked, suffix, table) -> (texts, changed): `extract_chars`'s texts,
 * chr(key) for each key, with `suffix` added where `marked`; a key `normalize_char` may
 * change (a radical look-alike or compatibility ideograph) has the text `table` (a
 * dict of code points) gives it, and its index is in `changed`. None where a key is not
 * a code point, the table gives such a key no single character outside those ranges,
 * or the arrays are not an int64 array and a bool array of one length. */
static PyObject *
layout_texts(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("texts", nargs, 4))
        return NULL;
    if (!PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "texts: suffix must be a str");
        return NULL;
    }
    if (!PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "texts: table must be a dict");
        return NULL;
    }
    Array keys = {.got = 0}, marked = {.got = 0};
    PyObject *out = NULL, *changed = NULL, *answer = NULL;
    if (!take_strided(args[0], &keys, -1, 'q') ||
        !take_as(args[1], &marked, PyBUF_C_CONTIGUOUS, '?', keys.view.shape[0]))
        goto none;
    Py_ssize_t n = keys.view.shape[0];
    for (Py_ssize_t k = 0; k < n; k++) {
        int64_t key = int_at(&keys, k);
        if (key < 0 || key > 0x10FFFF)
            goto none;
    }
    const char *mark = (const char *)marked.view.buf;
    if ((out = PyList_New(n)) == NULL || (changed = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < n; k++) {
        int64_t key = int_at(&keys, k);
        PyObject *t;
        if (normalised(key)) {
            if ((t = normal_of(args[3], key)) == NULL) {
                if (PyErr_Occurred())
                    goto done;
                goto none;
            }
            if (append_index(changed, k) < 0) {
                Py_DECREF(t);
                goto done;
            }
        } else {
            t = PyUnicode_FromOrdinal((int)key);
        }
        if (t != NULL && mark[k])
            Py_SETREF(t, PyUnicode_Concat(t, args[2]));
        if (t == NULL)
            goto done;
        PyList_SET_ITEM(out, k, t);
    }
    answer = PyTuple_Pack(2, out, changed);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    drop(&keys);
    drop(&marked);
    Py_XDECREF(out);
    Py_XDECREF(changed);
    return answer;
}

/* raised_at(keys, size, left, right, tops, bottoms) -> list of int: where
 * `pdf_chars._raise_marks` finds a note mark right after a digit (the index of the
 * mark), in order, asked with the same double arithmetic. None where the arrays are
 * not an int64 array and five float64 arrays of its length. */
static PyObject *
layout_raised_at(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("raised_at", nargs, 6))
        return NULL;
    Array a[6] = {{.got = 0}};
    PyObject *out = NULL, *answer = NULL;
    if (!take_strided(args[0], &a[0], -1, 'q'))
        goto none;
    Py_ssize_t n = a[0].view.shape[0];
    for (int j = 1; j < 6; j++) {
        if (!take_floats(args[j], &a[j], n))
            goto none;
    }
    if ((out = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        int64_t key = int_at(&a[0], i);
        if (!((key >= 0x30 && key <= 0x39) || (key >= 0xFF10 && key <= 0xFF19)))
            continue;
        Py_ssize_t m = i + 1;
        if (!(float_at(&a[1], m) <= float_at(&a[1], i) * 0.9))
            continue;
        double tops = float_at(&a[4], i), pb = float_at(&a[5], i), pr = float_at(&a[3], i);
        double ph = pb - tops, foot = float_at(&a[5], m), left = float_at(&a[2], m);
        if (foot <= pb - ph * 0.15 && foot > tops && left >= pr - ph * 0.25 &&
            left - pr <= ph * 0.6) {
            if (append_index(out, m) < 0)
                goto done;
        }
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < 6; j++)
        drop(&a[j]);
    Py_XDECREF(out);
    return answer;
}

static int take_mask(PyObject *o, Array *a, Py_ssize_t n);

/* shown_marks(size, code, left, bottom, right, top, shown, tiny, marked, outside) ->
 * True: `pdf_unseen.unseen` on a page whose text is all plainly shown, where no char is
 * tiny (0 < size <= tiny): which chars are off the part of the page shown (`shown`, its
 * left, bottom, right and top as floats, or None: none is), set in `outside`, and which
 * are so and not CJK, set in `marked` (both written, bool arrays of the chars' count).
 * None where a char is tiny (the Python asks the page's usual size then) or the
 * arguments are not arrays of the kinds and length expected. */
static PyObject *
layout_shown_marks(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("shown_marks", nargs, 10))
        return NULL;
    double bounds[4] = {NAN, NAN, NAN, NAN}, tiny;
    if (args[6] != Py_None) {
        if (!PyTuple_CheckExact(args[6]) || PyTuple_GET_SIZE(args[6]) != 4)
            Py_RETURN_NONE;
        for (int j = 0; j < 4; j++) {
            PyObject *v = PyTuple_GET_ITEM(args[6], j);
            if (!PyFloat_CheckExact(v))
                Py_RETURN_NONE;
            bounds[j] = PyFloat_AS_DOUBLE(v);
        }
    }
    if (!PyFloat_CheckExact(args[7]))
        Py_RETURN_NONE;
    tiny = PyFloat_AS_DOUBLE(args[7]);
    Array a[8] = {{.got = 0}};
    PyObject *answer = NULL;
    if (!take_floats(args[0], &a[0], -1))
        goto none;
    Py_ssize_t n = a[0].view.shape[0];
    if (!take_strided(args[1], &a[1], n, 'q'))
        goto none;
    for (int j = 2; j < 6; j++) {
        if (!take_floats(args[j], &a[j], n))
            goto none;
    }
    if (!take_mask(args[8], &a[6], n) || !take_mask(args[9], &a[7], n))
        goto none;
    for (Py_ssize_t k = 0; k < n; k++) {
        double s = float_at(&a[0], k);
        if (s > 0 && s <= tiny)
            goto none;
    }
    char *marked = (char *)a[6].view.buf, *outside = (char *)a[7].view.buf;
    for (Py_ssize_t k = 0; k < n; k++) {
        double cx = (float_at(&a[2], k) + float_at(&a[4], k)) / 2;
        double cy = (float_at(&a[3], k) + float_at(&a[5], k)) / 2;
        int off = cx < bounds[0] || cx > bounds[2] || cy < bounds[1] || cy > bounds[3];
        int64_t c = int_at(&a[1], k);
        int cjk = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
        outside[k] = (char)off;
        marked[k] = (char)(off && !cjk);
    }
    answer = Py_NewRef(Py_True);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < 8; j++)
        drop(&a[j]);
    return answer;
}

/* One char as `doubled` files it: its text's key, its centre and tolerance, and the
 * char filed before it in the same cell. */
typedef struct {
    int64_t key;
    double cx, cy, tol;
    Py_ssize_t next;
} Filed;

/* A cell of `doubled`'s table: one key's chars in one band and one width of a band
 * across, `last` the last of them filed (-1: an empty slot). */
typedef struct {
    int64_t key;
    double row, across;
    Py_ssize_t last;
} Cell;

/* The slot of `table` (`mask` + 1 slots) holding the cell of `key`, `row` and `across`
 * (whole numbers, none -0.0), or the empty slot it would take. */
static Cell *
cell_of(Cell *table, size_t mask, int64_t key, double row, double across)
{
    uint64_t r, c;
    memcpy(&r, &row, 8);
    memcpy(&c, &across, 8);
    /* (the bits of a small whole double are its high ones: mixed down, as splitmix64) */
    uint64_t h = (uint64_t)key ^ (r ^ r >> 32) * 0x9E3779B97F4A7C15u ^ (c ^ c >> 29);
    h = (h ^ h >> 30) * 0xBF58476D1CE4E5B9u;
    h = (h ^ h >> 27) * 0x94D049BB133111EBu;
    for (size_t at = (size_t)(h ^ h >> 31) & mask;; at = (at + 1) & mask) {
        Cell *slot = &table[at];
        if (slot->last < 0 || (slot->key == key && slot->row == row && slot->across == across))
            return slot;
    }
}

/* Whether a char of `f` filed in `cell` (may be empty) is within the larger of its own
 * and `c`'s tolerance of `c` across, the difference taken of the larger centre as
 * Python takes it of the sorted ones. */
static int
near_in(const Filed *f, const Cell *cell, const Filed *c)
{
    for (Py_ssize_t j = cell->last; j >= 0; j = f[j].next) {
        double lo = f[j].cx < c->cx ? f[j].cx : c->cx;
        double hi = f[j].cx < c->cx ? c->cx : f[j].cx;
        if (hi - lo <= (f[j].tol > c->tol ? f[j].tol : c->tol))
            return 1;
    }
    return 0;
}

/* doubled(keys, x0, x1, top, bottom, size) -> set of keys: `pdf_chars._suspects`, the
 * keys of two chars in one band (of either grid of bands) whose centres across are
 * within the larger of their tolerances. Python sorts a key's chars in a band by centre
 * and asks of those side by side; but a pair that near anywhere makes one side by side
 * as near (the next one on from the pair's lower centre is no farther), so here, with
 * no sort, each char is asked against those filed before it in its cell (its key, its
 * band and a band's width across: over twice the largest tolerance) and in the cell
 * beside on the side of its nearer edge. None where a centre or tolerance is not finite
 * (Python hands the chars to `drop_doubled` then), a centre is past 1e12 (where cells
 * a whole number apart are not told apart to the point), a key is outside the range
 * Python packs (0 to 2**29), or an array is not of the type and size expected. */
static PyObject *
layout_doubled(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("doubled", nargs, 6))
        return NULL;
    Array arrays[6] = {{.got = 0}};
    Filed *f = NULL;
    Cell *table = NULL;
    PyObject *answer = NULL, *found = NULL;
    if (!take_strided(args[0], &arrays[0], -1, 'q'))
        goto none;
    Py_ssize_t n = arrays[0].view.shape[0];
    for (int j = 1; j < 6; j++) {
        if (!take_floats(args[j], &arrays[j], n))
            goto none;
    }
    size_t mask = 1;
    while (mask < (size_t)n * 2)
        mask = mask * 2 + 1;
    f = PyMem_New(Filed, n ? n : 1);
    table = PyMem_New(Cell, mask + 1);
    if (f == NULL || table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double most = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Filed *c = &f[i];
        c->key = int_at(&arrays[0], i);
        c->cx = (float_at(&arrays[1], i) + float_at(&arrays[2], i)) / 2;
        c->cy = (float_at(&arrays[3], i) + float_at(&arrays[4], i)) / 2;
        double em = float_at(&arrays[5], i);
        c->tol = (em > 1.0 ? em : 1.0) * 0.25;
        if (!isfinite(c->cx) || !isfinite(c->cy) || !isfinite(c->tol) || isnan(em) ||
            c->key < 0 || c->key >= (int64_t)1 << 29 || fabs(c->cx) > 1e12 || fabs(c->cy) > 1e12)
            goto none;
        if (c->tol > most)
            most = c->tol;
    }
    double band = 2 * most + 1.0;
    if ((found = PySet_New(NULL)) == NULL)
        goto done;
    for (int shift = 0; shift < 2; shift++) {
        for (size_t at = 0; at <= mask; at++)
            table[at].last = -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            Filed *c = &f[i];
            double row = floor(c->cy / band + (shift ? 0.5 : 0.0)) + 0.0; /* (no -0.0) */
            double q = c->cx / band, across = floor(q) + 0.0;
            /* a char within the larger tolerance (under half a band) is in this cell or
             * the one beside on the side of the nearer edge */
            Cell *own = cell_of(table, mask, c->key, row, across);
            double beside = across + (q - across < 0.5 ? -1 : 1);
            int near = near_in(f, own, c) ||
                       near_in(f, cell_of(table, mask, c->key, row, beside), c);
            if (near) {
                PyObject *key = PyLong_FromLongLong(c->key);
                int rc = key ? PySet_Add(found, key) : -1;
                Py_XDECREF(key);
                if (rc < 0)
                    goto done;
            }
            if (own->last < 0) {
                own->key = c->key;
                own->row = row;
                own->across = across;
            }
            c->next = own->last;
            own->last = i;
        }
    }
    answer = Py_NewRef(found);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < 6; j++)
        drop(&arrays[j]);
    PyMem_Free(f);
    PyMem_Free(table);
    Py_XDECREF(found);
    return answer;
}

static PyObject *s_horizontal, *s_pos, *s_a, *s_b;

static PyObject *s_row, *s_col, *s_rowspan, *s_colspan, *s_chars, *s_open_top, *s_page;
static PyObject *s_confidence, *s_box, *s_line, *s_doubt, *s_unsure, *s_weak;

/* The lines of a grid, list `seq`, into a new array `*out` (`*n` of them): 1 read, 0
 * where they are not two floats or more, in order and none NaN (where searchsorted's
 * answer is its own; the caller answers None), -1 error. */
static int
read_lines(PyObject *seq, double **out, Py_ssize_t *n)
{
    if (!PyList_Check(seq) || (*n = PyList_GET_SIZE(seq)) < 2)
        return 0;
    double *v = *out = PyMem_New(double, *n);
    if (v == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < *n; k++) {
        PyObject *f = PyList_GET_ITEM(seq, k);
        if (!PyFloat_CheckExact(f))
            return 0;
        v[k] = PyFloat_AS_DOUBLE(f);
        if (isnan(v[k]) || (k && v[k] < v[k - 1]))
            return 0;
    }
    return 1;
}

/* Read attribute `name` of `o` as an int (exactly): 1 read, 0 not such an int or too
 * large (the caller answers None), -1 error. */
static int
get_index(PyObject *o, PyObject *name, Py_ssize_t *out)
{
    PyObject *v = PyObject_GetAttr(o, name);
    if (v == NULL)
        return -1;
    int got = PyLong_CheckExact(v);
    if (got && (*out = PyLong_AsSsize_t(v)) == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        got = 0;
    }
    Py_DECREF(v);
    return got;
}

/* A writable array of `n` bools: 1 taken, 0 not such an array. */
static int
take_mask(PyObject *o, Array *a, Py_ssize_t n)
{
    return take_as(o, a, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE, '?', n);
}

/* bisect_right: how many of the `n` sorted `v` are at most `x` (not NaN) */
static Py_ssize_t
bisect_right(const double *v, Py_ssize_t n, double x)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (x < v[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* bisect_left: how many of the `n` sorted `v` are below `x` (not NaN) */
static Py_ssize_t
bisect_left(const double *v, Py_ssize_t n, double x)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int read_rule(PyObject *r, int *across, double *v);

/* struck(rules, cx, cy, half_w, half_h, ys) -> list of int: the chars
 * `pdf_tables.mark_struck` finds struck through, in order: of the horizontal rules, those
 * with some char's centre (`ys`: the centres down, sorted) within the band of 0.4 of
 * the largest half height, then the chars that one of them crosses in the middle, over
 * most of their width. None where a centre or half size is not finite, a rule's
 * `horizontal` is not a bool or a horizontal rule's position or ends not floats, or the
 * arrays are not float64 arrays of one length. */
static PyObject *
layout_struck(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("struck", nargs, 6))
        return NULL;
    Array a[5] = {{.got = 0}};
    PyObject *rules = NULL, *out = NULL, *answer = NULL;
    double *picked = NULL;
    if (!PyList_Check(args[0]) || !take_floats(args[1], &a[0], -1))
        goto none;
    Py_ssize_t n = a[0].view.shape[0];
    for (int j = 1; j < 4; j++) {
        if (!take_floats(args[1 + j], &a[j], n))
            goto none;
    }
    if (!take(args[5], &a[4], 'd', n))
        goto none;
    const double *ys = (const double *)a[4].view.buf;
    double most = -INFINITY;
    for (Py_ssize_t k = 0; k < n; k++) {
        double h = float_at(&a[3], k);
        if (!isfinite(float_at(&a[0], k)) || !isfinite(float_at(&a[1], k)) ||
            !isfinite(float_at(&a[2], k)) || !isfinite(h) || !isfinite(ys[k]))
            goto none;
        if (h > most)
            most = h;
    }
    double band = most * 0.4;
    /* (a tuple: reading a rule can run Python code, which could change a list) */
    if ((rules = PyList_AsTuple(args[0])) == NULL)
        goto done;
    Py_ssize_t nr = PyTuple_GET_SIZE(rules), np_ = 0;
    if ((picked = PyMem_New(double, 3 * (nr ? nr : 1))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        int across;
        double v[3];
        int got = read_rule(PyTuple_GET_ITEM(rules, r), &across, v);
        if (across == 0) {
            /* (a vertical rule's fields are not asked by the Python: only its flag) */
            if (got < 0)
                PyErr_Clear();
            continue;
        }
        if (got < 0)
            goto done;
        if (got == 0)
            goto none;
        if (bisect_right(ys, n, v[0] + band) > bisect_left(ys, n, v[0] - band)) {
            memcpy(&picked[3 * np_], v, sizeof v);
            np_++;
        }
    }
    if ((out = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < n && np_; k++) {
        double cx = float_at(&a[0], k), cy = float_at(&a[1], k);
        double hw = float_at(&a[2], k), hh = float_at(&a[3], k);
        double left = cx - hw * 0.6, right = cx + hw * 0.6, near = hh * 0.4;
        for (Py_ssize_t r = 0; r < np_; r++) {
            const double *v = &picked[3 * r];
            if (fabs(v[0] - cy) <= near && v[1] <= left && v[2] >= right) {
                if (append_index(out, k) < 0)
                    goto done;
                break;
            }
        }
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < 5; j++)
        drop(&a[j]);
    PyMem_Free(picked);
    Py_XDECREF(rules);
    Py_XDECREF(out);
    return answer;
}

/* A cell's text when its chars are not one line: `cell_text(chars, (cell.x0, cell.x1))`. */
static PyObject *
call_cell_text(PyObject *fn, PyObject *cell, PyObject *chars)
{
    PyObject *x0 = PyObject_GetAttr(cell, s_x0);
    PyObject *x1 = x0 ? PyObject_GetAttr(cell, s_x1) : NULL;
    PyObject *bounds = x1 ? PyTuple_Pack(2, x0, x1) : NULL;
    PyObject *text = bounds ? PyObject_CallFunctionObjArgs(fn, chars, bounds, NULL) : NULL;
    Py_XDECREF(x0);
    Py_XDECREF(x1);
    Py_XDECREF(bounds);
    return text;
}

/* fill(xs, ys, cells, chars, cx, cy, rest, cell_text) -> list of chars:
 * `pdf_tables.fill_grid`. Each char whose centre (cx, cy) is within the grid (its lines
 * xs across and ys down, with 1 pt to spare) is appended, in order, to the chars of the
 * cell at its row and column (bisect_right's, kept within the grid; where cells
 * overlap, the last of them); then each cell's text is set, `cell_text(chars, (x0,
 * x1))` called for chars not on one line. `rest` (a bool a char) is set to which chars
 * were not placed; the answer is those chars (`chars` itself where none was), or None,
 * with nothing changed, where the lines are not floats in order, a cell's place not
 * ints within the grid or its chars not a list, or an array not of the type and size
 * expected. */
static PyObject *
layout_fill(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("fill", nargs, 8))
        return NULL;
    PyObject *names[4] = {s_row, s_col, s_rowspan, s_colspan};
    Array arrays[3] = {{.got = 0}};
    double *xs = NULL, *ys = NULL;
    Py_ssize_t nx = 0, ny = 0, ncells = 0, *owner = NULL;
    PyObject *cells = NULL, *items = NULL, **held = NULL, *out = NULL, *answer = NULL;
    char *placed = NULL;
    int got = read_lines(args[0], &xs, &nx);
    if (got == 1)
        got = read_lines(args[1], &ys, &ny);
    if (got < 0)
        goto done;
    if (got == 0 || !PyList_Check(args[2]) || !PyList_Check(args[3]))
        goto none;
    /* (tuples: what cell_text runs cannot change the cells or chars under the loops) */
    if ((cells = PyList_AsTuple(args[2])) == NULL || (items = PyList_AsTuple(args[3])) == NULL)
        goto done;
    Py_ssize_t n = PyTuple_GET_SIZE(items), nr = ny - 1, nc = nx - 1;
    if (!take_floats(args[4], &arrays[0], n) || !take_floats(args[5], &arrays[1], n) ||
        !take_mask(args[6], &arrays[2], n) ||
        nc > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(Py_ssize_t) / nr)
        goto none;
    ncells = PyTuple_GET_SIZE(cells);
    held = PyMem_Calloc(ncells ? ncells : 1, sizeof(PyObject *));
    owner = PyMem_New(Py_ssize_t, nr * nc);
    placed = PyMem_Calloc(n ? n : 1, 1);
    if (held == NULL || owner == NULL || placed == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nr * nc; k++)
        owner[k] = -1;
    /* the cell of each row and column, read before anything is changed */
    for (Py_ssize_t k = 0; k < ncells; k++) {
        PyObject *cell = PyTuple_GET_ITEM(cells, k);
        Py_ssize_t at[4];
        for (int j = 0; j < 4; j++) {
            if ((got = get_index(cell, names[j], &at[j])) != 1)
                goto odd;
        }
        if (at[0] < 0 || at[1] < 0 || at[2] < 1 || at[3] < 1 || at[2] > nr - at[0] ||
            at[3] > nc - at[1])
            goto none;
        if ((held[k] = PyObject_GetAttr(cell, s_chars)) == NULL)
            goto done;
        if (!PyList_CheckExact(held[k]))
            goto none;
        for (Py_ssize_t r = at[0]; r < at[0] + at[2]; r++) {
            for (Py_ssize_t c = at[1]; c < at[1] + at[3]; c++)
                owner[r * nc + c] = k;
        }
    }
    double lo_x = xs[0] - 1, hi_x = xs[nx - 1] + 1, lo_y = ys[0] - 1, hi_y = ys[ny - 1] + 1;
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        double u = float_at(&arrays[0], i), v = float_at(&arrays[1], i);
        /* (a NaN centre is in no grid) */
        if (!(v >= lo_y && v <= hi_y && u >= lo_x && u <= hi_x))
            continue;
        Py_ssize_t r = bisect_right(ys, ny, v) - 1, c = bisect_right(xs, nx, u) - 1;
        r = r < 0 ? 0 : r > nr - 1 ? nr - 1 : r;
        c = c < 0 ? 0 : c > nc - 1 ? nc - 1 : c;
        Py_ssize_t k = owner[r * nc + c];
        if (k < 0)
            continue;
        if (PyList_Append(held[k], PyTuple_GET_ITEM(items, i)) < 0)
            goto done;
        placed[i] = 1;
        count++;
    }
    for (Py_ssize_t k = 0; k < ncells; k++) {
        PyObject *cell = PyTuple_GET_ITEM(cells, k), *list = held[k], *text;
        Py_ssize_t m = PyList_GET_SIZE(list);
        if (m == 0) {
            text = Py_NewRef(s_empty);
        } else if (m == 1) {
            PyObject *c = Py_NewRef(PyList_GET_ITEM(list, 0));
            known(Py_TYPE(c));
            text = field_text(c);
            Py_DECREF(c);
        } else {
            text = one_line_of(list);
            if (text == Py_None) {
                Py_DECREF(text);
                text = call_cell_text(args[7], cell, list);
            }
        }
        if (text == NULL)
            goto done;
        int rc = PyObject_SetAttr(cell, s_text, text);
        Py_DECREF(text);
        if (rc < 0)
            goto done;
    }
    char *rest = arrays[2].view.buf;
    for (Py_ssize_t i = 0; i < n; i++)
        rest[i] = !placed[i];
    if (count == 0) {
        answer = Py_NewRef(args[3]);
        goto done;
    }
    if ((out = PyList_New(n - count)) == NULL)
        goto done;
    for (Py_ssize_t i = 0, j = 0; i < n; i++) {
        if (!placed[i])
            PyList_SET_ITEM(out, j++, Py_NewRef(PyTuple_GET_ITEM(items, i)));
    }
    answer = Py_NewRef(out);
    goto done;
odd:
    if (got < 0)
        goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    for (int j = 0; j < 3; j++)
        drop(&arrays[j]);
    for (Py_ssize_t k = 0; held != NULL && k < ncells; k++)
        Py_XDECREF(held[k]);
    PyMem_Free(held);
    PyMem_Free(xs);
    PyMem_Free(ys);
    PyMem_Free(owner);
    PyMem_Free(placed);
    Py_XDECREF(cells);
    Py_XDECREF(items);
    Py_XDECREF(out);
    return answer;
}


/* Read a rule's side (`horizontal`, exactly a bool) and its position and span (floats)
 * into `across` and v[0..2]: 1 read, 0 not such a rule (the caller answers None), -1
 * error (raised). `across` is set as soon as the side is read, before the fields are
 * (-1 where the side is not a bool). */
static int
read_rule(PyObject *r, int *across, double *v)
{
    *across = -1;
    /* (from the slots where the rule's class is known: what `PyObject_GetAttr` gives
     * there, as `field_float` reads a char's; an empty slot is left to it, to raise) */
    PyObject *names[4] = {s_horizontal, s_pos, s_a, s_b};
    if (known_in(&rule_seen, Py_TYPE(r), names, 4)) {
        PyObject *got[4];
        int full = 1;
        for (int j = 0; j < 4; j++)
            full &= (got[j] = *(PyObject **)((char *)r + rule_seen.at[j])) != NULL;
        if (full) {
            if (!PyBool_Check(got[0]))
                return 0;
            *across = got[0] == Py_True;
            for (int j = 0; j < 3; j++) {
                if (!PyFloat_CheckExact(got[1 + j]))
                    return 0;
                v[j] = PyFloat_AS_DOUBLE(got[1 + j]);
            }
            return 1;
        }
    }
    PyObject *h = PyObject_GetAttr(r, s_horizontal);
    if (h == NULL)
        return -1;
    int is_bool = PyBool_Check(h);
    if (is_bool)
        *across = h == Py_True;
    Py_DECREF(h);
    if (!is_bool)
        return 0;
    PyObject *fields[3] = {s_pos, s_a, s_b};
    for (int j = 0; j < 3; j++) {
        int got = get_float(r, fields[j], &v[j]);
        if (got != 1)
            return got;
    }
    return 1;
}

/* The ends (a, b) of each rule of `rules` (a tuple) into `*ends` (new, 2 a rule, freed
 * by the caller also when not 1): 1 read, 0 an end not a float (the caller answers
 * None), -1 error raised. */
static int
read_ends(PyObject *rules, double **ends)
{
    Py_ssize_t n = PyTuple_GET_SIZE(rules);
    if ((*ends = PyMem_New(double, 2 * (n ? n : 1))) == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *r = PyTuple_GET_ITEM(rules, k);
        int got = get_float(r, s_a, &(*ends)[2 * k]);
        if (got == 1)
            got = get_float(r, s_b, &(*ends)[2 * k + 1]);
        if (got != 1)
            return got;
    }
    return 1;
}

/* `pdf_tables._covered`: whether the `n` rules of `ends` cover at least 0.6 of a..b,
 * the overlaps summed in the rules' order as Python sums them. */
static int
spans_covered(const double *ends, Py_ssize_t n, double a, double b)
{
    double span = b - a;
    if (span <= 0)
        return 1;
    double got = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        double ra = ends[2 * i], rb = ends[2 * i + 1];
        double hi = rb < b ? rb : b, lo = ra > a ? ra : a, d = hi - lo;
        got += d > 0.0 ? d : 0.0;
    }
    return got >= span * 0.6;
}

/* covered(lines, bounds) -> list of lists of bools: `pdf_tables._covered_spans(rules,
 * bounds)` for each list of rules in `lines` (the rules at one grid line): for each
 * pair of neighbours a, b in `bounds`, whether the rules cover at least 0.6 of a..b,
 * the overlaps summed in the rules' order as Python sums them. None where `lines` is
 * not a list of lists, a bound not a float or a rule's ends not floats. */
static PyObject *
layout_covered(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("covered", nargs, 2))
        return NULL;
    if (!PyList_CheckExact(args[0]) || !PyList_CheckExact(args[1]))
        Py_RETURN_NONE;
    PyObject *seq = args[1], *answer = NULL, *out = NULL, *rules = NULL;
    Py_ssize_t nb = PyList_GET_SIZE(seq);
    double *bounds = PyMem_New(double, nb ? nb : 1), *ends = NULL;
    /* (tuples: a rule's attribute lookup is Python's, and nothing it runs can change
     * what is read) */
    PyObject *lines = PyList_AsTuple(args[0]);
    if (bounds == NULL || lines == NULL) {
        if (bounds == NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nb; k++) {
        PyObject *f = PyList_GET_ITEM(seq, k);
        if (!PyFloat_CheckExact(f))
            goto none;
        bounds[k] = PyFloat_AS_DOUBLE(f);
    }
    Py_ssize_t nl = PyTuple_GET_SIZE(lines);
    if ((out = PyList_New(nl)) == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < nl; j++) {
        if ((rules = as_tuple(PyTuple_GET_ITEM(lines, j))) == NULL)
            goto done;
        if (rules == Py_None) {
            rules = NULL;
            goto none;
        }
        Py_ssize_t nr = PyTuple_GET_SIZE(rules);
        PyMem_Free(ends);
        int got = read_ends(rules, &ends);
        if (got < 0)
            goto done;
        if (got == 0)
            goto none;
        Py_CLEAR(rules);
        PyObject *row = PyList_New(nb > 1 ? nb - 1 : 0);
        if (row == NULL)
            goto done;
        PyList_SET_ITEM(out, j, row);
        for (Py_ssize_t k = 0; k + 1 < nb; k++) {
            int ruled = spans_covered(ends, nr, bounds[k], bounds[k + 1]);
            PyList_SET_ITEM(row, k, Py_NewRef(ruled ? Py_True : Py_False));
        }
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    PyMem_Free(bounds);
    PyMem_Free(ends);
    Py_XDECREF(rules);
    Py_XDECREF(lines);
    Py_XDECREF(out);
    return answer;
}

/* Whether the rules `rules` (a list: those at one grid line) cover at least 0.6 of a..b,
 * as `pdf_tables._covered`: 1 or 0, -1 error raised, -2 where a rule's ends are not
 * floats or `rules` not a list (the caller answers None). */
static int
covers(PyObject *rules, double a, double b)
{
    if (!PyList_CheckExact(rules))
        return -2;
    if (b - a <= 0) /* (covered whatever the rules, as Python asks none of them) */
        return 1;
    PyObject *items = PyList_AsTuple(rules);
    if (items == NULL)
        return -1;
    double *ends = NULL;
    int got = read_ends(items, &ends);
    int answer = got == 1 ? spans_covered(ends, PyTuple_GET_SIZE(items), a, b)
                          : got < 0 ? -1 : -2;
    PyMem_Free(ends);
    Py_DECREF(items);
    return answer;
}

/* Whether `o` is a list of `n` bools (each then read into `out`). */
static int
bools(PyObject *o, Py_ssize_t n, char *out)
{
    if (!PyList_CheckExact(o) || PyList_GET_SIZE(o) != n)
        return 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyList_GET_ITEM(o, k);
        if (!PyBool_Check(v))
            return 0;
        out[k] = v == Py_True;
    }
    return 1;
}

static Py_ssize_t root_of(Py_ssize_t *parent, Py_ssize_t i);

/* cells(GridCell, xs, ys, ruled_top, ruled_left, at_y) -> list of GridCells:
 * `pdf_tables._grid`'s cells of the grid of lines xs across and ys down, whose grid
 * cells are joined where a side between them is not ruled (`ruled_top[r][c]`: the top
 * side of grid cell r, c; `ruled_left[c][r]` its left side, for c >= 1), in the order of
 * their first grid cells, each made as `GridCell(r0, c0, rows, cols, xs[c0], xs[c1 + 1],
 * ys[r0], ys[r1 + 1], open_top)` makes it (its chars a new list, its text "" and its
 * page 0), its slots set without running `__init__`; `open_top` is that its top side
 * is not ruled (for a cell over several columns, `_covered(at_y[r0], ...)` of its whole
 * width). None where GridCell is not a class of exactly those twelve slots, the
 * arguments are not lists of the types and sizes said, a rule's ends are not floats,
 * or a merge is not a rectangle (the Python keeps the first of overlapping cells). */
static PyObject *
layout_cells(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("cells", nargs, 6))
        return NULL;
    enum { ROW, COL, ROWSPAN, COLSPAN, X0, X1, TOP, BOTTOM, OPEN_TOP, CHARS, TEXT, PAGE, N };
    PyObject *names[N] = {s_row, s_col, s_rowspan, s_colspan, s_x0, s_x1,
                          s_top, s_bottom, s_open_top, s_chars, s_text, s_page};
    Py_ssize_t at[N];
    PyObject *xs = args[1], *ys = args[2], *tops = args[3], *lefts = args[4], *at_y = args[5];
    if (!class_slots(args[0], names, N, at) || !PyList_CheckExact(xs) || !PyList_CheckExact(ys) ||
        !PyList_CheckExact(tops) || !PyList_CheckExact(lefts) || !PyList_CheckExact(at_y))
        Py_RETURN_NONE;
    PyTypeObject *cls = (PyTypeObject *)args[0];
    if (!only_slots(cls, N))
        Py_RETURN_NONE;
    Py_ssize_t nc = PyList_GET_SIZE(xs) - 1, nr = PyList_GET_SIZE(ys) - 1;
    if (nc < 0 || nr < 0 || PyList_GET_SIZE(tops) != nr || PyList_GET_SIZE(lefts) != nc ||
        PyList_GET_SIZE(at_y) < nr)
        Py_RETURN_NONE;
    for (Py_ssize_t k = 0; k <= nc; k++) {
        if (!PyFloat_CheckExact(PyList_GET_ITEM(xs, k)))
            Py_RETURN_NONE;
    }
    for (Py_ssize_t k = 0; k <= nr; k++) {
        if (!PyFloat_CheckExact(PyList_GET_ITEM(ys, k)))
            Py_RETURN_NONE;
    }
    Py_ssize_t count = nr * nc, ncomps = 0;
    /* (tuples of the lines and rules: a rule's lookup, or a collection while a cell is
     * made, may run Python code, which could change the lists under the loops) */
    PyObject *xt = PyList_AsTuple(xs), *yt = PyList_AsTuple(ys), *ayt = PyList_AsTuple(at_y);
    char *top = PyMem_Malloc(count ? count : 1), *left = PyMem_Malloc(count ? count : 1);
    Py_ssize_t *parent = PyMem_New(Py_ssize_t, count ? count : 1);
    Py_ssize_t *comp = PyMem_New(Py_ssize_t, count ? count : 1);
    Py_ssize_t(*box)[5] = PyMem_Malloc((count ? count : 1) * sizeof *box);
    PyObject *out = NULL, *one = NULL, *zero = NULL, *answer = NULL;
    if (xt == NULL || yt == NULL || ayt == NULL)
        goto done;
    if (top == NULL || left == NULL || parent == NULL || comp == NULL || box == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        if (!bools(PyList_GET_ITEM(tops, r), nc, top + r * nc))
            goto none;
    }
    for (Py_ssize_t c = 0; c < nc; c++) {
        PyObject *side = PyList_GET_ITEM(lefts, c);
        if (c == 0)
            continue; /* (the first column's left side is the table's edge: not asked) */
        if (!PyList_CheckExact(side) || PyList_GET_SIZE(side) != nr)
            goto none;
        for (Py_ssize_t r = 0; r < nr; r++) {
            PyObject *v = PyList_GET_ITEM(side, r);
            if (!PyBool_Check(v))
                goto none;
            left[r * nc + c] = v == Py_True;
        }
    }
    /* the grid cells joined across each side not ruled, then each cell's rows and
     * columns, numbered in the order of its first grid cell */
    for (Py_ssize_t i = 0; i < count; i++)
        parent[i] = i;
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t c = 0; c < nc; c++) {
            Py_ssize_t i = r * nc + c;
            if (c > 0 && !left[i])
                parent[root_of(parent, i)] = root_of(parent, i - 1);
            if (r > 0 && !top[i])
                parent[root_of(parent, i)] = root_of(parent, i - nc);
        }
    }
    for (Py_ssize_t i = 0; i < count; i++)
        comp[i] = -1;
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t c = 0; c < nc; c++) {
            Py_ssize_t root = root_of(parent, r * nc + c);
            Py_ssize_t k = comp[root];
            if (k < 0) {
                k = comp[root] = ncomps++;
                box[k][0] = box[k][1] = r;
                box[k][2] = box[k][3] = c;
                box[k][4] = 1;
                continue;
            }
            box[k][1] = r;
            if (c < box[k][2])
                box[k][2] = c;
            else if (c > box[k][3])
                box[k][3] = c;
            box[k][4] += 1;
        }
    }
    for (Py_ssize_t k = 0; k < ncomps; k++) {
        if (box[k][4] != (box[k][1] - box[k][0] + 1) * (box[k][3] - box[k][2] + 1))
            goto none;
    }
    /* each cell's open top, in `top` by cell (the rules are asked here, before anything
     * is made) */
    for (Py_ssize_t k = 0; k < ncomps; k++) {
        Py_ssize_t r0 = box[k][0], c0 = box[k][2], c1 = box[k][3];
        int ruled;
        if (c0 == c1) {
            ruled = top[r0 * nc + c0];
        } else {
            ruled = covers(PyTuple_GET_ITEM(ayt, r0), PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(xt, c0)),
                           PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(xt, c1 + 1)));
            if (ruled == -1)
                goto done;
            if (ruled < 0)
                goto none;
        }
        comp[k] = !ruled; /* (comp reused: the open top of cell k) */
    }
    if ((out = PyList_New(ncomps)) == NULL || (one = PyLong_FromLong(1)) == NULL ||
        (zero = PyLong_FromLong(0)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < ncomps; k++) {
        Py_ssize_t r0 = box[k][0], r1 = box[k][1], c0 = box[k][2], c1 = box[k][3];
        PyObject *g = cls->tp_alloc(cls, 0);
        if (g == NULL)
            goto done;
        PyList_SET_ITEM(out, k, g);
        PyObject *v[N] = {
            PyLong_FromSsize_t(r0),
            PyLong_FromSsize_t(c0),
            r1 == r0 ? Py_NewRef(one) : PyLong_FromSsize_t(r1 - r0 + 1),
            c1 == c0 ? Py_NewRef(one) : PyLong_FromSsize_t(c1 - c0 + 1),
            Py_NewRef(PyTuple_GET_ITEM(xt, c0)),
            Py_NewRef(PyTuple_GET_ITEM(xt, c1 + 1)),
            Py_NewRef(PyTuple_GET_ITEM(yt, r0)),
            Py_NewRef(PyTuple_GET_ITEM(yt, r1 + 1)),
            Py_NewRef(comp[k] ? Py_True : Py_False),
            PyList_New(0),
            Py_NewRef(s_empty),
            Py_NewRef(zero),
        };
        int ok = 1;
        for (int j = 0; j < N; j++) {
            ok &= v[j] != NULL;
            *(PyObject **)((char *)g + at[j]) = v[j];
        }
        if (!ok)
            goto done;
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    Py_XDECREF(xt);
    Py_XDECREF(yt);
    Py_XDECREF(ayt);
    PyMem_Free(top);
    PyMem_Free(left);
    PyMem_Free(parent);
    PyMem_Free(comp);
    PyMem_Free(box);
    Py_XDECREF(one);
    Py_XDECREF(zero);
    Py_XDECREF(out);
    return answer;
}

/* to_cells(cells, GridCell, Cell, page) -> list of Cells: `[c.to_cell(page) for c in
 * cells]` for cells each exactly a GridCell (a subclass has its own `to_cell`): each
 * made as `Cell(text, row, col, rowspan, colspan, None, c.page or page, (x0, top, x1,
 * bottom))` makes it, the rest of its fields their defaults (line, doubt and unsure
 * None, weak False), its slots set without running `__init__`. None where a cell is of
 * another class or has a slot empty or a page not an int, or either class is not one
 * of exactly its twelve slots. */
static PyObject *
layout_to_cells(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("to_cells", nargs, 4))
        return NULL;
    enum { TEXT, ROW, COL, ROWSPAN, COLSPAN, PAGE, X0, TOP, X1, BOTTOM, READ };
    enum { C_TEXT, C_ROW, C_COL, C_ROWSPAN, C_COLSPAN, C_CONF, C_PAGE, C_BOX, C_LINE, C_DOUBT,
           C_UNSURE, C_WEAK, MADE };
    PyObject *read[READ] = {s_text, s_row, s_col, s_rowspan, s_colspan,
                            s_page, s_x0, s_top, s_x1, s_bottom};
    PyObject *made[MADE] = {s_text,  s_row, s_col,  s_rowspan, s_colspan, s_confidence,
                            s_page,  s_box, s_line, s_doubt,   s_unsure,  s_weak};
    Py_ssize_t from[READ], to[MADE];
    PyObject *cells = args[0], *page = args[3];
    if (!PyList_CheckExact(cells) || !PyLong_CheckExact(page) ||
        !class_slots(args[1], read, READ, from) || !class_slots(args[2], made, MADE, to))
        Py_RETURN_NONE;
    PyTypeObject *grid_cell = (PyTypeObject *)args[1], *cell = (PyTypeObject *)args[2];
    if (!only_slots(cell, MADE) || grid_cell->tp_getattro != PyObject_GenericGetAttr)
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(cells);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyList_GET_ITEM(cells, k);
        if (!Py_IS_TYPE(g, grid_cell))
            Py_RETURN_NONE;
        for (int j = 0; j < READ; j++) {
            if (*(PyObject **)((char *)g + from[j]) == NULL)
                Py_RETURN_NONE;
        }
        if (!PyLong_CheckExact(*(PyObject **)((char *)g + from[PAGE])))
            Py_RETURN_NONE;
    }
    /* (a tuple, and each cell's fields taken as new references before anything is made:
     * a collection while a cell is made may run Python code) */
    PyObject *items = PyList_AsTuple(cells), *out = NULL;
    if (items == NULL || (out = PyList_New(n)) == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *g = PyTuple_GET_ITEM(items, k), *f[READ];
        int whole = Py_IS_TYPE(g, grid_cell);
        for (int j = 0; j < READ; j++) {
            f[j] = whole ? *(PyObject **)((char *)g + from[j]) : NULL;
            whole &= f[j] != NULL;
            Py_XINCREF(f[j]);
        }
        if (!whole || !PyLong_CheckExact(f[PAGE])) {
            /* (changed by code a collection ran since it was checked: left to the Python) */
            for (int j = 0; j < READ; j++)
                Py_XDECREF(f[j]);
            Py_DECREF(items);
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        PyObject *box = PyTuple_Pack(4, f[X0], f[TOP], f[X1], f[BOTTOM]);
        PyObject *c = box != NULL ? cell->tp_alloc(cell, 0) : NULL;
        PyObject *v[MADE] = {
            f[TEXT],
            f[ROW],
            f[COL],
            f[ROWSPAN],
            f[COLSPAN],
            Py_NewRef(Py_None),
            Py_NewRef(PyObject_IsTrue(f[PAGE]) ? f[PAGE] : page), /* (an int: no code run) */
            box,
            Py_NewRef(Py_None),
            Py_NewRef(Py_None),
            Py_NewRef(Py_None),
            Py_NewRef(Py_False),
        };
        for (int j = X0; j <= BOTTOM; j++)
            Py_DECREF(f[j]);
        Py_DECREF(f[PAGE]);
        if (c == NULL) {
            for (int j = 0; j < MADE; j++)
                Py_XDECREF(v[j]);
            goto fail;
        }
        for (int j = 0; j < MADE; j++)
            *(PyObject **)((char *)c + to[j]) = v[j];
        PyList_SET_ITEM(out, k, c);
    }
    Py_DECREF(items);
    return out;
fail:
    Py_XDECREF(items);
    Py_XDECREF(out);
    return NULL;
}

/* made(cls, names, *columns) -> list: `list(map(cls, *columns))` for a class of exactly
 * the slots `names` (a tuple of str, in the order its `__init__` takes them) whose
 * `__init__` only sets them (a dataclass of slots: `Rule`): each object's slots set
 * from the columns (lists of one length) without running `__init__`. None where the
 * class is not such, or the columns are not lists of one length, one a name. */
static PyObject *
layout_made(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs < 2) {
        PyErr_SetString(PyExc_TypeError, "made takes a class, its names and a column a name");
        return NULL;
    }
    PyObject *names = args[1];
    enum { MOST = 16 };
    Py_ssize_t k = nargs - 2, at[MOST];
    if (!PyTuple_CheckExact(names) || PyTuple_GET_SIZE(names) != k || k < 1 || k > MOST)
        Py_RETURN_NONE;
    for (Py_ssize_t j = 0; j < k; j++) {
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(names, j)))
            Py_RETURN_NONE;
    }
    if (!class_slots(args[0], &PyTuple_GET_ITEM(names, 0), (int)k, at))
        Py_RETURN_NONE;
    PyTypeObject *cls = (PyTypeObject *)args[0];
    if (!only_slots(cls, k))
        Py_RETURN_NONE;
    PyObject *columns[MOST] = {NULL};
    Py_ssize_t n = -1;
    for (Py_ssize_t j = 0; j < k; j++) {
        if (!PyList_CheckExact(args[2 + j]) || (n >= 0 && PyList_GET_SIZE(args[2 + j]) != n))
            Py_RETURN_NONE;
        n = PyList_GET_SIZE(args[2 + j]);
    }
    /* (tuples: making an object may start a collection, which may run Python code) */
    PyObject *out = NULL, *answer = NULL;
    for (Py_ssize_t j = 0; j < k; j++) {
        if ((columns[j] = PyList_AsTuple(args[2 + j])) == NULL)
            goto done;
    }
    if ((out = PyList_New(n)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = cls->tp_alloc(cls, 0);
        if (o == NULL)
            goto done;
        for (Py_ssize_t j = 0; j < k; j++)
            *(PyObject **)((char *)o + at[j]) = Py_NewRef(PyTuple_GET_ITEM(columns[j], i));
        PyList_SET_ITEM(out, i, o);
    }
    answer = Py_NewRef(out);
done:
    for (Py_ssize_t j = 0; j < k; j++)
        Py_XDECREF(columns[j]);
    Py_XDECREF(out);
    return answer;
}

static int
by_place(const void *pa, const void *pb)
{
    Py_ssize_t a = *(const Py_ssize_t *)pa, b = *(const Py_ssize_t *)pb;
    return a < b ? -1 : (a > b);
}

/* at_lines(rules, lines, snap, window, far) -> list of lists of rules:
 * `pdf_tables._at_lines`, for each of `lines` the rules within `snap` of it (`abs(r.pos
 * - v) <= snap`), in their order in `rules`, only those within `window` of it in the
 * rules sorted by position looked at (bisect's). None where `rules` or `lines` is not
 * a list, a line or a position not a float, or a position not within `far` (NaN, or
 * beyond: the Python tests each rule then). */
static PyObject *
layout_at_lines(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("at_lines", nargs, 5))
        return NULL;
    double snap = PyFloat_AsDouble(args[2]), window = 0, far = 0;
    if (snap == -1.0 && PyErr_Occurred())
        return NULL;
    if ((window = PyFloat_AsDouble(args[3])) == -1.0 && PyErr_Occurred())
        return NULL;
    if ((far = PyFloat_AsDouble(args[4])) == -1.0 && PyErr_Occurred())
        return NULL;
    if (!PyList_CheckExact(args[0]) || !PyList_CheckExact(args[1]))
        Py_RETURN_NONE;
    PyObject *lines = args[1];
    Py_ssize_t nl = PyList_GET_SIZE(lines);
    for (Py_ssize_t k = 0; k < nl; k++) {
        if (!PyFloat_CheckExact(PyList_GET_ITEM(lines, k)))
            Py_RETURN_NONE;
    }
    PyObject *rules = PyList_AsTuple(args[0]), *out = NULL, *answer = NULL;
    if (rules == NULL)
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(rules);
    /* (each rule by its position and place: a stable sort by position) */
    Ranked *sorted = PyMem_New(Ranked, n ? n : 1);
    Py_ssize_t *near = PyMem_New(Py_ssize_t, n ? n : 1);
    double *pos = PyMem_New(double, n ? n : 1);
    /* (the lines copied: reading a rule's position may run Python code) */
    double *vs = PyMem_New(double, nl ? nl : 1);
    if (sorted == NULL || near == NULL || pos == NULL || vs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nl; k++)
        vs[k] = PyFloat_AS_DOUBLE(PyList_GET_ITEM(lines, k));
    for (Py_ssize_t i = 0; i < n; i++) {
        int got = get_float(PyTuple_GET_ITEM(rules, i), s_pos, &pos[i]);
        if (got < 0)
            goto done;
        if (got == 0 || !(-far < pos[i] && pos[i] < far))
            goto none;
        sorted[i].v = pos[i];
        sorted[i].k = i;
    }
    qsort(sorted, (size_t)n, sizeof(Ranked), by_value);
    if ((out = PyList_New(nl)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < nl; k++) {
        double v = vs[k], low = v - window, high = v + window;
        /* bisect_left(keys, low), then bisect_right(keys, high, lo), as Python's compare */
        Py_ssize_t lo = 0, hi = n;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (sorted[mid].v < low)
                lo = mid + 1;
            else
                hi = mid;
        }
        Py_ssize_t top = n, from = lo;
        while (from < top) {
            Py_ssize_t mid = from + (top - from) / 2;
            if (high < sorted[mid].v)
                top = mid;
            else
                from = mid + 1;
        }
        Py_ssize_t m = 0;
        for (Py_ssize_t j = lo; j < from; j++) {
            if (fabs(sorted[j].v - v) <= snap)
                near[m++] = sorted[j].k;
        }
        if (m > 1)
            qsort(near, (size_t)m, sizeof(Py_ssize_t), by_place);
        PyObject *row = PyList_New(m);
        if (row == NULL)
            goto done;
        for (Py_ssize_t j = 0; j < m; j++)
            PyList_SET_ITEM(row, j, Py_NewRef(PyTuple_GET_ITEM(rules, near[j])));
        PyList_SET_ITEM(out, k, row);
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    PyMem_Free(sorted);
    PyMem_Free(near);
    PyMem_Free(pos);
    PyMem_Free(vs);
    Py_DECREF(rules);
    Py_XDECREF(out);
    return answer;
}

static Py_ssize_t
root_of(Py_ssize_t *parent, Py_ssize_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* groups(rules, join) -> list of lists of rules: `pdf_tables._groups`, the rules that
 * touch each other (a horizontal and a vertical one within `join` of each other's
 * span), transitively, in the order of their first rules, each in the order given;
 * None where a rule's `horizontal` is not a bool or a coordinate not a float. */
static PyObject *
layout_groups(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("groups", nargs, 2))
        return NULL;
    double join = PyFloat_AsDouble(args[1]);
    if (join == -1.0 && PyErr_Occurred())
        return NULL;
    PyObject *items = as_tuple(args[0]);
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *answer = NULL, *out = NULL;
    double *v = PyMem_New(double, 3 * (n ? n : 1));
    char *across = PyMem_Malloc(n ? n : 1);
    Py_ssize_t *parent = PyMem_New(Py_ssize_t, n ? n : 1);
    Py_ssize_t *group = PyMem_New(Py_ssize_t, n ? n : 1);
    if (v == NULL || across == NULL || parent == NULL || group == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int side, got = read_rule(PyTuple_GET_ITEM(items, i), &side, &v[3 * i]);
        if (got < 0)
            goto done;
        if (got == 0)
            goto none;
        across[i] = (char)side;
        parent[i] = i;
        group[i] = -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!across[i])
            continue;
        double hp = v[3 * i], ha = v[3 * i + 1], hb = v[3 * i + 2];
        for (Py_ssize_t j = 0; j < n; j++) {
            if (across[j])
                continue;
            double vp = v[3 * j], va = v[3 * j + 1], vb = v[3 * j + 2];
            if (ha - join <= vp && vp <= hb + join && va - join <= hp && hp <= vb + join)
                parent[root_of(parent, i)] = root_of(parent, j);
        }
    }
    if ((out = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t r = root_of(parent, i);
        if (group[r] < 0) {
            PyObject *g = PyList_New(0);
            if (g == NULL || PyList_Append(out, g) < 0) {
                Py_XDECREF(g);
                goto done;
            }
            Py_DECREF(g);
            group[r] = PyList_GET_SIZE(out) - 1;
        }
        if (PyList_Append(PyList_GET_ITEM(out, group[r]), PyTuple_GET_ITEM(items, i)) < 0)
            goto done;
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    Py_XDECREF(out);
    Py_DECREF(items);
    PyMem_Free(v);
    PyMem_Free(across);
    PyMem_Free(parent);
    PyMem_Free(group);
    return answer;
}

/* One rule as `merge` reads it: its side, position and span, and its place in the order
 * a stable sort keeps. */
typedef struct {
    double pos, a, b;
    Py_ssize_t k;
    int across;
} Piece;

static int
piece_by_pos(const void *pa, const void *pb)
{
    const Piece *x = pa, *y = pb;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->k < y->k ? -1 : (x->k > y->k);
}

static int
piece_by_a(const void *pa, const void *pb)
{
    const Piece *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->k < y->k ? -1 : (x->k > y->k);
}

/* merge(rules, Rule, snap) -> list of new Rules: `pdf_tables._merge_collinear`, the
 * pieces of one rule joined; None where a rule's `horizontal` is not a bool, a
 * coordinate is not a float, a position or start is NaN (which Python's sort orders its
 * own way), or `Rule` is not a class of the four slots. */
static PyObject *
layout_merge(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("merge", nargs, 3))
        return NULL;
    double snap = PyFloat_AsDouble(args[2]);
    if (snap == -1.0 && PyErr_Occurred())
        return NULL;
    PyObject *names[4] = {s_horizontal, s_pos, s_a, s_b};
    Py_ssize_t at[4];
    if (!class_slots(args[1], names, 4, at))
        Py_RETURN_NONE;
    PyTypeObject *cls = (PyTypeObject *)args[1];
    PyObject *items = as_tuple(args[0]);
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items), made = 0;
    PyObject *answer = NULL, *out = NULL;
    Piece *in = PyMem_New(Piece, n ? n : 1), *joined = PyMem_New(Piece, n ? n : 1);
    if (in == NULL || joined == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double v[3];
        int got = read_rule(PyTuple_GET_ITEM(items, i), &in[i].across, v);
        if (got < 0)
            goto done;
        if (got == 0)
            goto none;
        if (isnan(v[0]) || isnan(v[1]))
            goto none;
        in[i].pos = v[0];
        in[i].a = v[1];
        in[i].b = v[2];
        in[i].k = i;
    }
    /* vertical rules first, then horizontal ones; each side sorted by position */
    Py_ssize_t split = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!in[i].across)
            joined[split++] = in[i];
    }
    for (Py_ssize_t i = 0, m = split; i < n; i++) {
        if (in[i].across)
            joined[m++] = in[i];
    }
    memcpy(in, joined, (size_t)n * sizeof(Piece));
    qsort(in, (size_t)split, sizeof(Piece), piece_by_pos);
    qsort(in + split, (size_t)(n - split), sizeof(Piece), piece_by_pos);
    for (Py_ssize_t i = 0; i < n; i++)
        in[i].k = i; /* (the order a stable sort by start keeps within a cluster) */
    for (int side = 0; side < 2; side++) {
        Py_ssize_t lo = side ? split : 0, end = side ? n : split;
        while (lo < end) {
            Py_ssize_t hi = lo + 1;
            while (hi < end && in[hi].pos - in[hi - 1].pos <= snap)
                hi++;
            int one = in[hi - 1].pos - in[lo].pos <= snap;
            qsort(in + lo, (size_t)(hi - lo), sizeof(Piece), piece_by_a);
            Py_ssize_t first = made;
            for (Py_ssize_t i = lo; i < hi; i++) {
                Piece *r = &in[i];
                Piece *into = NULL;
                if (one) {
                    /* `_joined`: the last piece made, where this one touches it */
                    if (made > first && r->a <= joined[made - 1].b + snap)
                        into = &joined[made - 1];
                } else {
                    /* a chain of positions: the first piece made near its own position */
                    for (Py_ssize_t c = first; c < made; c++) {
                        if (fabs(joined[c].pos - r->pos) <= snap && r->a <= joined[c].b + snap) {
                            into = &joined[c];
                            break;
                        }
                    }
                }
                if (into != NULL) {
                    if (r->b > into->b)
                        into->b = r->b;
                    continue;
                }
                joined[made++] = *r;
            }
            lo = hi;
        }
    }
    if ((out = PyList_New(made)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < made; i++) {
        PyObject *r = cls->tp_alloc(cls, 0);
        if (r == NULL)
            goto done;
        PyList_SET_ITEM(out, i, r);
        *(PyObject **)((char *)r + at[0]) = Py_NewRef(joined[i].across ? Py_True : Py_False);
        double v[3] = {joined[i].pos, joined[i].a, joined[i].b};
        for (int j = 0; j < 3; j++) {
            PyObject *f = PyFloat_FromDouble(v[j]);
            if (f == NULL)
                goto done;
            *(PyObject **)((char *)r + at[1 + j]) = f;
        }
    }
    answer = Py_NewRef(out);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    Py_XDECREF(out);
    Py_DECREF(items);
    PyMem_Free(in);
    PyMem_Free(joined);
    return answer;
}

/* Doubles sorted ascending (no NaN: the callers hand those back). */
static int
by_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : (a > b);
}

/* `pdf_tables._with_ends` then `_cluster`: the `n` positions of `lines` with each of the
 * two `ends` that stops short of every line (not within `snap` of one, but within
 * `join`), sorted and grouped where neighbours are within `snap`, each group's mean as
 * `sum(g) / len(g)` gives it. `lines` has room for two more. The count of the means in
 * `*out` (written over `lines`), or -1 where Python's sum would add another way (from
 * 3.12 it compensates the rounding of three or more floats). */
static Py_ssize_t
clustered(double *lines, Py_ssize_t n, const double ends[2], double snap, double join)
{
    Py_ssize_t m = n;
    for (int e = 0; e < 2; e++) {
        int near = 0;
        for (Py_ssize_t k = 0; k < n && !near; k++) {
            double d = fabs(ends[e] - lines[k]);
            near = snap < d && d <= join;
        }
        if (!near)
            lines[m++] = ends[e];
    }
    qsort(lines, (size_t)m, sizeof(double), by_double);
    Py_ssize_t made = 0;
    for (Py_ssize_t lo = 0; lo < m;) {
        Py_ssize_t hi = lo + 1;
        while (hi < m && lines[hi] - lines[hi - 1] <= snap)
            hi++;
#if PY_VERSION_HEX >= 0x030C0000
        if (hi - lo > 2)
            return -1;
#endif
        double sum = 0.0;
        for (Py_ssize_t k = lo; k < hi; k++)
            sum += lines[k];
        lines[made++] = sum / (double)(hi - lo);
        lo = hi;
    }
    return made;
}

/* Whether a rule of the `n` at `pos` is within `snap` of `v`. */
static int
ruled_at(const double *pos, Py_ssize_t n, double v, double snap)
{
    for (Py_ssize_t k = 0; k < n; k++) {
        if (fabs(v - pos[k]) <= snap)
            return 1;
    }
    return 0;
}

/* What `_trim_ends` asks of a grid's outer bands along one direction: the crossing
 * rules' ends and how many distinct `round(pos)` they have, whether the table has a
 * frame, and the widths below which a band holds no text (`text_band` without a frame,
 * `overshoot` with one). */
typedef struct {
    const double *a, *b;
    Py_ssize_t n, distinct;
    int framed;
    double text_band, overshoot;
} Bands;

/* `_trim_ends`'s `weak(lo, hi)`: whether the outer band lo..hi is too narrow to be a
 * row of the table, or few crossing rules reach it. */
static int
weak_band(const Bands *c, double lo, double hi)
{
    if (!c->framed)
        return hi - lo < c->text_band;
    double mid = (lo + hi) / 2;
    Py_ssize_t reach = 0;
    for (Py_ssize_t k = 0; k < c->n; k++)
        reach += c->a[k] <= mid && mid <= c->b[k];
    return hi - lo < c->overshoot || reach * 2 < c->distinct;
}

/* `_trim_ends` then `_spaced_apart` on the `*n` bounds, in place (`pos`: the positions
 * of the `npos` rules along them). */
static void
trimmed(double *bounds, Py_ssize_t *n, const double *pos, Py_ssize_t npos, const Bands *c,
        double snap, double spacing)
{
    Py_ssize_t lo = 0, hi = *n;
    if (hi - lo > 2 && !ruled_at(pos, npos, bounds[lo], snap) &&
        weak_band(c, bounds[lo], bounds[lo + 1]))
        lo++;
    if (hi - lo > 2 && !ruled_at(pos, npos, bounds[hi - 1], snap) &&
        weak_band(c, bounds[hi - 2], bounds[hi - 1]))
        hi--;
    Py_ssize_t m = 0;
    for (Py_ssize_t k = lo; k < hi; k++) {
        double v = bounds[k];
        if (m && v - bounds[m - 1] < spacing && v - bounds[m - 1] > snap)
            bounds[m - 1] = (bounds[m - 1] + v) / 2;
        else
            bounds[m++] = v;
    }
    *n = m;
}

/* How many distinct values `round(v)` takes over the `n` values (finite), in `work`. */
static Py_ssize_t
distinct_rounded(const double *v, Py_ssize_t n, double *work)
{
    for (Py_ssize_t k = 0; k < n; k++)
        work[k] = nearbyint(v[k]); /* (ties to even, as Python's round) */
    qsort(work, (size_t)n, sizeof(double), by_double);
    Py_ssize_t count = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        count += k == 0 || work[k] != work[k - 1];
    return count;
}

static PyObject *
float_list(const double *v, Py_ssize_t n)
{
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *f = PyFloat_FromDouble(v[k]);
        if (f == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, f);
    }
    return out;
}

/* grid_lines(rules, snap, join, spacing, text_band, overshoot) -> (hs, vs, xs, ys):
 * `pdf_tables._grid_lines`, the horizontal and vertical rules of a group (lists, in
 * their order) and the grid's lines across and down: the rules' positions with the far
 * ends of the crossing rules, clustered, an outer band no rule closes trimmed, and the
 * bands of cell spacing closed. None where `rules` is not a list, lacks a rule of either
 * side, a coordinate is not a finite float (Python's `round` raises on infinities), or
 * Python's sum would add a cluster another way. */
static PyObject *
layout_grid_lines(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("grid_lines", nargs, 6))
        return NULL;
    double k[5];
    for (int j = 0; j < 5; j++) {
        if ((k[j] = PyFloat_AsDouble(args[1 + j])) == -1.0 && PyErr_Occurred())
            return NULL;
    }
    double snap = k[0], join = k[1], spacing = k[2], text_band = k[3], overshoot = k[4];
    PyObject *items = as_tuple(args[0]);
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items), nh = 0, nv = 0;
    PyObject *answer = NULL, *hs = NULL, *vs = NULL, *xs = NULL, *ys = NULL;
    /* nine arrays in one block, each with room for every rule and the two ends: each
     * side's positions, starts and ends, a scratch array, and the lines down and across */
    Py_ssize_t room = n + 2;
    double *block = PyMem_New(double, 9 * room);
    if (block == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double *hpos = block, *ha = hpos + room, *hb = ha + room;
    double *vpos = hb + room, *va = vpos + room, *vb = va + room;
    double *work = vb + room, *down = work + room, *across = down + room;
    if ((hs = PyList_New(0)) == NULL || (vs = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *r = PyTuple_GET_ITEM(items, i);
        double v[3];
        int side, got = read_rule(r, &side, v);
        if (got < 0)
            goto done;
        if (got == 0 || !isfinite(v[0]) || !isfinite(v[1]) || !isfinite(v[2]))
            goto none;
        Py_ssize_t at = side ? nh++ : nv++;
        (side ? hpos : vpos)[at] = v[0];
        (side ? ha : va)[at] = v[1];
        (side ? hb : vb)[at] = v[2];
        if (PyList_Append(side ? hs : vs, r) < 0)
            goto done;
    }
    if (nh == 0 || nv == 0)
        goto none;
    /* the far ends of each side's rules: min and max as Python's take the first of equals */
    double vends[2] = {va[0], vb[0]}, hends[2] = {ha[0], hb[0]};
    for (Py_ssize_t i = 1; i < nv; i++) {
        if (va[i] < vends[0])
            vends[0] = va[i];
        if (vb[i] > vends[1])
            vends[1] = vb[i];
    }
    for (Py_ssize_t i = 1; i < nh; i++) {
        if (ha[i] < hends[0])
            hends[0] = ha[i];
        if (hb[i] > hends[1])
            hends[1] = hb[i];
    }
    memcpy(down, hpos, (size_t)nh * sizeof(double));
    memcpy(across, vpos, (size_t)nv * sizeof(double));
    Py_ssize_t ny = clustered(down, nh, vends, snap, join);
    Py_ssize_t nx = clustered(across, nv, hends, snap, join);
    if (ny < 0 || nx < 0)
        goto none;
    int framed = ruled_at(vpos, nv, across[0], snap) || ruled_at(vpos, nv, across[nx - 1], snap) ||
                 ruled_at(hpos, nh, down[0], snap) || ruled_at(hpos, nh, down[ny - 1], snap);
    Bands by_v = {va, vb, nv, distinct_rounded(vpos, nv, work), framed, text_band, overshoot};
    Bands by_h = {ha, hb, nh, distinct_rounded(hpos, nh, work), framed, text_band, overshoot};
    trimmed(down, &ny, hpos, nh, &by_v, snap, spacing);
    trimmed(across, &nx, vpos, nv, &by_h, snap, spacing);
    if ((xs = float_list(across, nx)) == NULL || (ys = float_list(down, ny)) == NULL)
        goto done;
    answer = PyTuple_Pack(4, hs, vs, xs, ys);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    Py_DECREF(items);
    Py_XDECREF(hs);
    Py_XDECREF(vs);
    Py_XDECREF(xs);
    Py_XDECREF(ys);
    PyMem_Free(block);
    return answer;
}

/* A rule as `_broken_lines` sorts it: its side, its rounded position, its ends. */
typedef struct {
    double y, a, b;
    int across;
} Run;

static int
run_order(const void *pa, const void *pb)
{
    const Run *x = pa, *y = pb;
    if (x->across != y->across)
        return x->across < y->across ? -1 : 1;
    if (x->y != y->y)
        return x->y < y->y ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : (x->b > y->b);
}

/* broken(rules, snap, max_spacing, least) -> bool: `pdf_tables._broken_lines`, whether
 * at least `least` rules run on in line with another (same side, same rounded position)
 * after a gap of more than `snap` and at most `max_spacing`. None where `rules` is not a
 * list, or a coordinate is not a finite float (Python's `round` raises on infinities,
 * and its sort of tuples holding NaN has no order). */
static PyObject *
layout_broken(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (!given("broken", nargs, 4))
        return NULL;
    double snap = PyFloat_AsDouble(args[1]), most = 0;
    if (snap == -1.0 && PyErr_Occurred())
        return NULL;
    if ((most = PyFloat_AsDouble(args[2])) == -1.0 && PyErr_Occurred())
        return NULL;
    Py_ssize_t least = PyLong_AsSsize_t(args[3]);
    if (least == -1 && PyErr_Occurred())
        return NULL;
    PyObject *items = as_tuple(args[0]), *answer = NULL;
    if (items == NULL)
        return NULL;
    if (items == Py_None)
        Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(items), gaps = 0;
    Run *runs = PyMem_New(Run, n ? n : 1);
    if (runs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double v[3];
        int got = read_rule(PyTuple_GET_ITEM(items, i), &runs[i].across, v);
        if (got < 0)
            goto done;
        if (got == 0 || !isfinite(v[0]) || !isfinite(v[1]) || !isfinite(v[2]))
            goto none;
        runs[i].y = nearbyint(v[0]); /* (ties to even, as Python's round) */
        runs[i].a = v[1];
        runs[i].b = v[2];
    }
    qsort(runs, (size_t)n, sizeof(Run), run_order);
    for (Py_ssize_t i = 1; i < n; i++) {
        const Run *p = &runs[i - 1], *r = &runs[i];
        double gap = r->a - p->b;
        gaps += p->across == r->across && p->y == r->y && snap < gap && gap <= most;
    }
    answer = Py_NewRef(gaps >= least ? Py_True : Py_False);
    goto done;
none:
    answer = Py_NewRef(Py_None);
done:
    Py_DECREF(items);
    PyMem_Free(runs);
    return answer;
}

static PyMethodDef methods[] = {
    {"rows", layout_rows, METH_VARARGS,
     "rows(chars, ordered) -> list of rows, as pdf_chars._rows (each row sorted by left "
     "edge when ordered), or None"},
    {"line_centres", layout_line_centres, METH_O,
     "line_centres(chars) -> list of floats, as pdf_chars.line_centres, or None"},
    {"join", layout_join, METH_VARARGS,
     "join(row, spans) -> text (or text and spans), as pdf_chars.join_chars (join_spans), "
     "or None"},
    {"one_line", layout_one_line, METH_O,
     "one_line(chars) -> the text of chars all on one line, as pdf_tables.cell_text reads "
     "them, or None"},
    {"lines", layout_lines, METH_O,
     "lines(chars) -> the fields of each Line of pdf_chars.group_lines, or None"},
    {"chars", (PyCFunction)(void (*)(void))layout_chars, METH_FASTCALL,
     "chars(Char, texts, x0, x1, top, bottom, size) -> list of Char, as extract_chars "
     "makes them, or None"},
    {"texts", (PyCFunction)(void (*)(void))layout_texts, METH_FASTCALL,
     "texts(keys, marked, suffix, table) -> the texts of extract_chars's chars and the "
     "indices of those normalised, or None"},
    {"raised_at", (PyCFunction)(void (*)(void))layout_raised_at, METH_FASTCALL,
     "raised_at(keys, size, left, right, tops, bottoms) -> where pdf_chars._raise_marks "
     "finds a mark after a digit, or None"},
    {"shown_marks", (PyCFunction)(void (*)(void))layout_shown_marks, METH_FASTCALL,
     "shown_marks(size, code, left, bottom, right, top, shown, tiny, marked, outside) -> "
     "True, marked and outside set as pdf_unseen.unseen sets them on a plain page, or None"},
    {"struck", (PyCFunction)(void (*)(void))layout_struck, METH_FASTCALL,
     "struck(rules, cx, cy, half_w, half_h, ys) -> the chars a rule strikes through, as "
     "pdf_tables.mark_struck finds them, or None"},
    {"groups", (PyCFunction)(void (*)(void))layout_groups, METH_FASTCALL,
     "groups(rules, join) -> the rules that touch, group by group, as pdf_tables._groups, "
     "or None"},
    {"merge", (PyCFunction)(void (*)(void))layout_merge, METH_FASTCALL,
     "merge(rules, Rule, snap) -> new Rules, the pieces of one rule joined, as "
     "pdf_tables._merge_collinear, or None"},
    {"fill", (PyCFunction)(void (*)(void))layout_fill, METH_FASTCALL,
     "fill(xs, ys, cells, chars, cx, cy, rest, cell_text) -> the chars outside the grid, the "
     "others put into its cells and the cells' texts set, as pdf_tables.fill_grid, or None"},
    {"cells", (PyCFunction)(void (*)(void))layout_cells, METH_FASTCALL,
     "cells(GridCell, xs, ys, ruled_top, ruled_left, at_y) -> the cells of a grid, its grid "
     "cells joined across the sides not ruled, as pdf_tables._grid makes them, or None"},
    {"to_cells", (PyCFunction)(void (*)(void))layout_to_cells, METH_FASTCALL,
     "to_cells(cells, GridCell, Cell, page) -> [c.to_cell(page) for c in cells] for cells "
     "exactly GridCells, or None"},
    {"made", (PyCFunction)(void (*)(void))layout_made, METH_FASTCALL,
     "made(cls, names, *columns) -> list(map(cls, *columns)) for a dataclass of exactly the "
     "slots names, made without running __init__, or None"},
    {"at_lines", (PyCFunction)(void (*)(void))layout_at_lines, METH_FASTCALL,
     "at_lines(rules, lines, snap, window, far) -> for each line the rules within snap of "
     "it, as pdf_tables._at_lines, or None"},
    {"covered", (PyCFunction)(void (*)(void))layout_covered, METH_FASTCALL,
     "covered(lines, bounds) -> for each list of rules, whether they cover each span between "
     "neighbouring bounds, as pdf_tables._covered_spans, or None"},
    {"doubled", (PyCFunction)(void (*)(void))layout_doubled, METH_FASTCALL,
     "doubled(keys, x0, x1, top, bottom, size) -> the keys of chars that may be doubled, as "
     "pdf_chars._suspects finds them, or None"},
    {"grid_lines", (PyCFunction)(void (*)(void))layout_grid_lines, METH_FASTCALL,
     "grid_lines(rules, snap, join, spacing, text_band, overshoot) -> (hs, vs, xs, ys), a "
     "group's rules of each side and its grid's lines, as pdf_tables._grid_lines, or None"},
    {"broken", (PyCFunction)(void (*)(void))layout_broken, METH_FASTCALL,
     "broken(rules, snap, max_spacing, least) -> whether rules run on in line after short "
     "gaps, as pdf_tables._broken_lines, or None"},
    {"rules", (PyCFunction)(void (*)(void))layout_rules, METH_FASTCALL,
     "rules(counts, filled, stroked, x, y, usable, kinds, closes, lineto, thin, min_rule) "
     "-> the fields of pdf_tables._make_rules's rules as four lists, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_layout", "Per-char loops of the PDF reader's line grouping.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__layout(void)
{
    if (!(s_text = PyUnicode_InternFromString("text")) ||
        !(s_x0 = PyUnicode_InternFromString("x0")) ||
        !(s_x1 = PyUnicode_InternFromString("x1")) ||
        !(s_top = PyUnicode_InternFromString("top")) ||
        !(s_bottom = PyUnicode_InternFromString("bottom")) ||
        !(s_size = PyUnicode_InternFromString("size")) ||
        !(s_space = PyUnicode_InternFromString(" ")) ||
        !(s_empty = PyUnicode_InternFromString("")) ||
        !(s_horizontal = PyUnicode_InternFromString("horizontal")) ||
        !(s_pos = PyUnicode_InternFromString("pos")) || !(s_a = PyUnicode_InternFromString("a")) ||
        !(s_b = PyUnicode_InternFromString("b")) ||
        !(s_row = PyUnicode_InternFromString("row")) ||
        !(s_col = PyUnicode_InternFromString("col")) ||
        !(s_rowspan = PyUnicode_InternFromString("rowspan")) ||
        !(s_colspan = PyUnicode_InternFromString("colspan")) ||
        !(s_chars = PyUnicode_InternFromString("chars")) ||
        !(s_open_top = PyUnicode_InternFromString("open_top")) ||
        !(s_page = PyUnicode_InternFromString("page")) ||
        !(s_confidence = PyUnicode_InternFromString("confidence")) ||
        !(s_box = PyUnicode_InternFromString("box")) ||
        !(s_line = PyUnicode_InternFromString("line")) ||
        !(s_doubt = PyUnicode_InternFromString("doubt")) ||
        !(s_unsure = PyUnicode_InternFromString("unsure")) ||
        !(s_weak = PyUnicode_InternFromString("weak")))
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "VERSION", LAYOUT_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
