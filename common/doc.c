/*
 * doc — building documents, and the table layout both renderers share: column
 * widths from the content (natural width, longest word, spans) and the split of
 * a too-wide table into column groups.  See doc.h for the model's contract.
 */
#include "doc-internal.h"
#include "log.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Untrusted text (a homework, a name) becomes inert here, once: no control
 * character but '\n' reaches a renderer, invalid UTF-8 becomes U+FFFD. */
static char *clean(const char *s)
{
    if (!s)
        return xstrdup("");
    char *t = utf8_inert(s, true);
    for (char *p = t; *p; p++)
        if (*p == '\t')
            *p = ' ';
    return t;
}

struct doc *doc_new(const char *title, enum doc_orient orient)
{
    struct doc *d = xcalloc(1, sizeof *d);
    d->title = clean(title);
    d->orient = orient;
    return d;
}

const char *doc_title(const struct doc *d)
{
    return d->title;
}

static void table_free(struct doc_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows; i++) {
        for (int j = 0; j < t->rows[i].ncells; j++)
            free(t->rows[i].cells[j].text);
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t->cols);
    free(t);
}

void doc_free(struct doc *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nblocks; i++) {
        free(d->blocks[i].a);
        free(d->blocks[i].b);
        table_free(d->blocks[i].table);
    }
    free(d->blocks);
    free(d->title);
    free(d);
}

static struct doc_block *add_block(struct doc *d, enum doc_kind kind)
{
    if (d->nblocks == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->blocks = xreallocarray(d->blocks, (size_t)d->cap, sizeof *d->blocks);
    }
    struct doc_block *b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void doc_heading(struct doc *d, const char *text)
{
    add_block(d, DOC_B_HEADING)->a = clean(text);
}

void doc_field(struct doc *d, const char *label, const char *value)
{
    struct doc_block *b = add_block(d, DOC_B_FIELD);
    b->a = clean(label);
    b->b = clean(value);
}

void doc_note(struct doc *d, const char *text)
{
    add_block(d, DOC_B_NOTE)->a = clean(text);
}

void doc_signature(struct doc *d, const char *label, const char *name)
{
    struct doc_block *b = add_block(d, DOC_B_SIGNATURE);
    b->a = clean(label);
    b->b = clean(name);
}

void doc_page_break(struct doc *d, enum doc_orient orient)
{
    add_block(d, DOC_B_PAGE)->orient = orient;
}

struct doc_table *doc_table(struct doc *d, int ncols, int nfixed)
{
    if (ncols < 1 || nfixed < 0 || nfixed > ncols)
        fatal("doc_table: %d columns, %d fixed", ncols, nfixed);
    struct doc_table *t = xcalloc(1, sizeof *t);
    t->ncols = ncols;
    t->nfixed = nfixed;
    t->cols = xcalloc((size_t)ncols, sizeof *t->cols);
    add_block(d, DOC_B_TABLE)->table = t;
    return t;
}

void doc_table_col(struct doc_table *t, int c, enum doc_align align, unsigned flags, int min_chars)
{
    if (c < 0 || c >= t->ncols)
        fatal("doc_table_col: column %d of %d", c, t->ncols);
    t->cols[c].align = align;
    t->cols[c].flags = flags;
    t->cols[c].min_chars = min_chars;
}

void doc_table_small(struct doc_table *t)
{
    t->small = true;
}

void doc_table_ruled(struct doc_table *t)
{
    t->ruled = true;
}

void doc_table_dense(struct doc_table *t)
{
    t->dense = true;
}

static void add_row(struct doc_table *t, bool header)
{
    if (header && t->nrows > t->nheader)
        fatal("doc_table_header_row after a body row");
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->rows = xreallocarray(t->rows, (size_t)t->cap, sizeof *t->rows);
    }
    struct doc_row *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    r->header = header;
    if (header)
        t->nheader++;
    t->nextcol = 0;
}

void doc_table_header_row(struct doc_table *t)
{
    add_row(t, true);
}

