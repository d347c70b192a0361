/*
 * doc-text — the plain-text renderer: monospace, every line exactly `width`
 * display columns (widths by wcwidth, never bytes), ASCII rules ('|', '-', '+',
 * '=') so that a CP866 or CP1251 printer prints them too.  Pages are `page_lines`
 * long; a page break is a form feed at the start of the next page's first line,
 * and a table's header rows repeat at the top of every page it continues on.
 */
#include "doc-internal.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct tr {
    struct ej_buf *out;
    int width, page_lines;
    int line;     /* lines on the current page */
    bool ff;      /* the next line starts a new page */
};

static int cp_width(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7f)
        return 0;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

/* Display width of the first n bytes of s (valid UTF-8, see doc.c's clean()). */
static int str_width_n(const char *s, size_t n)
{
    int w = 0;
    size_t i = 0;
    while (i < n && s[i]) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, &cp);
        if (l == 0) {
            l = 1;
            cp = '?';
        }
        w += cp_width(cp);
        i += l;
    }
    return w;
}

static int str_width(const char *s)
{
    return str_width_n(s, strlen(s));
}

/* Emit one line: s padded (or cut) to exactly the page width. */
static void emit(struct tr *tr, const char *s)
{
    if (tr->ff) {
        buf_puts(tr->out, "\f");
        tr->ff = false;
    }
    int w = 0;
    size_t i = 0;
    while (s[i] && s[i] != '\n') {
        uint32_t cp;
        size_t l = utf8_decode(s + i, &cp);
        if (l == 0) {
            l = 1;
            cp = '?';
        }
        int cw = cp_width(cp);
        if (w + cw > tr->width)
            break;
        if (l == 1 && cp == '?' && (unsigned char)s[i] >= 0x80)
            buf_puts(tr->out, "?");
        else
            buf_append(tr->out, s + i, l);
        w += cw;
        i += l;
    }
    for (; w < tr->width; w++)
        buf_append(tr->out, " ", 1);
    buf_append(tr->out, "\n", 1);
    if (++tr->line >= tr->page_lines) {
        tr->line = 0;
        tr->ff = true;
    }
}

static void new_page(struct tr *tr)
{
    if (tr->line > 0) {
        tr->line = 0;
        tr->ff = true;
    }
}

static int lines_left(const struct tr *tr)
{
    return tr->page_lines - tr->line;
}

/* ------------------------------------------------------------------ wrapping */

struct lines {
    char **v;
    int n;
};

static void lines_add(struct lines *L, const char *s, size_t n)
{
    L->v = xreallocarray(L->v, (size_t)L->n + 1, sizeof *L->v);
    L->v[L->n++] = xstrndup(s, n);
}

static void lines_free(struct lines *L)
{
    for (int i = 0; i < L->n; i++)
        free(L->v[i]);
    free(L->v);
    L->v = NULL;
    L->n = 0;
}

/* Word-wrap text to at most `width` columns per line; '\n' breaks; a word longer
 * than a line is broken between characters.  Always at least one line. */
static void wrap(const char *text, int width, struct lines *L)
{
    if (width < 1)
        width = 1;
    const char *p = text;
    do {
        const char *eol = strchr(p, '\n');
        size_t plen = eol ? (size_t)(eol - p) : strlen(p);
        struct ej_buf cur;
        buf_init(&cur);
        int curw = 0;
        size_t i = 0;
        while (i < plen) {
            while (i < plen && p[i] == ' ')
                i++;
            if (i >= plen)
                break;
            size_t ws = i;
            while (i < plen && p[i] != ' ')
                i++;
            const char *word = p + ws;
            size_t wl = i - ws;
            int ww = str_width_n(word, wl);
            if (curw > 0 && curw + 1 + ww <= width) {
                buf_append(&cur, " ", 1);
                buf_append(&cur, word, wl);
                curw += 1 + ww;
                continue;
            }
            if (curw > 0) {
                lines_add(L, cur.data, cur.len);
                buf_reset(&cur);
                curw = 0;
            }
            /* Break a long word between characters. */
            size_t k = 0;
            while (k < wl) {
                uint32_t cp;
                size_t l = utf8_decode(word + k, &cp);
                if (l == 0)
                    l = 1;
                int cw = cp_width(cp);
                if (curw + cw > width && curw > 0) {
                    lines_add(L, cur.data, cur.len);
                    buf_reset(&cur);
                    curw = 0;
                }
                buf_append(&cur, word + k, l);
                curw += cw;
                k += l;
            }
        }
        lines_add(L, cur.len ? cur.data : "", cur.len);
        buf_free(&cur);
        p = eol ? eol + 1 : NULL;
    } while (p);
}

