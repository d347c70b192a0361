/*
 * screen-register — the movement register (книга движения, clause 3.3) for the
 * office: per class the pupils at the start of a period, arrived, left,
 * transferred in and out, and at the end, with the school's totals; below, every
 * move of the period by date with the pupil, the class, the order and the note.
 * The period is the school year so far; F3 asks for other dates.  ↑/↓ and
 * PgUp/PgDn scroll.  The same data as `pupils register`.
 */
#include "calendar.h"
#include "db-movement.h"
#include "db-year.h"
#include "i18n.h"
#include "screen.h"
#include "utf8.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rscreen {
    int from, to;
    char **lines; /* what is shown, one line each; [0] the header of the table */
    bool *strong; /* lines drawn in the section style */
    int n, top, page;
};

static void lines_free(struct rscreen *rs)
{
    for (int i = 0; i < rs->n; i++)
        free(rs->lines[i]);
    free(rs->lines);
    free(rs->strong);
    rs->lines = NULL;
    rs->strong = NULL;
    rs->n = 0;
}

static void add(struct rscreen *rs, bool strong, char *line)
{
    rs->lines = xrealloc(rs->lines, (size_t)(rs->n + 1) * sizeof *rs->lines);
    rs->strong = xrealloc(rs->strong, (size_t)(rs->n + 1) * sizeof *rs->strong);
    rs->lines[rs->n] = line;
    rs->strong[rs->n++] = strong;
}

/* A row of the table: the first cell left-aligned in 8 columns, the others
 * right-aligned in 10 (widths in characters, not bytes). */
static char *row(const char *const cells[7])
{
    struct ej_buf b;
    buf_init(&b);
    for (int i = 0; i < 7; i++) {
        int w = i ? 10 : 8, pad = w - (int)utf8_len(cells[i]);
        if (i)
            for (int k = 0; k < pad; k++)
                buf_puts(&b, " ");
        buf_puts(&b, cells[i]);
        if (!i)
            for (int k = 0; k < pad; k++)
                buf_puts(&b, " ");
    }
    return buf_steal(&b);
}

static char *count_row(const char *name, const int v[6])
{
    char n[6][16];
    const char *cells[7] = { name };
    for (int i = 0; i < 6; i++) {
        snprintf(n[i], sizeof n[i], "%d", v[i]);
        cells[i + 1] = n[i];
    }
    return row(cells);
}

static void register_load(struct screen *s)
{
    struct rscreen *rs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct db_movement *m;
    struct db_class_moves *c;
    int nm, nc;
    struct ej_error err;
    if (db_movement_register(ctx->db, ctx, rs->from, rs->to, &m, &nm, &c, &nc, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    lines_free(rs);
    rs->top = 0;
    const char *head[7] = { _("Class"), _("at start"), _("arrived"), _("left school"),
                            _("in"),    _("out"),      _("at end") };
    add(rs, true, row(head));
    int tot[6] = { 0 };
    for (int i = 0; i < nc; i++) {
        int v[6] = { c[i].start, c[i].arrived, c[i].left, c[i].in, c[i].out, c[i].end };
        add(rs, false, count_row(c[i].class_name, v));
        for (int k = 0; k < 6; k++)
            tot[k] += v[k];
    }
    add(rs, true, count_row(_("School"), tot));
    add(rs, false, xstrdup(""));
    add(rs, true, xasprintf(_("Moves: %d"), nm));
    static const char *const kinds[] = { N_("arrival"), N_("leaving"), N_("transferred in"),
                                         N_("transferred out") };
    for (int i = 0; i < nm; i++) {
        char d[11];
        cal_ddmmyyyy(m[i].day, d);
        add(rs, false,
            xasprintf("%s  %s  %s · %s · %s%s%s%s", d, m[i].class_name, _(kinds[m[i].kind]),
                      m[i].pupil, *m[i].order ? _("order ") : "", m[i].order,
                      *m[i].note ? " · " : "", m[i].note));
    }
    free(m);
    free(c);
}

static void register_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct rscreen *rs = s->data;
    char a[11], b[11], buf[200];
    cal_ddmmyyyy(rs->from, a);
    cal_ddmmyyyy(rs->to, b);
    snprintf(buf, sizeof buf, _("The movement register · %s–%s"), a, b);
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    rs->page = rows - 1 > 1 ? rows - 1 : 1;
    if (rs->top > rs->n - rs->page)
        rs->top = rs->n - rs->page;
    if (rs->top < 0)
        rs->top = 0;
    for (int r = 0; r < rs->page && rs->top + r < rs->n; r++)
        ui_put(w, top + 1 + r, 0, cols, rs->lines[rs->top + r],
               rs->strong[rs->top + r] ? UI_HEADER : UI_NORMAL);
}

static int register_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct rscreen *rs = s->data;
    switch (a) {
    case ACT_UP:
        rs->top--;
        return AR_REDRAW;
    case ACT_DOWN:
        rs->top++;
        return AR_REDRAW;
    case ACT_PGUP:
        rs->top -= rs->page;
        return AR_REDRAW;
    case ACT_PGDN:
        rs->top += rs->page;
        return AR_REDRAW;
    case ACT_PERIOD: {
        char a1[11], b1[11];
        cal_ddmmyyyy(rs->from, a1);
        cal_ddmmyyyy(rs->to, b1);
        char *f = dialog_input(s->tui, _("The movement register"), _("From (DD.MM.YYYY):"), a1);
        char *t = f ? dialog_input(s->tui, _("The movement register"), _("To (DD.MM.YYYY):"), b1) : NULL;
        int from, to;
        if (t && (!cal_parse_user(f, &from) || !cal_parse_user(t, &to) || to < from)) {
            tui_error(s->tui, "%s", _("Two dates DD.MM.YYYY, the first not after the second"));
        } else if (t) {
            rs->from = from;
            rs->to = to;
            register_load(s);
        }
        free(f);
        free(t);
        return AR_REDRAW;
    }
    case ACT_REFRESH:
        register_load(s);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static void register_close(struct screen *s)
{
    struct rscreen *rs = s->data;
    lines_free(rs);
    free(rs);
}

static const struct screen_ops register_ops = {
    .name = "register",
    .keymap = &keymap_register,
    .draw = register_draw,
    .action = register_action,
    .close = register_close,
};

void screen_register_open(struct tui *t)
{
    struct rscreen *rs = xcalloc(1, sizeof *rs);
    struct ej_ctx *ctx = tui_ctx(t);
    rs->to = tui_today(t);
    rs->from = rs->to;
    /* From the first day of the school year that holds today (or the latest begun). */
    struct db_year *v;
    int n;
    struct ej_error err;
    if (db_years_list(ctx->db, ctx, &v, &n, &err) == EJ_OK) {
        for (int i = 0; i < n; i++)
            if (v[i].starts <= rs->to)
                rs->from = v[i].starts;
        free(v);
    }
    tui_push(t, &register_ops, rs);
    register_load(&(struct screen){ &register_ops, t, rs });
}
