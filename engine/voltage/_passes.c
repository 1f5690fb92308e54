/* The point passes of a batch of voltage curves, compiled: the same arithmetic as
 * engine/voltage/solver.py's numpy passes (_Batch.at, _margins, _first_crossing and the energy
 * sums of numpy_passes), one design at a time, with the knots searched by walking from the
 * last point rather than bisecting, and the first two passes stopping at the end they find
 * (find_ends). The model is solver.py's and docs/voltage-model.md's; this file holds no physics
 * of its own. It is optional: without it solver.numpy_passes runs.
 *
 * passes(columns, lag, held, potentials, anode_x, anode_y, flat_anode,
 *        table_start, table_rise, coarse, refine, grid, points_out, ends_out[, first, stop])
 *
 * columns (COLUMNS, d): per design, the rows named by the enum below.
 * lag (2 m, d): per active, the table steps one unit of sqrt(charge) spans, then the weights.
 * held (d, g): the Li the cathode holds at each knot, rising; potentials (g): the knots'.
 * anode_x, anode_y (k): the counter electrode's curve (lithiation, potential); flat_anode: 1 if
 *     its potential is anode_y[0] throughout.
 * table_start, table_rise (n): the sphere-lag table's segments.
 * coarse, refine, grid: the three passes' fractions (0 to 1).
 * points_out (5, d, p): charge, voltage, open_circuit, anode, depth.
 * ends_out (7, d): by_cutoff, by_cathode, cut, emptied, delivered, energy, anode_energy.
 * first, stop: the rows (designs) to compute, all by default; the GIL is released meanwhile, so
 *     that threads can share a batch by rows (each writes only its rows of the outputs).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

enum { START, INVERSE_REACH, SLOPE, CONSTANT, REACH, SIGN, CUTOFF, LIMIT, ANODE_START,
       ANODE_FULL, COLUMNS };
enum { CHARGE, VOLTAGE, OPEN_CIRCUIT, ANODE, DEPTH, POINT_ROWS };
enum { BY_CUTOFF, BY_CATHODE, CUT, EMPTIED, DELIVERED, ENERGY, ANODE_ENERGY, END_ROWS };

typedef struct {
    Py_ssize_t d, m, g, k, n;
    const double *columns, *lag, *held, *potentials, *anode_x, *anode_y, *start, *rise;
    int flat_anode;
    double *held_slopes;   /* the design's held row's (g - 1), filled per design */
    double *anode_slopes;  /* the counter electrode curve's (k - 1) */
} Batch;

/* The slopes of (xp, fp) between its knots, as np.interp works them out. */
static void slopes_of(const double *xp, const double *fp, Py_ssize_t size, double *slopes)
{
    for (Py_ssize_t i = 0; i + 1 < size; i++) {
        slopes[i] = (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i]);
    }
}

/* np.interp at x on (xp, fp), xp rising, with their slopes, from the segment j last used
 * (updated): the ends' values beyond the ends, fp[j] where x is a knot, else
 * slope (x - xp[j]) + fp[j]. */
static double interp(double x, const double *xp, const double *fp, const double *slopes,
                     Py_ssize_t size, Py_ssize_t *j)
{
    if (isnan(x)) {
        return x;
    }
    if (x >= xp[size - 1]) {
        return fp[size - 1];
    }
    if (x < xp[0]) {
        return fp[0];
    }
    Py_ssize_t at = *j;
    if (at > size - 2) {
        at = size - 2;
    }
    while (at < size - 2 && xp[at + 1] <= x) {
        at++;
    }
    while (at > 0 && xp[at] > x) {
        at--;
    }
    *j = at;
    if (x == xp[at]) {
        return fp[at];
    }
    double slope = slopes[at];
    double value = slope * (x - xp[at]) + fp[at];
    if (isnan(value)) {
        value = slope * (x - xp[at + 1]) + fp[at + 1];
        if (isnan(value) && fp[at] == fp[at + 1]) {
            value = fp[at];
        }
    }
    return value;
}

typedef struct {
    double voltage, surface, held, anode, depth;
} Point;

