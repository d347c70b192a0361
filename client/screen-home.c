/*
 * screen-home — where every session starts: for a teacher, today's lessons from
 * the timetable, each flagged for what is missing (topic, homework, attendance),
 * what is due or overdue under the regulation's deadlines (cl. 3.5: written work
 * not yet marked and how many of its 5 days remain), and the journals the account
 * may open (its own; for a class teacher the class's; for the office all).
 * Enter opens the journal at that lesson.
 */
#include "calendar.h"
#include "db-attendance.h"
#include "db-journal.h"
#include "i18n.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum row_kind { ROW_SECTION, ROW_TEXT, ROW_LESSON, ROW_ALERT, ROW_COURSE, ROW_CLASS };

struct row {
    enum row_kind kind;
    int idx; /* into lessons / alerts / courses */
};

struct home {
    struct db_home h;
    struct db_course *courses;
    int ncourses;
    struct row *rows;
    int nrows;
    struct wlist l;
    int page;
    bool dirty;
    bool loaded;
    bool teacher;
    char classes[4][16]; /* the classes the account is class teacher of */
    int nclasses;
};

static bool selectable(const struct row *r)
{
    return r->kind == ROW_LESSON || r->kind == ROW_ALERT || r->kind == ROW_COURSE ||
           r->kind == ROW_CLASS;
}

static void add_row(struct home *h, enum row_kind k, int idx)
{
    h->rows = xreallocarray(h->rows, (size_t)h->nrows + 1, sizeof *h->rows);
    h->rows[h->nrows++] = (struct row){ k, idx };
}

static void home_free_data(struct home *h)
{
    db_journal_home_free(&h->h);
    free(h->courses);
    free(h->rows);
    h->courses = NULL;
    h->ncourses = 0;
    h->rows = NULL;
    h->nrows = 0;
}