/* Append s aligned in a field of `width` columns. */
static void put_aligned(struct ej_buf *b, const char *s, int width, enum doc_align a)
{
    int w = str_width(s);
    int left = 0, right = width - w;
    if (right < 0)
        right = 0;
    if (a == DOC_RIGHT) {
        left = right;
        right = 0;
    } else if (a == DOC_CENTER) {
        left = right / 2;
        right -= left;
    }
    for (int i = 0; i < left; i++)
        buf_append(b, " ", 1);
    buf_puts(b, s);
    for (int i = 0; i < right; i++)
        buf_append(b, " ", 1);
}

static void paragraph(struct tr *tr, const char *text, enum doc_align a, int indent)
{
    struct lines L = { 0 };
    wrap(text, tr->width - indent, &L);
    struct ej_buf b;
    buf_init(&b);
    for (int i = 0; i < L.n; i++) {
        buf_reset(&b);
        for (int k = 0; k < indent; k++)
            buf_append(&b, " ", 1);
        put_aligned(&b, L.v[i], tr->width - indent, a);
        emit(tr, b.data);
    }
    buf_free(&b);
    lines_free(&L);
}

/* ------------------------------------------------------------------ tables */

static double measure_width(void *ud, const char *text, bool word)
{
    (void)ud;
    int best = 0;
    const char *p = text;
    while (*p) {
        size_t n = word ? strcspn(p, " \n") : strcspn(p, "\n");
        int w = str_width_n(p, n);
        if (w > best)
            best = w;
        p += n;
        if (*p)
            p++;
    }
    return best;
}

struct tgroup {
    const struct doc_table *t;
    int *sel, nsel;
    int *w;     /* content width per position */
    int pad;    /* 3: " x |", 1: "x|" */
};

/* Width available to a cell covering k positions from pos. */
static int cell_width(const struct tgroup *g, int pos, int k)
{
    int w = (k - 1) * g->pad;
    for (int i = pos; i < pos + k; i++)
        w += g->w[i];
    return w;
}

static void rule(struct tr *tr, const struct tgroup *g, char ch)
{
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "+");
    for (int i = 0; i < g->nsel; i++) {
        for (int k = 0; k < g->w[i] + g->pad - 1; k++)
            buf_append(&b, &ch, 1);
        buf_puts(&b, "+");
    }
    emit(tr, b.data);
    buf_free(&b);
}

struct rcell {
    int pos, k;
    enum doc_align align;
    struct lines L;
};

/* The visible cells of a row in a group (gaps become empty cells), wrapped. */
static int row_cells(const struct tgroup *g, const struct doc_row *r, struct rcell *rc)
{
    int n = 0, next = 0;
    for (int j = 0; j <= r->ncells; j++) {
        int pos = g->nsel, k = 0;
        const struct doc_cell *c = j < r->ncells ? &r->cells[j] : NULL;
        if (c && !doc_cell_in(c, g->sel, g->nsel, &pos, &k))
            continue;
        for (; next < pos; next++) {
            rc[n] = (struct rcell){ next, 1, DOC_LEFT, { 0 } };
            wrap("", 1, &rc[n].L);
            n++;
        }
        if (!c)
            break;
        rc[n] = (struct rcell){ pos, k, c->align, { 0 } };
        wrap(c->text, cell_width(g, pos, k), &rc[n].L);
        n++;
        next = pos + k;
    }
    return n;
}

static int row_height(const struct rcell *rc, int n)
{
    int h = 1;
    for (int i = 0; i < n; i++)
        if (rc[i].L.n > h)
            h = rc[i].L.n;
    return h;
}

static void row_emit(struct tr *tr, const struct tgroup *g, struct rcell *rc, int n, int h)
{
    struct ej_buf b;
    buf_init(&b);
    for (int line = 0; line < h; line++) {
        buf_reset(&b);
        buf_puts(&b, "|");
        for (int i = 0; i < n; i++) {
            if (g->pad == 3)
                buf_puts(&b, " ");
            put_aligned(&b, line < rc[i].L.n ? rc[i].L.v[line] : "",
                        cell_width(g, rc[i].pos, rc[i].k), rc[i].align);
            buf_puts(&b, g->pad == 3 ? " |" : "|");
        }
        emit(tr, b.data);
    }
    buf_free(&b);
    for (int i = 0; i < n; i++)
        lines_free(&rc[i].L);
}

static void header_emit(struct tr *tr, const struct tgroup *g, struct rcell *rc)
{
    rule(tr, g, '-');
    for (int r = 0; r < g->t->nheader; r++) {
        int n = row_cells(g, &g->t->rows[r], rc);
        row_emit(tr, g, rc, n, row_height(rc, n));
        rule(tr, g, r == g->t->nheader - 1 ? '=' : '-');
    }
}

