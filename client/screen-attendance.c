/*
 * screen-attendance — the class teacher's day (clause 3.4): pupils down, the
 * day's lessons across, what the subject teachers marked in the cells.  Н, Б or
 * У typed on a lesson sets that lesson; typed in the «День» column, the whole
 * day in one step (one transaction).  Del clears.  F7/F8 go to the previous and
 * next day — ahead too: a parent's note for tomorrow is entered the day before.
 * Who may set which code is the policy's (db_journal_absence_set_many asks it
 * per lesson); this screen only shows the refusal.  Other sessions' changes
 * arrive by NOTIFY ("course:<id>" of the class's lessons).
 */
#include "calendar.h"
#include "db-attendance.h"
#include "db-journal.h"
#include "i18n.h"
#include "rules.h"
#include "screen.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_W 22
#define DAY_W 6
#define CELL_W 7

struct ascreen {
    char class_name[16];
    int day;              /* -1 until loaded: today */
    struct att_day *a;
    struct att_summary *week; /* the week's absences per pupil */
    int nweek;
    int p, c;             /* cursor: pupil, column (0: the whole day, 1…: lessons) */
    int top;              /* first pupil shown */
    int rows;             /* pupils shown */
    bool dirty;
    char problem[512];    /* why there is nothing to show */
};

