/*
 * doc-pdf — the PDF renderer: cairo + pango, A4 portrait or landscape per page,
 * DejaVu Sans embedded (cairo subsets the fonts it uses), text that can be
 * searched and copied.  fontconfig silently substitutes a missing font, so the
 * renderer checks that the family it got is DejaVu Sans and refuses otherwise
 * (install fonts-dejavu-core).
 *
 * Tables: every cell boxed (the boxes drawn as the lines they make, see "rules");
 * header rows repeat at the top of every page a table continues on; a table wider
 * than the page is drawn in column groups (doc.c).  Widths are measured once per
 * distinct string, and a cell's layout is shaped once per distinct (font, width,
 * alignment, text) and reused, since a school's weekly reports (hundreds of pages)
 * repeat the same subjects and homework on every page.  A long document is
 * rendered by two processes, a half each, and joined (render_split, pdf-join.c).
 */
#include "doc-internal.h"
#include "i18n.h"
#include "pdf-join.h"
#include "xmalloc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PT_MM (72.0 / 25.4)
#define A4_W (210 * PT_MM)
#define A4_H (297 * PT_MM)
#define MARGIN_L (15 * PT_MM)
#define MARGIN_R (10 * PT_MM)
#define MARGIN_T (10 * PT_MM)
#define MARGIN_B (12 * PT_MM)
#define CELL_PX 2.0  /* horizontal padding of a cell, each side */
#define CELL_PY 1.2  /* vertical padding */
#define GRID_PY 3.0  /* vertical padding of small-type grids: rows a finger can follow */
#define FONT_FAMILY "DejaVu Sans"

enum font { F_BODY, F_SMALL, F_HEAD, F_NFONTS };

struct lentry {
    char *key;
    PangoLayout *lay;
    double h;
};

struct mentry {
    char *key; /* font byte + text */
    double nat, word;
};

/* A rule of a table: horizontal (at y = at, from a to b) or vertical (x = at). */
struct seg {
    double at, a, b;
};

