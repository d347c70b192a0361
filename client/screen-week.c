/*
 * screen-week — the class teacher's week (clause 3.4, issue #6): read-only,
 * pupils × the class's subjects with the week's marks and absences, each pupil's
 * weekly average and lessons missed, and the pupils with problems (a 2, an
 * absence without a reason) at the top in the error colour.  ←/→ scroll the
 * subjects, F7/F8 change the week, F6 returns to this one, F5 prints the week's
 * reports for the whole class in one step (the print dialog: the school's
 * printer, the terminal's printer, or the download command).
 */
#include "calendar.h"
#include "doc.h"
#include "i18n.h"
#include "print.h"
#include "report.h"
#include "screen.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_W 20
#define SUBJ_W 6
#define TAIL_W 12

struct wscreen {
    char class_name[16];
    int day;              /* -1: today */
    struct class_week *w;
    int p, first, top, rows;
    bool dirty;
    char problem[512];
};

static void load(struct screen *s)
{
    struct wscreen *ws = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    int day = ws->day >= 0 ? ws->day : tui_today(s->tui);
    struct class_week *w;
    if (report_class_week(ctx, ws->class_name, day, &w, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        snprintf(ws->problem, sizeof ws->problem, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    report_class_week_free(ws->w);
    ws->w = w;
    ws->day = w->monday;
    if (ws->p >= w->npupils)
        ws->p = w->npupils > 0 ? w->npupils - 1 : 0;
}

static void week_draw(struct screen *s, WINDOW *win, int top, int rows, int cols)
{
    struct wscreen *ws = s->data;
    if (ws->dirty && tui_db_up(s->tui)) {
        ws->dirty = false;
        load(s);
    }
    const struct class_week *w = ws->w;
    if (!w) {
        ui_put(win, top + 1, 1, cols - 2, *ws->problem ? ws->problem : _("Loading…"), UI_DIM);
        return;
    }
    char buf[400], a[6], b[11];
    cal_ddmm(w->monday, a);
    cal_ddmmyyyy(w->monday + 6, b);
    snprintf(buf, sizeof buf, _("%s · the week %s–%s · pupils with a 2 or an unexcused absence first"),
             w->class_name, a, b);
    ui_put(win, top, 0, cols, buf, UI_SECTION);
    int fit = (cols - NAME_W - TAIL_W) / SUBJ_W;
    if (fit < 1)
        fit = 1;
    if (ws->first > w->nsubjects - fit)
        ws->first = w->nsubjects - fit;
    if (ws->first < 0)
        ws->first = 0;
    ui_fill(win, top + 1, 0, 1, cols, UI_HEADER);
    ui_put(win, top + 1, 0, NAME_W, ws->first > 0 ? _("Pupil  ←") : _("Pupil"), UI_HEADER);
    for (int i = ws->first; i < w->nsubjects && i < ws->first + fit; i++)
        ui_put(win, top + 1, NAME_W + (i - ws->first) * SUBJ_W, SUBJ_W - 1, w->subjects[i],
               UI_HEADER);
    int tx = NAME_W + fit * SUBJ_W;
    if (tx + TAIL_W > cols)
        tx = cols - TAIL_W;
    ui_put(win, top + 1, tx, TAIL_W, ws->first + fit < w->nsubjects ? _("→ avg miss") : _("  avg miss"),
           UI_HEADER);
    ws->rows = rows - 2;
    if (ws->p < ws->top)
        ws->top = ws->p;
    if (ws->p >= ws->top + ws->rows)
        ws->top = ws->p - ws->rows + 1;
    if (w->npupils == 0)
        ui_put(win, top + 3, 1, cols - 2, _("No pupils in the class this week"), UI_DIM);
    for (int r = 0; r < ws->rows && ws->top + r < w->npupils; r++) {
        int p = ws->top + r, y = top + 2 + r;
        const struct week_pupil *wp = &w->pupils[p];
        bool cur = p == ws->p;
        ui_fill(win, y, 0, 1, cols, cur ? UI_CURSOR : UI_NORMAL);
        ui_put(win, y, 0, NAME_W - 1, wp->name, cur ? UI_CURSOR : wp->problem ? UI_ERROR : UI_NORMAL);
        for (int i = ws->first; i < w->nsubjects && i < ws->first + fit; i++) {
            const struct week_cell *c = &w->cells[(size_t)p * (size_t)w->nsubjects + (size_t)i];
            char t[48];
            snprintf(t, sizeof t, "%s%s%s%s", c->marks, c->n ? "Н" : "", c->b ? "Б" : "",
                     c->u ? "У" : "");
            bool bad = strchr(c->marks, '2') || c->n;
            ui_put(win, y, NAME_W + (i - ws->first) * SUBJ_W, SUBJ_W - 1, t,
                   cur ? UI_CURSOR : bad ? UI_ERROR : UI_NORMAL);
        }
        if (wp->nmarks)
            snprintf(buf, sizeof buf, "  %.2f %3d", wp->avg, wp->missed);
        else
            snprintf(buf, sizeof buf, "    —  %3d", wp->missed);
        ui_put(win, y, tx, TAIL_W, buf, cur ? UI_CURSOR : UI_TITLE);
    }
}

struct week_print {
    const struct ej_ctx *ctx;
    char class_name[16];
    int monday;
};

static enum ej_err build_weekly(void *arg, struct doc **out, struct ej_error *err)
{
    struct week_print *wp = arg;
    return report_weekly(wp->ctx, wp->class_name, 0, wp->monday, false, out, err);
}

static void print_week(struct screen *s)
{
    struct wscreen *ws = s->data;
    if (!ws->w)
        return;
    struct week_print wp = { tui_ctx(s->tui), "", ws->w->monday };
    snprintf(wp.class_name, sizeof wp.class_name, "%s", ws->w->class_name);
    char a[6], b[11], iso[11];
    cal_ddmm(ws->w->monday, a);
    cal_ddmmyyyy(ws->w->monday + 6, b);
    cal_iso(ws->w->monday, iso);
    char *title = xasprintf(_("Weekly reports, %s, %s–%s"), ws->w->class_name, a, b);
    char *args = xasprintf("report weekly --class %s --week %s", ws->w->class_name, iso);
    char *file = xasprintf("%s-%s.pdf", ws->w->class_name, iso);
    struct print_job job = { title, args, file, build_weekly, &wp };
    print_dialog(s->tui, &job);
    free(title);
    free(args);
    free(file);
}

static int week_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct wscreen *ws = s->data;
    int np = ws->w ? ws->w->npupils : 0;
    switch (a) {
    case ACT_UP:
        if (ws->p > 0)
            ws->p--;
        return AR_REDRAW;
    case ACT_DOWN:
        if (ws->p + 1 < np)
            ws->p++;
        return AR_REDRAW;
    case ACT_PGUP:
        ws->p = ws->p > ws->rows ? ws->p - ws->rows : 0;
        return AR_REDRAW;
    case ACT_PGDN:
        ws->p = ws->p + ws->rows < np ? ws->p + ws->rows : (np ? np - 1 : 0);
        return AR_REDRAW;
    case ACT_LEFT:
        if (ws->first > 0)
            ws->first--;
        return AR_REDRAW;
    case ACT_RIGHT:
        if (ws->w && ws->first + 1 < ws->w->nsubjects)
            ws->first++;
        return AR_REDRAW;
    case ACT_DAY_PREV:
    case ACT_DAY_NEXT:
        if (ws->w) {
            ws->day = ws->w->monday + (a == ACT_DAY_PREV ? -7 : 7);
            load(s);
        }
        return AR_REDRAW;
    case ACT_TODAY:
        ws->day = -1;
        load(s);
        return AR_REDRAW;
    case ACT_PRINT:
        print_week(s);
        return AR_REDRAW;
    case ACT_REFRESH:
        load(s);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

/* Marks and absences wake it with "pupil:<id>": only this class's pupils matter
 * (every mark of the school arrives here too). */
static bool week_changed(struct screen *s, const char *payload)
{
    struct wscreen *ws = s->data;
    long long id;
    if (!payload || !ws->w) {
        ws->dirty = true;
        return true;
    }
    if (sscanf(payload, "pupil:%lld", &id) == 1)
        for (int i = 0; i < ws->w->npupils; i++)
            if (ws->w->pupils[i].id == id)
                ws->dirty = true;
    return ws->dirty;
}

static void week_close(struct screen *s)
{
    struct wscreen *ws = s->data;
    report_class_week_free(ws->w);
    free(ws);
}

static const struct screen_ops week_ops = {
    .name = "week",
    .keymap = &keymap_week,
    .draw = week_draw,
    .action = week_action,
    .changed = week_changed,
    .close = week_close,
};

void screen_week_open(struct tui *t, const char *class_name)
{
    struct wscreen *ws = xcalloc(1, sizeof *ws);
    snprintf(ws->class_name, sizeof ws->class_name, "%s", class_name);
    ws->day = -1;
    tui_push(t, &week_ops, ws);
    load(&(struct screen){ &week_ops, t, ws });
}