static void load(struct screen *s)
{
    struct ascreen *as = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct att_day *a;
    as->dirty = false;
    if (db_attendance_day(ctx->db, ctx, as->class_name, as->day, &a, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        snprintf(as->problem, sizeof as->problem, "%s", err.msg);
        if (err.code == EJ_ETEMP) {
            tui_db_lost(s->tui);
            as->dirty = true;
        }
        return;
    }
    long long keep = as->a && as->p < as->a->npupils ? as->a->pupils[as->p].id : 0;
    db_attendance_free(as->a);
    as->a = a;
    as->day = a->day;
    free(as->week);
    as->week = NULL;
    as->nweek = 0;
    int mon = a->day - (cal_weekday(a->day) - 1);
    if (db_attendance_summary(ctx->db, ctx, as->class_name, mon, mon + 6, &as->week, &as->nweek,
                              &err) != EJ_OK)
        as->nweek = 0;
    as->p = 0;
    for (int i = 0; i < a->npupils; i++)
        if (a->pupils[i].id == keep)
            as->p = i;
    if (as->c > a->nlessons)
        as->c = a->nlessons;
}

static const char *cell_text(int v)
{
    if (v == ATT_NA)
        return "·";
    return rules_value_str((enum rules_value)v);
}

/* The whole day of pupil p: the code if every lesson they attend has it. */
static int day_code(const struct att_day *a, int p)
{
    int code = -2;
    for (int l = 0; l < a->nlessons; l++) {
        int v = att_cell(a, p, l);
        if (v == ATT_NA)
            continue;
        if (code == -2)
            code = v;
        else if (code != v)
            return RV_NONE;
    }
    return code == -2 ? RV_NONE : code;
}

static void att_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct ascreen *as = s->data;
    if (as->dirty && tui_db_up(s->tui))
        load(s);
    const struct att_day *a = as->a;
    if (!a) {
        ui_put(w, top + 1, 1, cols - 2, *as->problem ? as->problem : _("Loading…"), UI_DIM);
        return;
    }
    char buf[300];
    int yy, mm, dd;
    cal_civil(a->day, &yy, &mm, &dd);
    snprintf(buf, sizeof buf, _("%s · attendance · %s, %d %s %d"), a->class_name,
             cal_weekday_long(a->day), dd, cal_month_genitive(mm), yy);
    ui_put(w, top, 0, cols, buf, a->day == a->today ? UI_TODAY : UI_SECTION);
    /* Columns that fit: the cursor's lesson stays visible. */
    int fit = (cols - NAME_W - DAY_W) / CELL_W;
    if (fit < 1)
        fit = 1;
    int first = 0;
    if (as->c > fit)
        first = as->c - fit;
    /* Header: numbers and subjects. */
    ui_fill(w, top + 1, 0, 2, cols, UI_HEADER);
    ui_put(w, top + 2, 0, NAME_W, _("Pupil"), UI_HEADER);
    ui_put(w, top + 1, NAME_W, DAY_W, "", UI_HEADER);
    ui_put(w, top + 2, NAME_W, DAY_W, _("Day"), as->c == 0 ? UI_SELECTED : UI_HEADER);
    for (int l = first; l < a->nlessons && l < first + fit; l++) {
        int x = NAME_W + DAY_W + (l - first) * CELL_W;
        const struct att_lesson *le = &a->lessons[l];
        if (le->num >= 0)
            snprintf(buf, sizeof buf, "%d%s", le->num, le->taken ? " ✓" : "");
        else
            snprintf(buf, sizeof buf, "%s", le->taken ? "✓" : "");
        ui_put(w, top + 1, x, CELL_W - 1, buf, UI_HEADER);
        ui_put(w, top + 2, x, CELL_W - 1, le->subject,
               as->c == l + 1 ? UI_SELECTED : le->held ? UI_HEADER : UI_DIM);
    }
    int details = rows >= 14 ? 2 : 0;
    as->rows = rows - 3 - details;
    if (as->rows < 1)
        as->rows = 1;
    if (as->p < as->top)
        as->top = as->p;
    if (as->p >= as->top + as->rows)
        as->top = as->p - as->rows + 1;
    if (a->npupils == 0) {
        ui_put(w, top + 3, 1, cols - 2, _("No pupils in the class on this day"), UI_DIM);
        return;
    }
    for (int r = 0; r < as->rows && as->top + r < a->npupils; r++) {
        int p = as->top + r, y = top + 3 + r;
        bool cur = p == as->p;
        ui_fill(w, y, 0, 1, cols, UI_NORMAL);
        ui_put(w, y, 0, NAME_W, a->pupils[p].name, cur ? UI_SELECTED : UI_NORMAL);
        int dc = day_code(a, p);
        ui_put(w, y, NAME_W + 1, DAY_W - 2, rules_value_str((enum rules_value)dc),
               cur && as->c == 0 ? UI_CURSOR : UI_TITLE);
        for (int l = first; l < a->nlessons && l < first + fit; l++) {
            int x = NAME_W + DAY_W + (l - first) * CELL_W;
            int v = att_cell(a, p, l);
            enum ui_style st = cur && as->c == l + 1 ? UI_CURSOR
                               : v == ATT_NA         ? UI_DIM
                               : v != RV_NONE        ? UI_ERROR
                                                     : UI_NORMAL;
            ui_put(w, y, x + 1, CELL_W - 3, cell_text(v), st);
        }
    }
    if (!details)
        return;
    int y = top + rows - 2;
    ui_fill(w, y, 0, 2, cols, UI_NORMAL);
    mvwhline(w, y, 0, ACS_HLINE, cols);
    if (as->c == 0) {
        snprintf(buf, sizeof buf, "%s",
                 _("The whole day: Н, Б or У sets every lesson of the pupil in one step; Del "
                   "clears"));
        for (int i = 0; i < as->nweek && as->p < a->npupils; i++)
            if (as->week[i].pupil_id == a->pupils[as->p].id) {
                const struct att_summary *ws = &as->week[i];
                snprintf(buf, sizeof buf,
                         _("%s this week: %d of %d lessons missed (Н %d, Б %d, У %d)"),
                         a->pupils[as->p].name, ws->n + ws->b + ws->u, ws->lessons, ws->n, ws->b,
                         ws->u);
            }
    } else {
        const struct att_lesson *le = &a->lessons[as->c - 1];
        snprintf(buf, sizeof buf, "%s · %s · %s%s", le->subject, le->teacher,
                 le->taken ? _("attendance taken") : _("attendance not taken yet"),
                 le->held ? "" : _(" · not held"));
    }
    ui_put(w, y + 1, 0, cols, buf, UI_DIM);
}