struct pr {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    PangoFontMap *fm;
    PangoFontDescription *fd[F_NFONTS];
    PangoLayout *lay;     /* measuring, page numbers */
    /* No hyphen inserted where a word is broken: cairo's PDF text clusters then
     * no longer match the text and the whole page fails ("not valid UTF-8"). */
    PangoAttrList *attrs;
    /* Laid-out cells by (font, width, alignment, text): a class's weekly reports
     * repeat the same subjects and homework on every page, shaped once. */
    struct lentry *lc;
    size_t lcap, ln;
    enum doc_orient orient;
    int first_page;       /* pages before this process's first (render_split) */
    double pw, ph, y;
    bool dirty;           /* something drawn on the current page */
    int page;
    /* measurement cache: open addressing */
    struct mentry *mc;
    size_t mcap, mn;
    enum font mfont;      /* font measured by measure_cb */
    /* The table rules drawn since the last flush (grid_flush), as merged lines. */
    struct seg *hs, *vs;
    size_t nh, hcap, nv, vcap;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static double content_w(const struct pr *p)
{
    return p->pw - MARGIN_L - MARGIN_R;
}

static double bottom(const struct pr *p)
{
    return p->ph - MARGIN_B;
}

static void footer(struct pr *p)
{
    if (!p->cr)
        return; /* a dry run (render_split) */
    char num[32];
    snprintf(num, sizeof num, "– %d –", p->page);
    pango_layout_set_font_description(p->lay, p->fd[F_SMALL]);
    pango_layout_set_width(p->lay, -1);
    pango_layout_set_text(p->lay, num, -1);
    int w, h;
    pango_layout_get_size(p->lay, &w, &h);
    cairo_move_to(p->cr, (p->pw - (double)w / PANGO_SCALE) / 2, p->ph - MARGIN_B / 2 - 4);
    pango_cairo_show_layout(p->cr, p->lay);
}

static void grid_flush(struct pr *p);
static void lcache_clear(struct pr *p);

static void page_start(struct pr *p, enum doc_orient o)
{
    grid_flush(p);
    if (p->dirty) {
        footer(p);
        if (p->cr)
            cairo_show_page(p->cr);
        p->dirty = false;
    }
    if (o != p->orient || p->page == p->first_page) {
        p->orient = o;
        p->pw = o == DOC_LANDSCAPE ? A4_H : A4_W;
        p->ph = o == DOC_LANDSCAPE ? A4_W : A4_H;
        if (p->surf)
            cairo_pdf_surface_set_size(p->surf, p->pw, p->ph);
    }
    if (p->ln >= 50000)
        lcache_clear(p); /* a bound on memory for very long documents; no layout is
                          * held across a page start (see shaped) */
    p->page++;
    p->y = MARGIN_T;
}

static void new_page(struct pr *p)
{
    page_start(p, p->orient);
}

/* Lay out text in `lay` with font f, width w (< 0: unwrapped); returns the height. */
static double set_text(struct pr *p, PangoLayout *lay, enum font f, const char *text, double w,
                       enum doc_align a, bool markup)
{
    pango_layout_set_font_description(lay, p->fd[f]);
    pango_layout_set_width(lay, w < 0 ? -1 : (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(lay, a == DOC_CENTER  ? PANGO_ALIGN_CENTER
                                    : a == DOC_RIGHT ? PANGO_ALIGN_RIGHT
                                                     : PANGO_ALIGN_LEFT);
    if (markup) {
        pango_layout_set_markup(lay, text, -1);
    } else {
        pango_layout_set_text(lay, text, -1);
        pango_layout_set_attributes(lay, p->attrs);
    }
    int lw, lh;
    pango_layout_get_size(lay, &lw, &lh);
    return (double)lh / PANGO_SCALE;
}

static void show(struct pr *p, PangoLayout *lay, double x, double y)
{
    if (p->cr) {
        cairo_move_to(p->cr, x, y);
        pango_cairo_show_layout(p->cr, lay);
    }
    p->dirty = true;
}

/* ------------------------------------------------------------------ caches
 *
 * Keys are a short prefix (font, and for layouts the alignment, markup and width)
 * followed by the text; a lookup hashes and compares the two parts in place and
 * allocates only for a new entry.
 */

static uint64_t hash(const char *pre, const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *pre; pre++)
        h = (h ^ (unsigned char)*pre) * 1099511628211ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static bool key_eq(const char *key, const char *pre, size_t npre, const char *s)
{
    return strncmp(key, pre, npre) == 0 && strcmp(key + npre, s) == 0;
}

/* Grow an open-addressing table of entries of `size` bytes whose first member is their
 * key (char *, NULL when the slot is free) to twice its capacity, `first` when empty:
 * every entry rehashed.  Returns the new table; *cap is its capacity. */
static void *grow(void *tab, size_t *cap, size_t size, size_t first)
{
    size_t ncap = *cap ? *cap * 2 : first;
    char *n = xcalloc(ncap, size);
    for (size_t i = 0; i < *cap; i++) {
        const char *e = (const char *)tab + i * size;
        const char *key = *(char *const *)e;
        if (!key)
            continue;
        size_t j = hash("", key) & (ncap - 1);
        while (*(char *const *)(n + j * size))
            j = (j + 1) & (ncap - 1);
        memcpy(n + j * size, e, size);
    }
    free(tab);
    *cap = ncap;
    return n;
}

static void lcache_clear(struct pr *p)
{
    for (size_t i = 0; i < p->lcap; i++)
        if (p->lc[i].key) {
            free(p->lc[i].key);
            g_object_unref(p->lc[i].lay);
        }
    free(p->lc);
    p->lc = NULL;
    p->lcap = p->ln = 0;
}

/*
 * Text laid out in font f, width w (< 0: unwrapped), alignment a, as markup or
 * plain text: from the cache or made now.  The layout belongs to the cache and
 * stays valid until the next page starts (page_start may empty the cache).
 */
static struct lentry *shaped(struct pr *p, enum font f, const char *text, double w,
                             enum doc_align a, bool markup)
{
    if (p->ln * 2 >= p->lcap)
        p->lc = grow(p->lc, &p->lcap, sizeof *p->lc, 4096);
    char pre[48];
    int npre = snprintf(pre, sizeof pre, "%c%c%c%.2f|", 'a' + (int)f, 'a' + (int)a,
                        markup ? 'm' : 't', w);
    size_t j = hash(pre, text) & (p->lcap - 1);
    while (p->lc[j].key) {
        if (key_eq(p->lc[j].key, pre, (size_t)npre, text))
            return &p->lc[j];
        j = (j + 1) & (p->lcap - 1);
    }
    struct lentry *e = &p->lc[j];
    e->key = xasprintf("%s%s", pre, text);
    e->lay = pango_layout_new(p->pc);
    e->h = set_text(p, e->lay, f, text, w, a, markup);
    p->ln++;
    return e;
}

/* A paragraph across the page width; a new page first when it does not fit.  The
 * same headings, fields and signatures recur on every page of a class's reports:
 * shaped once. */
static void paragraph(struct pr *p, enum font f, const char *text, enum doc_align a, bool markup,
                      double before, double after)
{
    struct lentry *e = shaped(p, f, text, content_w(p), a, markup);
    if (p->dirty && p->y + before + e->h > bottom(p)) {
        new_page(p);
        e = shaped(p, f, text, content_w(p), a, markup);
    } else if (p->dirty) {
        p->y += before;
    }
    show(p, e->lay, MARGIN_L, p->y);
    p->y += e->h + after;
}

/* ------------------------------------------------------------------ measuring */

static double raw_width(struct pr *p, enum font f, const char *text, size_t n)
{
    pango_layout_set_font_description(p->lay, p->fd[f]);
    pango_layout_set_width(p->lay, -1);
    pango_layout_set_text(p->lay, text, (int)n);
    pango_layout_set_attributes(p->lay, p->attrs);
    int w, h;
    pango_layout_get_size(p->lay, &w, &h);
    return (double)w / PANGO_SCALE;
}

static struct mentry *measure(struct pr *p, enum font f, const char *text)
{
    if (p->mn * 2 >= p->mcap)
        p->mc = grow(p->mc, &p->mcap, sizeof *p->mc, 1024);
    char pre[2] = { (char)('a' + (int)f), 0 };
    size_t j = hash(pre, text) & (p->mcap - 1);
    while (p->mc[j].key) {
        if (key_eq(p->mc[j].key, pre, 1, text))
            return &p->mc[j];
        j = (j + 1) & (p->mcap - 1);
    }
    struct mentry *e = &p->mc[j];
    e->key = xasprintf("%s%s", pre, text);
    p->mn++;
    e->nat = raw_width(p, f, text, strlen(text));
    e->word = 0;
    const char *s = text;
    bool spaces = strpbrk(text, " \n") != NULL;
    if (!spaces)
        e->word = e->nat;
    while (spaces && *s) {
        size_t n = strcspn(s, " \n");
        if (n) {
            double w = raw_width(p, f, s, n);
            if (w > e->word)
                e->word = w;
        }
        s += n;
        if (*s)
            s++;
    }
    return e;
}

static double measure_cb(void *ud, const char *text, bool word)
{
    struct pr *p = ud;
    struct mentry *e = measure(p, p->mfont, text);
    /* A hair of slack so that pango never wraps what we measured to fit. */
    return (word ? e->word : e->nat) + 0.5;
}

/* ------------------------------------------------------------------ tables */

struct pgroup {
    const struct doc_table *t;
    int *sel, nsel;
    double *w;  /* content width per position */
    double *x;  /* left edge per position */
    double *xs; /* a row's cell edges (row_draw): nsel + 1 */
    enum font f;
};

struct pcell {
    int pos, k;
    double h;
    PangoLayout *lay; /* NULL: empty */
};

/* Lay out the visible cells of row r into the per-position layouts; returns how
 * many cells and sets *h to the row's height. */
static int row_layout(struct pr *p, const struct pgroup *g, const struct doc_row *r,
                      struct pcell *pc, double *h)
{
    int n = 0, next = 0;
    *h = 0;
    for (int j = 0; j <= r->ncells; j++) {
        int pos = g->nsel, k = 0;
        const struct doc_cell *c = j < r->ncells ? &r->cells[j] : NULL;
        if (c && !doc_cell_in(c, g->sel, g->nsel, &pos, &k))
            continue;
        for (; next < pos; next++)
            pc[n++] = (struct pcell){ next, 1, 0, NULL };
        if (!c)
            break;
        double w = g->x[pos + k - 1] + g->w[pos + k - 1] - g->x[pos];
        pc[n] = (struct pcell){ pos, k, 0, NULL };
        /* Header rows use the body font too: widths were measured in it. */
        if (*c->text) {
            struct lentry *e = shaped(p, g->f, c->text, w, c->align, false);
            pc[n].lay = e->lay;
            pc[n].h = e->h;
        }
        if (pc[n].h > *h)
            *h = pc[n].h;
        n++;
        next = pos + k;
    }
    if (*h < 1)
        *h = set_text(p, p->lay, g->f, "0", -1, DOC_LEFT, false);
    *h += 2 * (g->t->small ? GRID_PY : CELL_PY);
    return n;
}

/* ------------------------------------------------------------------ rules
 *
 * A table's cell boxes are drawn as the lines they make, not as a rectangle a
 * cell: a page of weekly reports has some 40 rows of 6 cells, and as boxes that
 * was 1,500 coordinates a page for cairo to format, which cost more than the
 * text.  The rules of consecutive rows are gathered (grid_row), merged (a column
 * edge becomes one line down the table) and stroked once (grid_flush) before the
 * page ends and after each table.  Square caps stand in for the boxes' mitred
 * corners, so the picture is the same.
 */

static void seg_add(struct seg **v, size_t *n, size_t *cap, double at, double a, double b)
{
    /* The previous row's line continues: extend it. */
    for (size_t i = *n; i-- > 0;) {
        struct seg *s = &(*v)[i];
        if (s->at == at && s->b == a) {
            s->b = b;
            return;
        }
        if (s->at == at && s->a == a && s->b == b)
            return;
    }
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *v = xreallocarray(*v, *cap, sizeof **v);
    }
    (*v)[(*n)++] = (struct seg){ at, a, b };
}

/* The rules of a row of cells whose boxes are [xs[i], xs[i + 1]] x [y, y + h]. */
static void grid_row(struct pr *p, const double *xs, int n, double y, double h)
{
    seg_add(&p->hs, &p->nh, &p->hcap, y, xs[0], xs[n]);
    seg_add(&p->hs, &p->nh, &p->hcap, y + h, xs[0], xs[n]);
    for (int i = 0; i <= n; i++)
        seg_add(&p->vs, &p->nv, &p->vcap, xs[i], y, y + h);
}

static void grid_flush(struct pr *p)
{
    if (!p->nh && !p->nv)
        return;
    cairo_t *cr = p->cr;
    for (size_t i = 0; i < p->nh && cr; i++) {
        cairo_move_to(cr, p->hs[i].a, p->hs[i].at);
        cairo_line_to(cr, p->hs[i].b, p->hs[i].at);
    }
    for (size_t i = 0; i < p->nv && cr; i++) {
        cairo_move_to(cr, p->vs[i].at, p->vs[i].a);
        cairo_line_to(cr, p->vs[i].at, p->vs[i].b);
    }
    if (cr) {
        cairo_set_line_width(cr, 0.5);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
        cairo_stroke(cr);
    }
    p->nh = p->nv = 0;
    p->dirty = true;
}

static void row_draw(struct pr *p, const struct pgroup *g, const struct pcell *pc, int n,
                     double h, bool header)
{
    cairo_t *cr = p->cr;
    /* Cell edges; the row's cells cover its width without gaps (row_layout). */
    double *xs = g->xs;
    for (int i = 0; i < n; i++)
        xs[i] = g->x[pc[i].pos] - CELL_PX;
    xs[n] = g->x[pc[n - 1].pos + pc[n - 1].k - 1] + g->w[pc[n - 1].pos + pc[n - 1].k - 1] + CELL_PX;
    if (header && cr) {
        cairo_rectangle(cr, xs[0], p->y, xs[n] - xs[0], h);
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    grid_row(p, xs, n, p->y, h);
    double py = g->t->small ? GRID_PY : CELL_PY;
    for (int i = 0; i < n; i++) {
        if (!pc[i].lay)
            continue;
        /* Header cells are centred vertically. */
        double dy = header ? (h - 2 * py - pc[i].h) / 2 : 0;
        show(p, pc[i].lay, g->x[pc[i].pos], p->y + py + dy);
    }
    p->dirty = true;
    p->y += h;
}

static void header_draw(struct pr *p, const struct pgroup *g, struct pcell *pc)
{
    for (int r = 0; r < g->t->nheader; r++) {
        double h;
        int n = row_layout(p, g, &g->t->rows[r], pc, &h);
        row_draw(p, g, pc, n, h, true);
    }
}

static double header_height(struct pr *p, const struct pgroup *g, struct pcell *pc)
{
    double hh = 0;
    for (int r = 0; r < g->t->nheader; r++) {
        double h;
        row_layout(p, g, &g->t->rows[r], pc, &h);
        hh += h;
    }
    return hh;
}

static void table(struct pr *p, const struct doc_table *t)
{
    struct pgroup g = { t, NULL, 0, NULL, NULL, NULL, t->small ? F_SMALL : F_BODY };
    p->mfont = g.f;
    struct doc_measure m = { measure_cb, p, 0, 2 * CELL_PX, false };
    m.char_w = measure(p, g.f, "0")->nat;
    struct doc_group *groups;
    int ng = doc_groups(t, content_w(p), &m, &groups);
    g.sel = xcalloc((size_t)t->ncols, sizeof *g.sel);
    g.w = xcalloc((size_t)t->ncols, sizeof *g.w);
    g.x = xcalloc((size_t)t->ncols, sizeof *g.x);
    g.xs = xcalloc((size_t)t->ncols + 1, sizeof *g.xs);
    struct pcell *pc = xcalloc((size_t)t->ncols + 1, sizeof *pc);
    for (int gi = 0; gi < ng; gi++) {
        g.nsel = doc_group_cols(t, &groups[gi], g.sel);
        doc_widths(t, g.sel, g.nsel, content_w(p), &m, false, g.w);
        double x = MARGIN_L + CELL_PX;
        for (int i = 0; i < g.nsel; i++) {
            g.x[i] = x;
            x += g.w[i] + 2 * CELL_PX;
        }
        double hh = header_height(p, &g, pc);
        double first = 0;
        if (t->nrows > t->nheader)
            row_layout(p, &g, &t->rows[t->nheader], pc, &first);
        if (p->dirty && p->y + 6 + hh + first > bottom(p))
            new_page(p);
        else if (p->dirty)
            p->y += 6;
        header_draw(p, &g, pc);
        for (int r = t->nheader; r < t->nrows; r++) {
            double h;
            int n = row_layout(p, &g, &t->rows[r], pc, &h);
            if (p->y + h > bottom(p) && p->y > MARGIN_T + hh + 1) {
                new_page(p);
                header_draw(p, &g, pc);
                n = row_layout(p, &g, &t->rows[r], pc, &h);
            }
            row_draw(p, &g, pc, n, h, false);
        }
    }
    grid_flush(p);
    p->y += 4;
    free(pc);
    free(g.xs);
    free(g.x);
    free(g.w);
    free(g.sel);
    free(groups);
}

/* ------------------------------------------------------------------ document */

static bool write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t k = write(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        s += k;
        n -= (size_t)k;
    }
    return true;
}

static bool read_all(int fd, struct ej_buf *b)
{
    char chunk[65536];
    for (;;) {
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return false;
        if (k == 0)
            return b->len > 0;
        buf_append(b, chunk, (size_t)k);
    }
}

static void pr_free(struct pr *p)
{
    for (size_t i = 0; i < p->mcap; i++)
        free(p->mc[i].key);
    free(p->mc);
    lcache_clear(p);
    free(p->hs);
    free(p->vs);
    if (p->lay)
        g_object_unref(p->lay);
    if (p->attrs)
        pango_attr_list_unref(p->attrs);
    for (int i = 0; i < F_NFONTS; i++)
        if (p->fd[i])
            pango_font_description_free(p->fd[i]);
    if (p->pc)
        g_object_unref(p->pc);
    if (p->fm)
        g_object_unref(p->fm);
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->surf)
        cairo_surface_destroy(p->surf);
}

/* The family fontconfig really gives for FONT_FAMILY: refuse a substitute. */
static bool font_is_dejavu(struct pr *p)
{
    PangoFont *f = pango_font_map_load_font(p->fm, p->pc, p->fd[F_BODY]);
    if (!f)
        return false;
    PangoFontDescription *got = pango_font_describe(f);
    const char *fam = pango_font_description_get_family(got);
    bool ok = fam && strcmp(fam, FONT_FAMILY) == 0;
    pango_font_description_free(got);
    g_object_unref(f);
    return ok;
}

static char *markup_field(const char *label, const char *value)
{
    char *l = g_markup_escape_text(label, -1), *v = g_markup_escape_text(value, -1);
    char *s = xasprintf("<span insert_hyphens=\"false\"><b>%s:</b> %s</span>", l, v);
    g_free(l);
    g_free(v);
    return s;
}

/* The blocks [from, to) of d; when page_at is not NULL, page_at[i] is the page
 * that block i ends on, and cut[i] says whether block i started a new page after
 * a page that had something on it. */
static void blocks(struct pr *p, const struct doc *d, int from, int to, int *page_at, bool *cut)
{
    for (int i = from; i < to; i++) {
        const struct doc_block *b = &d->blocks[i];
        bool was = p->dirty;
        switch (b->kind) {
        case DOC_B_HEADING:
            paragraph(p, F_HEAD, b->a, DOC_CENTER, false, 6, 4);
            break;
        case DOC_B_FIELD: {
            char *s = markup_field(b->a, b->b);
            paragraph(p, F_BODY, s, DOC_LEFT, true, 0, 1.5);
            free(s);
            break;
        }
        case DOC_B_NOTE:
            paragraph(p, F_BODY, b->a, DOC_LEFT, false, 4, 2);
            break;
        case DOC_B_SIGNATURE: {
            char *s = xasprintf("%s ______________________ %s", b->a, b->b);
            paragraph(p, F_BODY, s, DOC_LEFT, false, 14, 2);
            free(s);
            break;
        }
        case DOC_B_TABLE:
            table(p, b->table);
            break;
        case DOC_B_PAGE:
            if (p->dirty || b->orient != p->orient) {
                page_start(p, b->orient);
                if (!was)
                    p->page--;
            }
            break;
        }
        if (page_at) {
            page_at[i] = p->page;
            cut[i] = b->kind == DOC_B_PAGE && was;
        }
    }
}

/* A new PDF surface writing into pdf, its first page numbered page + 1 with
 * orientation o. */
static bool surf_open(struct pr *p, const struct doc *d, struct ej_buf *pdf, int page,
                      enum doc_orient o, struct ej_error *err)
{
    p->surf = cairo_pdf_surface_create_for_stream(write_cb, pdf, A4_W, A4_H);
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
        ej_error_set(err, EJ_EINTERNAL, _("Cannot make the PDF: %s"),
                     cairo_status_to_string(cairo_surface_status(p->surf)));
        return false;
    }
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "ejournal");
    p->cr = cairo_create(p->surf);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    p->page = p->first_page = page;
    p->dirty = false;
    p->nh = p->nv = 0;
    page_start(p, o);
    return true;
}