void doc_table_row(struct doc_table *t)
{
    add_row(t, false);
}

int doc_table_nrows(const struct doc_table *t)
{
    return t->nrows - t->nheader;
}

void doc_table_cell_align(struct doc_table *t, const char *text, int span, enum doc_align align)
{
    if (t->nrows == 0)
        fatal("doc_table_cell before a row");
    if (span < 1 || t->nextcol + span > t->ncols)
        fatal("doc_table_cell: span %d at column %d of %d", span, t->nextcol, t->ncols);
    struct doc_row *r = &t->rows[t->nrows - 1];
    r->cells = xreallocarray(r->cells, (size_t)r->ncells + 1, sizeof *r->cells);
    struct doc_cell *c = &r->cells[r->ncells++];
    c->text = clean(text);
    c->col = t->nextcol;
    c->span = span;
    c->align = align;
    t->nextcol += span;
}

void doc_table_cell_span(struct doc_table *t, const char *text, int span)
{
    enum doc_align a = t->nextcol < t->ncols ? t->cols[t->nextcol].align : DOC_LEFT;
    if (span > 1 || (t->nrows > 0 && t->rows[t->nrows - 1].header))
        a = DOC_CENTER;
    doc_table_cell_align(t, text, span, a);
}

void doc_table_cell(struct doc_table *t, const char *text)
{
    doc_table_cell_span(t, text, 1);
}

void doc_table_cellf(struct doc_table *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    doc_table_cell(t, s);
    free(s);
}

/* ------------------------------------------------------------------ layout */

int doc_sel_pos(const int *sel, int nsel, int c)
{
    for (int i = 0; i < nsel; i++)
        if (sel[i] == c)
            return i;
    return -1;
}

bool doc_cell_in(const struct doc_cell *cell, const int *sel, int nsel, int *pos, int *count)
{
    int first = -1, n = 0;
    for (int i = 0; i < nsel; i++)
        if (sel[i] >= cell->col && sel[i] < cell->col + cell->span) {
            if (first < 0)
                first = i;
            n++;
        }
    *pos = first;
    *count = n;
    return n > 0;
}

int doc_group_cols(const struct doc_table *t, const struct doc_group *g, int *sel)
{
    int n = 0;
    for (int c = 0; c < t->nfixed; c++)
        sel[n++] = c;
    for (int c = g->first; c < g->last; c++)
        sel[n++] = c;
    return n;
}

/* Whole columns without libm (the programs do not link it): widths are small and
 * never negative here. */
static double floor_pos(double x)
{
    return x <= 0 ? 0 : (double)(long long)x;
}

static double ceil_pos(double x)
{
    double f = floor_pos(x);
    return f < x ? f + 1 : f;
}

static double unit(const struct doc_measure *m, double w)
{
    return m->integral ? ceil_pos(w - 1e-9) : w;
}

/* Natural and minimum content width of every column from its one-column cells. */
static void col_extents(const struct doc_table *t, const struct doc_measure *m, double *nat,
                        double *min)
{
    for (int c = 0; c < t->ncols; c++) {
        double mc = unit(m, t->cols[c].min_chars * m->char_w);
        nat[c] = mc;
        min[c] = mc;
    }
    for (int i = 0; i < t->nrows; i++)
        for (int j = 0; j < t->rows[i].ncells; j++) {
            const struct doc_cell *cell = &t->rows[i].cells[j];
            if (cell->span != 1 || !*cell->text)
                continue;
            double n = unit(m, m->width(m->ud, cell->text, false));
            double w = unit(m, m->width(m->ud, cell->text, true));
            if (n > nat[cell->col])
                nat[cell->col] = n;
            if (w > min[cell->col])
                min[cell->col] = w;
        }
    for (int c = 0; c < t->ncols; c++) {
        if (min[c] < unit(m, m->char_w))
            min[c] = unit(m, m->char_w);
        if (nat[c] < min[c])
            nat[c] = min[c];
    }
}