static void home_load(struct screen *s)
{
    struct home *h = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    /* The selected row, to find it again in the new list: a lesson, an alert (its
     * kind and lesson), a class or a journal; else its position. */
    struct row keep = { ROW_TEXT, -1 };
    long long keep_id = 0;
    char keep_class[16] = "";
    int keep_pos = -1;
    if (h->loaded && h->l.sel >= 0 && h->l.sel < h->nrows) {
        keep = h->rows[h->l.sel];
        keep_pos = h->l.sel;
        if (keep.kind == ROW_LESSON)
            keep_id = h->h.lessons[keep.idx].lesson_id;
        else if (keep.kind == ROW_ALERT)
            keep_id = h->h.alerts[keep.idx].lesson_id;
        else if (keep.kind == ROW_COURSE)
            keep_id = h->courses[keep.idx].id;
        else if (keep.kind == ROW_CLASS)
            snprintf(keep_class, sizeof keep_class, "%s", h->classes[keep.idx]);
        if (keep.kind == ROW_ALERT)
            keep.idx = (int)h->h.alerts[keep.idx].kind;
    }
    home_free_data(h);
    h->dirty = false;
    if (db_journal_home(ctx->db, ctx, &h->h, &err) != EJ_OK ||
        db_journal_courses(ctx->db, ctx, &h->courses, &h->ncourses, &err) != EJ_OK ||
        db_attendance_my_classes(ctx->db, ctx, h->classes, 4, &h->nclasses, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        h->dirty = true;
    }
    h->loaded = true;
    h->teacher = (ctx->roles & ROLE_TEACHER) != 0;
    if (h->teacher) {
        add_row(h, ROW_SECTION, 0);
        if (h->h.nlessons == 0)
            add_row(h, ROW_TEXT, 0);
        for (int i = 0; i < h->h.nlessons; i++)
            add_row(h, ROW_LESSON, i);
        if (h->h.nalerts > 0) {
            add_row(h, ROW_SECTION, 1);
            for (int i = 0; i < h->h.nalerts; i++)
                add_row(h, ROW_ALERT, i);
        }
    }
    if (h->nclasses > 0) {
        add_row(h, ROW_SECTION, 3);
        for (int i = 0; i < h->nclasses; i++)
            add_row(h, ROW_CLASS, i);
    }
    add_row(h, ROW_SECTION, 2);
    if (h->ncourses == 0)
        add_row(h, ROW_TEXT, 1);
    for (int i = 0; i < h->ncourses; i++)
        add_row(h, ROW_COURSE, i);
    h->l.n = h->nrows;
    h->l.sel = -1;
    for (int i = 0; i < h->nrows && h->l.sel < 0; i++) {
        const struct row *r = &h->rows[i];
        if (r->kind != keep.kind)
            continue;
        if ((r->kind == ROW_LESSON && h->h.lessons[r->idx].lesson_id == keep_id) ||
            (r->kind == ROW_ALERT && h->h.alerts[r->idx].lesson_id == keep_id &&
             (int)h->h.alerts[r->idx].kind == keep.idx) ||
            (r->kind == ROW_COURSE && h->courses[r->idx].id == keep_id) ||
            (r->kind == ROW_CLASS && strcmp(h->classes[r->idx], keep_class) == 0))
            h->l.sel = i;
    }
    /* Gone (an alert dealt with): the selectable row now nearest its place. */
    if (h->l.sel < 0 && keep_pos >= 0) {
        int from = keep_pos < h->nrows ? keep_pos : h->nrows - 1;
        for (int d = 0; h->l.sel < 0 && d < h->nrows; d++) {
            if (from + d < h->nrows && selectable(&h->rows[from + d]))
                h->l.sel = from + d;
            else if (from - d >= 0 && selectable(&h->rows[from - d]))
                h->l.sel = from - d;
        }
    }
    for (int i = 0; h->l.sel < 0 && i < h->nrows; i++)
        if (selectable(&h->rows[i]))
            h->l.sel = i;
    if (h->l.sel < 0)
        h->l.sel = 0;
}

static void course_label(char *buf, size_t n, const char *cls, const char *group, const char *subj)
{
    if (group && *group)
        snprintf(buf, n, "%s (%s) %s", cls, group, subj);
    else
        snprintf(buf, n, "%s %s", cls, subj);
}

static void missing_text(const struct db_home_lesson *l, char *buf, size_t n)
{
    if (!l->held) {
        snprintf(buf, n, "%s", _("not held"));
        return;
    }
    const char *parts[3];
    int k = 0;
    if (!l->has_topic)
        parts[k++] = _("topic");
    if (!l->has_homework)
        parts[k++] = _("homework");
    if (!l->attendance_taken)
        parts[k++] = _("attendance");
    if (k == 0) {
        snprintf(buf, n, "%s", _("all filled in"));
        return;
    }
    size_t o = (size_t)snprintf(buf, n, "%s ", _("missing:"));
    for (int i = 0; i < k && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "", parts[i]);
}

static void draw_row(struct home *h, int i, WINDOW *w, int y, int cols, bool sel)
{
    struct row *r = &h->rows[i];
    enum ui_style st = sel ? UI_CURSOR : UI_NORMAL;
    char buf[400], label[300];
    switch (r->kind) {
    case ROW_SECTION:
        if (r->idx == 0) {
            int yy, mm, dd;
            cal_civil(h->h.today, &yy, &mm, &dd);
            snprintf(buf, sizeof buf, _("Today, %s, %d %s: my lessons"),
                     cal_weekday_long(h->h.today), dd, cal_month_genitive(mm));
        } else if (r->idx == 1) {
            snprintf(buf, sizeof buf, "%s", _("Needs attention (deadlines of cl. 3.5)"));
        } else if (r->idx == 3) {
            snprintf(buf, sizeof buf, "%s", _("My class (cl. 3.4)"));
        } else {
            snprintf(buf, sizeof buf, "%s", h->teacher ? _("My journals") : _("Journals"));
        }
        ui_put(w, y, 0, cols, buf, UI_SECTION);
        return;
    case ROW_TEXT:
        ui_put(w, y, 0, cols, r->idx == 0 ? _("  No lessons today") : _("  No journals to show"),
               UI_DIM);
        return;
    case ROW_LESSON: {
        const struct db_home_lesson *l = &h->h.lessons[r->idx];
        ui_fill(w, y, 0, 1, cols, st);
        snprintf(buf, sizeof buf, "%2d", l->num);
        ui_put(w, y, 1, 3, l->num ? buf : "", st);
        ui_put(w, y, 4, 6, l->starts, st);
        course_label(label, sizeof label, l->class_name, l->group_name, l->subject);
        ui_put(w, y, 10, cols / 2 - 11, label, st);
        missing_text(l, buf, sizeof buf);
        bool ok = l->held && l->has_topic && l->has_homework && l->attendance_taken;
        ui_put(w, y, cols / 2, cols - cols / 2, buf, sel ? st : ok ? UI_NORMAL : UI_ERROR);
        return;
    }
    case ROW_ALERT: {
        const struct db_home_alert *a = &h->h.alerts[r->idx];
        ui_fill(w, y, 0, 1, cols, st);
        char d[6];
        cal_ddmm(a->date, d);
        ui_put(w, y, 1, 6, d, st);
        course_label(label, sizeof label, a->class_name, a->group_name, a->subject);
        ui_put(w, y, 8, cols / 2 - 9, label, st);
        switch (a->kind) {
        case ALERT_NO_TOPIC:
            snprintf(buf, sizeof buf, "%s", _("no topic"));
            break;
        case ALERT_NO_ATTENDANCE:
            snprintf(buf, sizeof buf, "%s", _("attendance not taken"));
            break;
        case ALERT_NO_HOMEWORK:
            snprintf(buf, sizeof buf, "%s", _("no homework"));
            break;
        case ALERT_WRITTEN_UNMARKED:
            if (a->days_left >= 0)
                snprintf(buf, sizeof buf, _("%s not marked: %d of 5 days left"), a->work_type,
                         a->days_left);
            else
                snprintf(buf, sizeof buf, _("%s not marked: overdue by %d days"), a->work_type,
                         -a->days_left);
            break;
        }
        ui_put(w, y, cols / 2, cols - cols / 2, buf, sel ? st : UI_ERROR);
        return;
    }
    case ROW_CLASS:
        ui_fill(w, y, 0, 1, cols, st);
        snprintf(buf, sizeof buf, _("%s: attendance for the day, all lessons (F4); the week (F3)"),
                 h->classes[r->idx]);
        ui_put(w, y, 2, cols - 2, buf, st);
        return;
    case ROW_COURSE: {
        const struct db_course *c = &h->courses[r->idx];
        ui_fill(w, y, 0, 1, cols, st);
        course_label(label, sizeof label, c->class_name, c->group_name, c->subject);
        ui_put(w, y, 2, cols / 2 - 3, label, st);
        const char *note = c->mine ? "" : c->my_class ? _("my class, read only") : _("read only");
        snprintf(buf, sizeof buf, "%s%s%s", c->teacher, *note ? " · " : "", note);
        ui_put(w, y, cols / 2, cols - cols / 2, buf, sel ? st : UI_DIM);
        return;
    }
    }
}

static void home_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct home *h = s->data;
    if (h->dirty && tui_db_up(s->tui))
        home_load(s);
    h->page = rows;
    wlist_scroll(&h->l, h->page);
    for (int r = 0; r < rows && h->l.top + r < h->nrows; r++)
        draw_row(h, h->l.top + r, w, top + r, cols, h->l.top + r == h->l.sel);
}