/* The last page out and the PDF complete in the surface's buffer. */
static bool surf_close(struct pr *p, struct ej_error *err)
{
    grid_flush(p);
    footer(p);
    cairo_show_page(p->cr);
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS) {
        ej_error_set(err, EJ_EINTERNAL, _("Cannot make the PDF: %s"),
                     cairo_status_to_string(cairo_status(p->cr)));
        return false;
    }
    cairo_destroy(p->cr);
    p->cr = NULL;
    cairo_surface_finish(p->surf);
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
        ej_error_set(err, EJ_EINTERNAL, _("Cannot make the PDF: %s"),
                     cairo_status_to_string(cairo_surface_status(p->surf)));
        return false;
    }
    cairo_surface_destroy(p->surf);
    p->surf = NULL;
    return true;
}

/*
 * A long document on both cores: cairo's PDF output (formatting and deflating
 * every page) is most of the time, and it cannot be shared within one surface.
 * A dry run (no surface: layout only, which fills the shaping caches both halves
 * then use) finds the page break nearest the middle and the number of the page
 * after it; a child process renders the second half into its own PDF, starting
 * at that page number, while this one renders the first; pdf_join makes one PDF
 * of the two.  The pages are the same as in one piece (each half embeds its own
 * subset of the fonts).  Returns false, having appended nothing, when the
 * document is not worth it or anything fails: the caller renders it in one piece.
 */