/* One point of design r at charge q (mAh/cm2 passed): solver._Batch.at. */
static Point point_at(const Batch *b, Py_ssize_t r, double q, Py_ssize_t *knot,
                      Py_ssize_t *anode_knot)
{
    const double *c = b->columns;
    Py_ssize_t d = b->d;
    double sign = c[SIGN * d + r];
    double root = sqrt(q);
    double lag = 0.0;
    for (Py_ssize_t a = 0; a < b->m; a++) {
        double position = root * b->lag[a * d + r];
        double last = (double)b->n - 1e-9;
        if (!(position < last)) {
            position = last; /* (a NaN too: an index must stay in the table) */
        }
        if (!(position >= 0.0)) {
            position = 0.0;
        }
        Py_ssize_t index = (Py_ssize_t)position;
        double shape = b->rise[index] * (position - (double)index) + b->start[index];
        double term = shape * b->lag[(b->m + a) * d + r];
        lag = a == 0 ? term : lag + term;
    }
    Point p;
    p.held = c[START * d + r] + sign * q;
    p.surface = p.held + sign * lag;
    const double *held = b->held + r * b->g;
    double query = p.surface;
    if (query < held[0]) {
        query = held[0];
    }
    if (query > held[b->g - 1]) {
        query = held[b->g - 1];
    }
    double surface = interp(query, held, b->potentials, b->held_slopes, b->g, knot);
    if (b->flat_anode) {
        p.anode = b->anode_y[0];
    } else {
        double lithiation = (c[ANODE_START * d + r] - sign * q) / c[ANODE_FULL * d + r];
        p.anode = interp(lithiation, b->anode_x, b->anode_y, b->anode_slopes, b->k, anode_knot);
    }
    p.depth = q * c[INVERSE_REACH * d + r];
    if (p.depth > 1.0) {
        p.depth = 1.0;
    }
    double ohmic = p.depth * c[SLOPE * d + r] + c[CONSTANT * d + r];
    p.voltage = (surface - p.anode) - sign * ohmic;
    return p;
}

typedef struct {
    double crossing;
    int reached;
    Py_ssize_t after;
    Py_ssize_t index; /* the first point at or past the end */
} Crossing;

/* solver._first_crossing of one row, from the margins of the point before the crossing and
 * the point at it (linear in the square root of the charge between them). */
static Crossing crossing_between(double before, double at, double q_before, double q_at,
                                 Py_ssize_t index)
{
    Crossing out;
    out.reached = 1;
    out.index = index;
    out.after = index < 1 ? 1 : index;
    if (index == 0) {
        out.crossing = q_at;
        return out;
    }
    double drop = before - at;
    double part = drop > 0.0 ? before / drop : 0.0;
    part = part < 0.0 ? 0.0 : (part > 1.0 ? 1.0 : part);
    double r0 = sqrt(q_before), r1 = sqrt(q_at);
    double root = r0 + part * (r1 - r0);
    out.crossing = root * root;
    return out;
}

/* A pass of design r over the charges q (rising): the first crossings of the voltage's and the
 * cathode's margins. It stops at the cut-off's crossing, or one point past the cathode's (to
 * see the cut-off reached at the same charge): a crossing after those only ends the curve
 * later, so the end and what limits it are numpy_passes' (the charge of the later crossing
 * itself is not looked for, and is left at the last point's, like one never reached). */