static void move_sel(struct home *h, enum action a)
{
    int before = h->l.sel;
    wlist_action(&h->l, a, h->page);
    int dir = (a == ACT_UP || a == ACT_PGUP || a == ACT_HOME || a == ACT_PREV) ? -1 : 1;
    if (a == ACT_HOME)
        dir = 1;
    if (a == ACT_END)
        dir = -1;
    int i = h->l.sel;
    while (i >= 0 && i < h->nrows && !selectable(&h->rows[i]))
        i += dir;
    if (i < 0 || i >= h->nrows)
        i = before;
    h->l.sel = i;
    wlist_scroll(&h->l, h->page);
}

static bool home_allowed(struct screen *s, enum action a);

static int home_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct home *h = s->data;
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGUP:
    case ACT_PGDN:
    case ACT_HOME:
    case ACT_END:
        move_sel(h, a);
        return AR_REDRAW;
    case ACT_NEXT:
    case ACT_PREV: {
        /* To the next section's first item. */
        int dir = a == ACT_NEXT ? 1 : -1;
        int i = h->l.sel + dir;
        while (i >= 0 && i < h->nrows && h->rows[i].kind != ROW_SECTION)
            i += dir;
        while (i >= 0 && i < h->nrows && !selectable(&h->rows[i]))
            i += dir > 0 ? 1 : -1;
        if (i >= 0 && i < h->nrows)
            h->l.sel = i;
        wlist_scroll(&h->l, h->page);
        return AR_REDRAW;
    }
    case ACT_OPEN: {
        if (h->l.sel < 0 || h->l.sel >= h->nrows)
            return AR_NONE;
        struct row *r = &h->rows[h->l.sel];
        if (r->kind == ROW_LESSON)
            screen_grid_open(s->tui, h->h.lessons[r->idx].course_id, h->h.lessons[r->idx].lesson_id,
                             h->h.today);
        else if (r->kind == ROW_ALERT)
            screen_grid_open(s->tui, h->h.alerts[r->idx].course_id, h->h.alerts[r->idx].lesson_id,
                             h->h.alerts[r->idx].date);
        else if (r->kind == ROW_COURSE)
            screen_grid_open(s->tui, h->courses[r->idx].id, 0, 0);
        else if (r->kind == ROW_CLASS)
            screen_attendance_open(s->tui, h->classes[r->idx]);
        return AR_REDRAW;
    }
    case ACT_PUPILS:
        screen_pupils_open(s->tui);
        return AR_REDRAW;
    case ACT_STAFF:
        if (home_allowed(s, a))
            screen_staff_open(s->tui);
        return AR_REDRAW;
    case ACT_YEAR:
        screen_year_open(s->tui);
        return AR_REDRAW;
    case ACT_CLASS_DAY:
    case ACT_CLASS_WEEK: {
        if (h->nclasses == 0)
            return AR_NONE;
        int k = 0;
        if (h->l.sel >= 0 && h->l.sel < h->nrows && h->rows[h->l.sel].kind == ROW_CLASS)
            k = h->rows[h->l.sel].idx;
        if (a == ACT_CLASS_DAY)
            screen_attendance_open(s->tui, h->classes[k]);
        else
            screen_week_open(s->tui, h->classes[k]);
        return AR_REDRAW;
    }
    case ACT_REFRESH:
        home_load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    case ACT_BACK:
        return AR_NONE; /* the home screen is the bottom of the stack */
    default:
        return AR_DEFAULT;
    }
}