static void table(struct tr *tr, const struct doc_table *t)
{
    int pad = t->dense ? 1 : 3;
    struct doc_measure m = { measure_width, NULL, 1, pad, true };
    struct doc_group *groups;
    int ng = doc_groups(t, tr->width - 1, &m, &groups);
    int *sel = xcalloc((size_t)t->ncols, sizeof *sel);
    double *wd = xcalloc((size_t)t->ncols, sizeof *wd);
    int *w = xcalloc((size_t)t->ncols, sizeof *w);
    struct rcell *rc = xcalloc((size_t)t->ncols + 1, sizeof *rc);
    for (int gi = 0; gi < ng; gi++) {
        struct tgroup g = { t, sel, 0, w, pad };
        g.nsel = doc_group_cols(t, &groups[gi], sel);
        doc_widths(t, sel, g.nsel, tr->width - 1, &m, true, wd);
        for (int i = 0; i < g.nsel; i++)
            w[i] = (int)wd[i];
        /* Header and at least one row on this page, or start a new one. */
        int hh = 1;
        for (int r = 0; r < t->nheader; r++) {
            int n = row_cells(&g, &t->rows[r], rc);
            hh += row_height(rc, n) + 1;
            for (int i = 0; i < n; i++)
                lines_free(&rc[i].L);
        }
        if (tr->line > 0 && lines_left(tr) < hh + 2)
            new_page(tr);
        else if (tr->line > 0)
            emit(tr, "");
        header_emit(tr, &g, rc);
        bool open = true;
        for (int r = t->nheader; r < t->nrows; r++) {
            int n = row_cells(&g, &t->rows[r], rc);
            int h = row_height(rc, n);
            /* The row, the rule under it, and the closing rule must fit. */
            if (lines_left(tr) < h + 1 + (t->ruled ? 0 : 1) && tr->line > hh) {
                if (!t->ruled)
                    rule(tr, &g, '-');
                for (int i = 0; i < n; i++)
                    lines_free(&rc[i].L);
                new_page(tr);
                header_emit(tr, &g, rc);
                n = row_cells(&g, &t->rows[r], rc);
            }
            row_emit(tr, &g, rc, n, h);
            if (t->ruled)
                rule(tr, &g, '-');
            open = !t->ruled;
        }
        if (open && t->nrows > t->nheader)
            rule(tr, &g, '-');
    }
    free(rc);
    free(w);
    free(wd);
    free(sel);
    free(groups);
}

/* ------------------------------------------------------------------ blocks */

enum ej_err doc_render_text(const struct doc *d, int width, int page_lines, struct ej_buf *out,
                            struct ej_error *err)
{
    if (width < 40 || width > 400)
        return ej_error_set(err, EJ_EINTERNAL, "%s", _("Text width must be 80 or 132 columns"));
    struct tr tr = { out, width, page_lines > 10 ? page_lines : 64, 0, false };
    enum doc_kind prev = DOC_B_PAGE;
    for (int i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_B_HEADING:
            if (tr.line > 0 && prev != DOC_B_HEADING)
                emit(&tr, "");
            paragraph(&tr, b->a, DOC_CENTER, 0);
            break;
        case DOC_B_FIELD: {
            if (prev == DOC_B_HEADING)
                emit(&tr, "");
            char *s = xasprintf("%s: %s", b->a, b->b);
            int indent = str_width(b->a) + 2;
            struct lines L = { 0 };
            if (indent > width / 2)
                indent = 4;
            wrap(s, width, &L);
            if (L.n > 1) {
                /* Hanging indent for a long value. */
                lines_free(&L);
                wrap(b->b, width - indent, &L);
                struct ej_buf line;
                buf_init(&line);
                for (int k = 0; k < L.n; k++) {
                    buf_reset(&line);
                    if (k == 0)
                        buf_printf(&line, "%s: ", b->a);
                    else
                        for (int s2 = 0; s2 < indent; s2++)
                            buf_append(&line, " ", 1);
                    buf_puts(&line, L.v[k]);
                    emit(&tr, line.data);
                }
                buf_free(&line);
            } else {
                emit(&tr, s);
            }
            lines_free(&L);
            free(s);
            break;
        }
        case DOC_B_NOTE:
            if (tr.line > 0)
                emit(&tr, "");
            paragraph(&tr, b->a, DOC_LEFT, 0);
            break;
        case DOC_B_SIGNATURE: {
            if (tr.line > 0)
                emit(&tr, "");
            char *s = xasprintf("%s ____________________ %s", b->a, b->b);
            paragraph(&tr, s, DOC_LEFT, 0);
            free(s);
            break;
        }
        case DOC_B_TABLE:
            table(&tr, b->table);
            break;
        case DOC_B_PAGE:
            new_page(&tr);
            break;
        }
        prev = b->kind;
    }
    return EJ_OK;
}