static void find_ends(const Batch *b, Py_ssize_t r, double *q, Py_ssize_t count,
                      Crossing *by_cutoff, Crossing *by_cathode)
{
    const double *c = b->columns;
    Py_ssize_t d = b->d;
    double sign = c[SIGN * d + r], cutoff = c[CUTOFF * d + r], limit = c[LIMIT * d + r];
    Py_ssize_t knot = 0, anode_knot = 0;
    double last_voltage = 0.0, last_cathode = 0.0;
    by_cutoff->reached = by_cathode->reached = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        Point p = point_at(b, r, q[i], &knot, &anode_knot);
        double voltage = sign * (p.voltage - cutoff);
        double cathode = sign * (limit - p.surface);
        if (!by_cutoff->reached && voltage <= 0.0) {
            *by_cutoff = crossing_between(last_voltage, voltage, i ? q[i - 1] : q[0], q[i], i);
        }
        if (!by_cathode->reached && cathode <= 0.0) {
            *by_cathode = crossing_between(last_cathode, cathode, i ? q[i - 1] : q[0], q[i], i);
        }
        if (by_cutoff->reached || (by_cathode->reached && i > by_cathode->index)) {
            break;
        }
        last_voltage = voltage;
        last_cathode = cathode;
    }
    Crossing none = {q[count - 1], 0, count - 1, count - 1};
    if (!by_cutoff->reached) {
        *by_cutoff = none;
    }
    if (!by_cathode->reached) {
        *by_cathode = none;
    }
}

/* The sum of a row the way numpy's pairwise summation adds it (blocks of 8 partial sums, halved
 * above 128 values), so that the energies agree with the numpy passes to the last bits. */
static double pairwise_sum(const double *a, Py_ssize_t n)
{
    if (n < 8) {
        double res = -0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int i = 0; i < 8; i++) {
            r[i] = a[i];
        }
        Py_ssize_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int k = 0; k < 8; k++) {
                r[k] += a[i + k];
            }
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    Py_ssize_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

static double trapezoid(const double *row, Py_ssize_t count, double step)
{
    return step * (pairwise_sum(row, count) - 0.5 * (row[0] + row[count - 1]));
}

/* Design r's three passes: curve_kernel after start_batch. */
static void design_passes(const Batch *b, Py_ssize_t r, const double *coarse, Py_ssize_t nc,
                          const double *refine, Py_ssize_t nr, const double *grid, Py_ssize_t p,
                          double *scratch, double *points, double *ends)
{
    const double *c = b->columns;
    Py_ssize_t d = b->d;
    double reach = c[REACH * d + r];
    slopes_of(b->held + r * b->g, b->potentials, b->g, b->held_slopes);
    double *first = scratch, *fine = scratch + nc;
    for (Py_ssize_t i = 0; i < nc; i++) {
        first[i] = reach * coarse[i];
    }
    Crossing cutoff, cathode;
    find_ends(b, r, first, nc, &cutoff, &cathode);
    double by_cutoff = cutoff.crossing, by_cathode = cathode.crossing;
    int cut = cutoff.reached, emptied = cathode.reached;
    /* Refine between the two points around the earlier end. */
    Py_ssize_t after = by_cutoff <= by_cathode ? cutoff.after : cathode.after;
    double low = sqrt(first[after - 1]), high = sqrt(first[after]);
    for (Py_ssize_t i = 0; i < nr; i++) {
        double root = low + (high - low) * refine[i];
        fine[i] = root * root;
    }
    find_ends(b, r, fine, nr, &cutoff, &cathode);
    if (cutoff.reached) {
        by_cutoff = cutoff.crossing;
    }
    if (cathode.reached) {
        by_cathode = cathode.crossing;
    }
    cut |= cutoff.reached;
    emptied |= cathode.reached;
    double delivered = by_cutoff < by_cathode ? by_cutoff : by_cathode;
    if (isnan(by_cutoff) || isnan(by_cathode)) {
        delivered = NAN;
    }
    /* The last pass lays the points up to the end. */
    Py_ssize_t plane = d * p;
    double *row = points + r * p;
    Py_ssize_t knot = 0, anode_knot = 0, open_knot = 0;
    const double *held = b->held + r * b->g;
    for (Py_ssize_t i = 0; i < p; i++) {
        double q = delivered * grid[i];
        Point at = point_at(b, r, q, &knot, &anode_knot);
        row[CHARGE * plane + i] = q;
        row[VOLTAGE * plane + i] = at.voltage;
        row[OPEN_CIRCUIT * plane + i] =
            interp(at.held, held, b->potentials, b->held_slopes, b->g, &open_knot) - at.anode;
        row[ANODE * plane + i] = at.anode;
        row[DEPTH * plane + i] = at.depth;
    }
    double step = delivered / (double)(p - 1);
    ends[BY_CUTOFF * d + r] = by_cutoff;
    ends[BY_CATHODE * d + r] = by_cathode;
    ends[CUT * d + r] = cut;
    ends[EMPTIED * d + r] = emptied;
    ends[DELIVERED * d + r] = delivered;
    ends[ENERGY * d + r] = trapezoid(row + VOLTAGE * plane, p, step);
    ends[ANODE_ENERGY * d + r] = b->flat_anode ? b->anode_y[0] * delivered
                                               : trapezoid(row + ANODE * plane, p, step);
}