int doc_groups(const struct doc_table *t, double avail, const struct doc_measure *m,
               struct doc_group **out)
{
    int nc = t->ncols;
    double *nat = xcalloc((size_t)nc, sizeof *nat), *min = xcalloc((size_t)nc, sizeof *min);
    bool *cut = xcalloc((size_t)nc + 1, sizeof *cut);
    col_extents(t, m, nat, min);
    for (int b = 0; b <= nc; b++)
        cut[b] = true;
    for (int i = 0; i < t->nrows; i++)
        for (int j = 0; j < t->rows[i].ncells; j++) {
            const struct doc_cell *cell = &t->rows[i].cells[j];
            for (int b = cell->col + 1; b < cell->col + cell->span; b++)
                cut[b] = false;
        }
    /* The repeated columns (number, name) keep their natural width when they can:
     * a name wrapped over two lines doubles the height of a grid. */
    double fixed = 0, fixed_nat = 0;
    for (int c = 0; c < t->nfixed; c++) {
        fixed += min[c] + m->pad;
        fixed_nat += nat[c] + m->pad;
    }
    if (fixed_nat <= avail / 2)
        fixed = fixed_nat;
    struct doc_group *g = xcalloc((size_t)nc + 1, sizeof *g);
    int ng = 0;
    int s = t->nfixed;
    if (s >= nc)
        g[ng++] = (struct doc_group){ s, s };
    while (s < nc) {
        double acc = fixed;
        int e = s, lastcut = -1;
        while (e < nc) {
            if (acc + min[e] + m->pad > avail && e > s)
                break;
            acc += min[e] + m->pad;
            e++;
            if (e < nc && cut[e])
                lastcut = e;
        }
        if (e < nc && !cut[e] && lastcut > s)
            e = lastcut;
        g[ng++] = (struct doc_group){ s, e };
        s = e;
    }
    free(nat);
    free(min);
    free(cut);
    *out = g;
    return ng;
}

/* Spread `extra` over the entries of w selected by want[] (all if none is),
 * in proportion to weight[] (equally when the weights are all zero). */
static void spread(double *w, int n, double extra, const bool *want, const double *weight,
                   bool integral)
{
    bool any = false;
    for (int i = 0; i < n; i++)
        any |= want[i];
    double total = 0;
    int cnt = 0;
    for (int i = 0; i < n; i++)
        if (!any || want[i]) {
            total += weight ? weight[i] : 0;
            cnt++;
        }
    if (cnt == 0 || extra <= 0)
        return;
    double given = 0;
    int last = -1;
    for (int i = 0; i < n; i++) {
        if (any && !want[i])
            continue;
        double share = total > 0 ? extra * weight[i] / total : extra / cnt;
        if (integral)
            share = floor_pos(share);
        w[i] += share;
        given += share;
        last = i;
    }
    if (integral && last >= 0) {
        /* The rounding remainder, one column at a time from the right. */
        long rest = (long)floor_pos(extra - given + 0.5);
        for (int i = n - 1; rest > 0; i = i == 0 ? n - 1 : i - 1)
            if (!any || want[i]) {
                w[i] += 1;
                rest--;
            }
    }
}