static void set_code(struct screen *s, enum rules_value code)
{
    struct ascreen *as = s->data;
    struct att_day *a = as->a;
    if (!a || as->p >= a->npupils)
        return;
    long long *ids = xcalloc((size_t)a->nlessons + 1, sizeof *ids);
    int n = 0;
    for (int l = 0; l < a->nlessons; l++)
        if ((as->c == 0 || as->c == l + 1) && att_cell(a, as->p, l) != ATT_NA)
            ids[n++] = a->lessons[l].id;
    if (n == 0) {
        tui_error(s->tui, "%s",
                  as->c == 0 ? _("The pupil has no lessons that day")
                             : _("The pupil does not attend this lesson (another study group)"));
        free(ids);
        return;
    }
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    enum ej_err e = db_journal_absence_set_many(ctx->db, ctx, ids, n, a->pupils[as->p].id, code,
                                                &err);
    free(ids);
    if (e != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (e == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    /* Saved (committed): show it, then read back what the database holds. */
    load(s);
    tui_status(s->tui, "%s", _("Saved"));
    if (as->p + 1 < as->a->npupils)
        as->p++;
}

static int att_action(struct screen *s, enum action a, wint_t ch)
{
    struct ascreen *as = s->data;
    int ncols = as->a ? as->a->nlessons + 1 : 1;
    int np = as->a ? as->a->npupils : 0;
    switch (a) {
    case ACT_UP:
        if (as->p > 0)
            as->p--;
        return AR_REDRAW;
    case ACT_DOWN:
        if (as->p + 1 < np)
            as->p++;
        return AR_REDRAW;
    case ACT_PGUP:
        as->p = as->p > as->rows ? as->p - as->rows : 0;
        return AR_REDRAW;
    case ACT_PGDN:
        as->p = as->p + as->rows < np ? as->p + as->rows : (np > 0 ? np - 1 : 0);
        return AR_REDRAW;
    case ACT_LEFT:
        if (as->c > 0)
            as->c--;
        return AR_REDRAW;
    case ACT_RIGHT:
    case ACT_NEXT:
        if (as->c + 1 < ncols)
            as->c++;
        return AR_REDRAW;
    case ACT_PREV:
        if (as->c > 0)
            as->c--;
        return AR_REDRAW;
    case ACT_HOME:
        as->c = 0;
        return AR_REDRAW;
    case ACT_END:
        as->c = ncols - 1;
        return AR_REDRAW;
    case ACT_DAY_PREV:
    case ACT_DAY_NEXT:
        if (as->a) {
            as->day = as->a->day + (a == ACT_DAY_PREV ? -1 : 1);
            /* Sundays have no lessons: step over them. */
            if (cal_weekday(as->day) == 7)
                as->day += a == ACT_DAY_PREV ? -1 : 1;
            load(s);
        }
        return AR_REDRAW;
    case ACT_TODAY:
        as->day = -1;
        load(s);
        return AR_REDRAW;
    case ACT_CLASS_WEEK:
        screen_week_open(s->tui, as->class_name);
        return AR_REDRAW;
    case ACT_CLEAR:
        set_code(s, RV_NONE);
        return AR_REDRAW;
    case ACT_CHAR: {
        enum rules_value v = rules_key((uint32_t)ch);
        if (!rules_is_absence(v)) {
            tui_error(s->tui, "%s",
                      _("Attendance: only Н (absent), Б (ill) or У (excused reason) (cl. 3.4)"));
            return AR_REDRAW;
        }
        set_code(s, v);
        return AR_REDRAW;
    }
    case ACT_REFRESH:
        load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool att_changed(struct screen *s, const char *payload)
{
    struct ascreen *as = s->data;
    long long id;
    if (!payload || !as->a) {
        as->dirty = true;
        return true;
    }
    if (sscanf(payload, "course:%lld", &id) == 1)
        for (int l = 0; l < as->a->nlessons; l++)
            if (as->a->lessons[l].course_id == id)
                as->dirty = true;
    return as->dirty;
}

static void att_close(struct screen *s)
{
    struct ascreen *as = s->data;
    db_attendance_free(as->a);
    free(as->week);
    free(as);
}

static const struct screen_ops att_ops = {
    .name = "attendance",
    .keymap = &keymap_attendance,
    .draw = att_draw,
    .action = att_action,
    .changed = att_changed,
    .close = att_close,
};

void screen_attendance_open(struct tui *t, const char *class_name)
{
    struct ascreen *as = xcalloc(1, sizeof *as);
    snprintf(as->class_name, sizeof as->class_name, "%s", class_name);
    as->day = -1;
    tui_push(t, &att_ops, as);
    load(&(struct screen){ &att_ops, t, as });
    if (!as->a)
        as->dirty = true;
}