#define BUFFERS 13

static PyObject *passes(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer v[BUFFERS];
    memset(v, 0, sizeof(v));
    int flat_anode = 0;
    Py_ssize_t first = 0, stop = PY_SSIZE_T_MAX;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*py*y*y*y*y*w*w*|nn", &v[0], &v[1], &v[2], &v[3],
                          &v[4], &v[5], &flat_anode, &v[6], &v[7], &v[8], &v[9], &v[10],
                          &v[11], &v[12], &first, &stop)) {
        return NULL;
    }
    PyObject *result = NULL;
    for (int i = 0; i < BUFFERS; i++) {
        if (v[i].len % (Py_ssize_t)sizeof(double) != 0) {
            PyErr_SetString(PyExc_ValueError, "passes: every buffer holds float64 values");
            goto done;
        }
    }
#define LEN(i) (v[i].len / (Py_ssize_t)sizeof(double))
    Batch b;
    b.d = LEN(0) / COLUMNS;
    b.g = LEN(3);
    b.k = LEN(4);
    b.n = LEN(6);
    b.m = b.d ? LEN(1) / (2 * b.d) : 0;
    Py_ssize_t nc = LEN(8), nr = LEN(9), p = LEN(10);
    if (LEN(0) != COLUMNS * b.d || b.m < 1 || LEN(1) != 2 * b.m * b.d || b.g < 2 ||
        LEN(2) != b.d * b.g || LEN(5) != b.k || b.k < 1 || LEN(7) != b.n || b.n < 1 ||
        nc < 2 || nr < 2 || p < 2 || LEN(11) != POINT_ROWS * b.d * p ||
        LEN(12) != END_ROWS * b.d) {
        PyErr_SetString(PyExc_ValueError, "passes: the buffers' sizes do not agree");
        goto done;
    }
#undef LEN
    if (stop > b.d) {
        stop = b.d;
    }
    if (first < 0 || first > stop) {
        PyErr_SetString(PyExc_ValueError, "passes: rows first to stop are not in the batch");
        goto done;
    }
    b.columns = v[0].buf;
    b.lag = v[1].buf;
    b.held = v[2].buf;
    b.potentials = v[3].buf;
    b.anode_x = v[4].buf;
    b.anode_y = v[5].buf;
    b.flat_anode = flat_anode;
    b.start = v[6].buf;
    b.rise = v[7].buf;
    double *scratch = PyMem_RawMalloc((size_t)(nc + nr + b.g + b.k) * sizeof(double));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    b.held_slopes = scratch + nc + nr;
    b.anode_slopes = b.held_slopes + b.g;
    Py_BEGIN_ALLOW_THREADS
    slopes_of(b.anode_x, b.anode_y, b.k, b.anode_slopes);
    for (Py_ssize_t r = first; r < stop; r++) {
        design_passes(&b, r, v[8].buf, nc, v[9].buf, nr, v[10].buf, p, scratch, v[11].buf,
                      v[12].buf);
    }
    Py_END_ALLOW_THREADS
    PyMem_RawFree(scratch);
    result = Py_NewRef(Py_None);
done:
    for (int i = 0; i < BUFFERS; i++) {
        if (v[i].obj != NULL) {
            PyBuffer_Release(&v[i]);
        }
    }
    return result;
}

static PyMethodDef methods[] = {
    {"passes", passes, METH_VARARGS, "The point passes of a batch of voltage curves."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_passes", "Voltage curves' point passes, compiled.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__passes(void)
{
    return PyModule_Create(&module);
}