void doc_widths(const struct doc_table *t, const int *sel, int nsel, double avail,
                const struct doc_measure *m, bool fill, double *w)
{
    double *natc = xcalloc((size_t)t->ncols, sizeof *natc);
    double *minc = xcalloc((size_t)t->ncols, sizeof *minc);
    col_extents(t, m, natc, minc);
    double *nat = xcalloc((size_t)nsel, sizeof *nat), *min = xcalloc((size_t)nsel, sizeof *min);
    bool *stretch = xcalloc((size_t)nsel, sizeof *stretch);
    for (int i = 0; i < nsel; i++) {
        nat[i] = natc[sel[i]];
        min[i] = minc[sel[i]];
        stretch[i] = (t->cols[sel[i]].flags & DOC_COL_STRETCH) != 0;
    }
    /* Spanning cells: their columns together must hold their text. */
    for (int r = 0; r < t->nrows; r++)
        for (int j = 0; j < t->rows[r].ncells; j++) {
            const struct doc_cell *cell = &t->rows[r].cells[j];
            int pos, k;
            if (cell->span == 1 || !*cell->text || !doc_cell_in(cell, sel, nsel, &pos, &k))
                continue;
            double cn = unit(m, m->width(m->ud, cell->text, false));
            double cw = unit(m, m->width(m->ud, cell->text, true));
            double sn = (k - 1) * m->pad, sm = (k - 1) * m->pad;
            for (int i = pos; i < pos + k; i++) {
                sn += nat[i];
                sm += min[i];
            }
            if (cw > sm) {
                double add = unit(m, (cw - sm) / k);
                for (int i = pos; i < pos + k; i++)
                    min[i] += add;
                sn += add * k;
            }
            if (cn > sn) {
                double add = unit(m, (cn - sn) / k);
                for (int i = pos; i < pos + k; i++)
                    nat[i] += add;
            }
        }
    for (int i = 0; i < nsel; i++)
        if (nat[i] < min[i])
            nat[i] = min[i];
    double room = avail - nsel * m->pad;
    double snat = 0, smin = 0;
    for (int i = 0; i < nsel; i++) {
        snat += nat[i];
        smin += min[i];
    }
    bool *none = xcalloc((size_t)nsel, sizeof *none);
    if (snat <= room) {
        memcpy(w, nat, (size_t)nsel * sizeof *w);
        bool any = false;
        for (int i = 0; i < nsel; i++)
            any |= stretch[i];
        if (any)
            spread(w, nsel, room - snat, stretch, NULL, m->integral);
        else if (fill) {
            bool *lastonly = xcalloc((size_t)nsel, sizeof *lastonly);
            lastonly[nsel - 1] = true;
            spread(w, nsel, room - snat, lastonly, NULL, m->integral);
            free(lastonly);
        }
    } else if (smin <= room) {
        /* From the longest words up: the narrow columns (numbers, subjects) get
         * their natural width first, the stretching ones (homework) the rest. */
        double *give = xcalloc((size_t)nsel, sizeof *give);
        double want_fixed = 0;
        bool any = false;
        for (int i = 0; i < nsel; i++) {
            any |= stretch[i];
            if (!stretch[i])
                want_fixed += nat[i] - min[i];
        }
        memcpy(w, min, (size_t)nsel * sizeof *w);
        double extra = room - smin;
        if (any && want_fixed <= extra) {
            for (int i = 0; i < nsel; i++)
                if (!stretch[i])
                    w[i] = nat[i];
            for (int i = 0; i < nsel; i++)
                give[i] = stretch[i] ? nat[i] - min[i] : 0;
            spread(w, nsel, extra - want_fixed, stretch, give, m->integral);
        } else {
            for (int i = 0; i < nsel; i++)
                give[i] = nat[i] - min[i];
            spread(w, nsel, extra, none, give, m->integral);
        }
        free(give);
    } else {
        /* Not even the longest words fit: scale down, words get broken. */
        double f = room / smin;
        double sum = 0;
        for (int i = 0; i < nsel; i++) {
            w[i] = m->integral ? floor_pos(min[i] * f) : min[i] * f;
            if (w[i] < (m->integral ? 1 : m->char_w))
                w[i] = m->integral ? 1 : m->char_w;
            sum += w[i];
        }
        if (m->integral && sum < room)
            spread(w, nsel, room - sum, none, min, true);
        /* Columns raised to one character may still overflow: take from the widest. */
        while (m->integral && sum > room) {
            int widest = 0;
            for (int i = 1; i < nsel; i++)
                if (w[i] > w[widest])
                    widest = i;
            if (w[widest] <= 1)
                break;
            w[widest] -= 1;
            sum -= 1;
        }
    }
    free(none);
    free(nat);
    free(min);
    free(stretch);
    free(natc);
    free(minc);
}