#define SPLIT_MIN_PAGES 64

static bool render_split(struct pr *p, const struct doc *d, struct ej_buf *out)
{
    int breaks = 0;
    for (int i = 0; i < d->nblocks; i++)
        breaks += d->blocks[i].kind == DOC_B_PAGE;
    if (breaks < SPLIT_MIN_PAGES)
        return false;
    int *page_at = xcalloc((size_t)d->nblocks, sizeof *page_at);
    bool *cut = xcalloc((size_t)d->nblocks, sizeof *cut);
    struct ej_buf a, b;
    buf_init(&a);
    buf_init(&b);
    bool ok = false;
    int fd[2] = { -1, -1 };
    pid_t pid = -1;
    p->page = p->first_page = 0;
    page_start(p, d->orient);
    blocks(p, d, 0, d->nblocks, page_at, cut);
    grid_flush(p);
    int half = p->page / 2, s = -1;
    for (int i = 0; i < d->nblocks; i++)
        if (cut[i] && (s < 0 || abs(page_at[i] - half) < abs(page_at[s] - half)))
            s = i;
    if (s < 0 || pipe(fd) != 0)
        goto out;
    pid = fork();
    if (pid < 0)
        goto out;
    struct ej_error err;
    if (pid == 0) {
        /* The second half: pages from page_at[s], written whole to the pipe. */
        close(fd[0]);
        int rc = 1;
        if (surf_open(p, d, &b, page_at[s] - 1, d->blocks[s].orient, &err)) {
            blocks(p, d, s + 1, d->nblocks, NULL, NULL);
            if (surf_close(p, &err) && write_all(fd[1], b.data, b.len))
                rc = 0;
        }
        _exit(rc);
    }
    close(fd[1]);
    fd[1] = -1;
    bool mine = surf_open(p, d, &a, 0, d->orient, &err);
    if (mine) {
        blocks(p, d, 0, s, NULL, NULL);
        mine = surf_close(p, &err);
    }
    bool theirs = read_all(fd[0], &b);
    int st = 0;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    pid = -1;
    ok = mine && theirs && w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
         pdf_join(a.data, a.len, b.data, b.len, out);
out:
    if (pid > 0)
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    if (fd[0] >= 0)
        close(fd[0]);
    if (fd[1] >= 0)
        close(fd[1]);
    if (p->cr) {
        cairo_destroy(p->cr);
        p->cr = NULL;
    }
    if (p->surf) {
        cairo_surface_destroy(p->surf);
        p->surf = NULL;
    }
    buf_free(&a);
    buf_free(&b);
    free(page_at);
    free(cut);
    return ok;
}