static bool home_allowed(struct screen *s, enum action a)
{
    struct home *h = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    if (a == ACT_YEAR)
        return policy_allows(ctx, POLICY_YEAR_READ, &(struct policy_object){ .school_id = ctx->school_id });
    if (a == ACT_PUPILS) /* the office; a class teacher sees their class's */
        return (ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)) || h->nclasses > 0;
    if (a == ACT_STAFF) /* HR's list; the policy says who reads it */
        return policy_allows(ctx, POLICY_STAFF_READ, &(struct policy_object){ .school_id = ctx->school_id });
    return (a != ACT_CLASS_DAY && a != ACT_CLASS_WEEK) || h->nclasses > 0;
}

/* Only the journals and lessons this screen shows: every mark of the school arrives
 * here, and re-reading the home screen for each was the bench's worst fan-out. */
static bool home_changed(struct screen *s, const char *payload)
{
    struct home *h = s->data;
    long long id;
    if (!payload || !h->loaded) {
        h->dirty = true;
        return true;
    }
    if (sscanf(payload, "course:%lld", &id) != 1)
        return h->dirty;
    for (int i = 0; i < h->ncourses && !h->dirty; i++)
        h->dirty = h->courses[i].id == id && (h->courses[i].mine || h->courses[i].my_class);
    for (int i = 0; i < h->h.nlessons && !h->dirty; i++)
        h->dirty = h->h.lessons[i].course_id == id;
    for (int i = 0; i < h->h.nalerts && !h->dirty; i++)
        h->dirty = h->h.alerts[i].course_id == id;
    return h->dirty;
}

static void home_close(struct screen *s)
{
    struct home *h = s->data;
    home_free_data(h);
    free(h);
}

static const struct screen_ops home_ops = {
    .name = "home",
    .keymap = &keymap_home,
    .draw = home_draw,
    .action = home_action,
    .changed = home_changed,
    .allowed = home_allowed,
    .close = home_close,
};

void screen_home_open(struct tui *t)
{
    struct home *h = xcalloc(1, sizeof *h);
    tui_push(t, &home_ops, h);
    h->dirty = true;
}