enum ej_err doc_render_pdf(const struct doc *d, struct ej_buf *out, struct ej_error *err)
{
    struct pr p = { 0 };
    struct ej_buf pdf;
    buf_init(&pdf);
    enum ej_err rc = EJ_EINTERNAL;
    p.fm = pango_cairo_font_map_new();
    p.pc = pango_font_map_create_context(p.fm);
    pango_cairo_context_set_resolution(p.pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    static const struct {
        double size;
        bool bold;
    } fonts[F_NFONTS] = { [F_BODY] = { 9, false }, [F_SMALL] = { 7, false },
                          [F_HEAD] = { 12, true } };
    for (int i = 0; i < F_NFONTS; i++) {
        p.fd[i] = pango_font_description_new();
        pango_font_description_set_family(p.fd[i], FONT_FAMILY);
        pango_font_description_set_size(p.fd[i], (int)(fonts[i].size * PANGO_SCALE));
        pango_font_description_set_weight(p.fd[i],
                                          fonts[i].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
    if (!font_is_dejavu(&p)) {
        ej_error_set(err, EJ_EINTERNAL, "%s",
                     _("The font DejaVu Sans is not installed (Debian: fonts-dejavu-core)"));
        goto out;
    }
    p.lay = pango_layout_new(p.pc);
    p.attrs = pango_attr_list_new();
    pango_attr_list_insert(p.attrs, pango_attr_insert_hyphens_new(FALSE));
    if (render_split(&p, d, out)) {
        rc = EJ_OK;
        goto out;
    }
    if (!surf_open(&p, d, &pdf, 0, d->orient, err))
        goto out;
    blocks(&p, d, 0, d->nblocks, NULL, NULL);
    if (!surf_close(&p, err))
        goto out;
    buf_append(out, pdf.data, pdf.len);
    rc = EJ_OK;
out:
    pr_free(&p);
    buf_free(&pdf);
    return rc;
}
