/*
 * screen-lesson — one lesson: its topic (typed, or chosen from the course's
 * calendar-thematic plan), the work type of each work, a second work on the same
 * lesson, the homework (a multi-line UTF-8 editor), and whether it was held.
 * Topics and homework may be entered ahead (cl. 3.6).  F2 saves everything in one
 * transaction; leaving with unsaved changes asks first, so nothing typed is
 * dropped silently.  A read-only user sees the same form and cannot change it.
 *
 * The form copies what it needs from the grid's journal when it opens: the grid
 * re-reads its journal on every change and may free it meanwhile.
 */
#include "calendar.h"
#include "db-journal.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field { F_TOPIC, F_WORKS, F_HOMEWORK, F_HELD, F_COUNT };

struct ltype {
    long long id;
    char *name, *short_name;
};

struct lwork {
    long long id;
    int type; /* index into types */
    bool marked;
};

struct lesson_form {
    long long course_id, lesson_id;
    char header[400];
    int date;
    bool can_edit;
    char deny[512];
    struct wedit topic, homework;
    long long plan_item_id;
    bool held, held0;
    struct ltype *types;
    int ntypes;
    struct lwork works[JOURNAL_MAX_WORKS];
    int nworks;
    int work_sel;
    int new_type; /* -1: no new work */
    bool works_changed;
    enum field focus;
};

static bool dirty(const struct lesson_form *f)
{
    return f->topic.changed || f->homework.changed || f->held != f->held0 || f->works_changed ||
           f->new_type >= 0;
}

static void form_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct lesson_form *f = s->data;
    int rw = 0;
    if (!f->can_edit) {
        const char *ro = _("read only");
        rw = ui_width(ro) + 2;
        char rb[80];
        snprintf(rb, sizeof rb, " %s ", ro);
        ui_put(w, top, cols - rw, rw, rb, UI_READONLY);
    }
    ui_put(w, top, 0, cols - rw, f->header, UI_HEADER);
    int y = top + 2;
    ui_put(w, y++, 0, cols, _("Topic of the lesson (F3: from the calendar-thematic plan):"),
           f->focus == F_TOPIC ? UI_SECTION : UI_NORMAL);
    ui_put(w, y, 0, 2, "", UI_NORMAL);
    wedit_draw(&f->topic, s->tui, w, y, 2, 1, cols - 4, f->focus == F_TOPIC && f->can_edit);
    y += 2;
    ui_put(w, y++, 0, cols,
           _("Works (←/→ choose, Enter: type, F4: add, F8: delete one without marks):"),
           f->focus == F_WORKS ? UI_SECTION : UI_NORMAL);
    int x = 2;
    for (int i = 0; i <= f->nworks; i++) {
        char buf[200];
        if (i == f->nworks) {
            if (f->new_type < 0)
                break;
            snprintf(buf, sizeof buf, "+ %s (%s)", f->types[f->new_type].name, _("new"));
        } else {
            snprintf(buf, sizeof buf, "%d. %s", i + 1, f->types[f->works[i].type].name);
        }
        int bw = ui_width(buf);
        if (x + bw >= cols)
            break;
        ui_put(w, y, x, bw, buf,
               f->focus == F_WORKS && i == f->work_sel ? UI_CURSOR : UI_NORMAL);
        x += bw + 3;
    }
    if (f->nworks == 0 && f->new_type < 0)
        ui_put(w, y, 2, cols - 2, _("none: a mark typed in the grid adds «Ответ на уроке»"),
               UI_DIM);
    y += 2;
    ui_put(w, y++, 0, cols, _("Homework:"), f->focus == F_HOMEWORK ? UI_SECTION : UI_NORMAL);
    int eh = top + rows - y - 4;
    if (eh < 1)
        eh = 1;
    ui_box(w, y, 0, eh + 2, cols, UI_FRAME);
    wedit_draw(&f->homework, s->tui, w, y + 1, 1, eh, cols - 2,
               f->focus == F_HOMEWORK && f->can_edit);
    y += eh + 2;
    char held[200];
    snprintf(held, sizeof held, "[%s] %s", f->held ? "x" : " ", _("The lesson was held (F6)"));
    ui_put(w, y, 0, cols, held, f->focus == F_HELD ? UI_CURSOR : UI_NORMAL);
    ui_put(w, y + 1, 0, cols,
           f->can_edit ? _("Tab: next field · F2: save · Esc: back to the journal")
                       : _("Esc: back to the journal"),
           UI_DIM);
}

static int save(struct screen *s)
{
    struct lesson_form *f = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char *topic = wedit_text(&f->topic);
    char *hw = wedit_text(&f->homework);
    struct db_lesson_edit e = { 0 };
    e.lesson_id = f->lesson_id;
    e.topic = topic;
    e.homework = hw;
    e.plan_item_id = f->plan_item_id;
    e.held = f->held;
    e.nworks = f->nworks;
    for (int i = 0; i < f->nworks; i++) {
        e.work_ids[i] = f->works[i].id;
        e.work_types[i] = f->types[f->works[i].type].id;
    }
    e.new_work_type = f->new_type >= 0 ? f->types[f->new_type].id : 0;
    struct ej_error err;
    enum ej_err r = db_journal_lesson_save(ctx->db, ctx, &e, &err);
    free(topic);
    free(hw);
    if (r != EJ_OK) {
        tui_error(s->tui, _("NOT saved: %s"), err.msg);
        if (r == EJ_ETEMP)
            tui_db_lost(s->tui);
        return -1;
    }
    char payload[48];
    snprintf(payload, sizeof payload, "course:%lld", f->course_id);
    tui_status(s->tui, "%s", _("Lesson saved"));
    struct tui *t = s->tui;
    tui_pop(t); /* frees f and s's data */
    tui_changed(t, payload);
    return 0;
}

static int choose_type(struct screen *s, int cur)
{
    struct lesson_form *f = s->data;
    const char **items = xcalloc((size_t)f->ntypes, sizeof *items);
    for (int i = 0; i < f->ntypes; i++)
        items[i] = f->types[i].name;
    int r = dialog_choose(s->tui, _("Work type"), items, f->ntypes, cur);
    free(items);
    return r;
}

static void choose_plan(struct screen *s)
{
    struct lesson_form *f = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct db_plan_item *items = NULL;
    int n = 0;
    struct ej_error err;
    if (db_journal_plan(ctx->db, f->course_id, &items, &n, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    if (n == 0) {
        tui_status(s->tui, "%s", _("The course has no calendar-thematic plan: type the topic"));
        db_journal_plan_free(items, n);
        return;
    }
    char **labels = xcalloc((size_t)n, sizeof *labels);
    int sel = 0;
    for (int i = 0; i < n; i++) {
        labels[i] = xasprintf("%3d. %s", items[i].num, items[i].topic);
        if (items[i].id == f->plan_item_id)
            sel = i;
    }
    int r = dialog_choose(s->tui, _("Calendar-thematic plan"), (const char *const *)labels, n, sel);
    if (r >= 0) {
        wedit_set(&f->topic, items[r].topic);
        f->topic.changed = true;
        f->plan_item_id = items[r].id;
    }
    for (int i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
    db_journal_plan_free(items, n);
}

static void delete_work(struct screen *s)
{
    struct lesson_form *f = s->data;
    if (f->work_sel == f->nworks && f->new_type >= 0) {
        f->new_type = -1;
        f->work_sel = f->nworks > 0 ? f->nworks - 1 : 0;
        return;
    }
    if (f->work_sel < 0 || f->work_sel >= f->nworks)
        return;
    struct lwork *wk = &f->works[f->work_sel];
    if (wk->marked) {
        tui_error(s->tui, "%s",
                  _("A work that has marks is never deleted with them: clear its marks first"));
        return;
    }
    if (dialog_ask(s->tui, _("Delete this work (it has no marks)?")) != 1)
        return;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    if (db_journal_work_delete(ctx->db, ctx, wk->id, &err) != EJ_OK) {
        tui_error(s->tui, _("NOT saved: %s"), err.msg);
        return;
    }
    memmove(wk, wk + 1, (size_t)(f->nworks - f->work_sel - 1) * sizeof *wk);
    f->nworks--;
    if (f->work_sel >= f->nworks && f->work_sel > 0)
        f->work_sel--;
    tui_status(s->tui, "%s", _("Work deleted"));
    char payload[48];
    snprintf(payload, sizeof payload, "course:%lld", f->course_id);
    tui_changed(s->tui, payload);
}

static int form_action(struct screen *s, enum action a, wint_t ch)
{
    struct lesson_form *f = s->data;
    switch (a) {
    case ACT_BACK:
    case ACT_QUIT: {
        bool quit = a == ACT_QUIT;
        if (f->can_edit && dirty(f)) {
            int r = dialog_ask(s->tui, _("Save the changes of the lesson?"));
            if (r < 0)
                return AR_REDRAW;
            if (r == 1) {
                struct tui *t = s->tui;
                if (save(s) == 0 && quit)
                    tui_quit(t);
                return AR_REDRAW;
            }
        }
        if (quit)
            return AR_DEFAULT;
        tui_pop(s->tui);
        return AR_REDRAW;
    }
    case ACT_NEXT:
        f->focus = (enum field)((f->focus + 1) % F_COUNT);
        return AR_REDRAW;
    case ACT_PREV:
        f->focus = (enum field)((f->focus + F_COUNT - 1) % F_COUNT);
        return AR_REDRAW;
    case ACT_HELP:
    case ACT_REDRAW:
        return AR_DEFAULT;
    default:
        break;
    }
    if (!f->can_edit) {
        if (a == ACT_UP || a == ACT_DOWN || a == ACT_LEFT || a == ACT_RIGHT || a == ACT_PGUP ||
            a == ACT_PGDN || a == ACT_HOME || a == ACT_END)
            return AR_NONE;
        tui_error(s->tui, "%s", f->deny);
        return AR_REDRAW;
    }
    switch (a) {
    case ACT_SAVE:
        save(s);
        return AR_REDRAW;
    case ACT_PLAN:
        choose_plan(s);
        f->focus = F_TOPIC;
        return AR_REDRAW;
    case ACT_HELD:
        f->held = !f->held;
        return AR_REDRAW;
    case ACT_WORK_ADD: {
        if (f->nworks + (f->new_type >= 0) >= JOURNAL_MAX_WORKS || f->new_type >= 0) {
            tui_error(s->tui, "%s", _("Save the lesson before adding one more work"));
            return AR_REDRAW;
        }
        int t = choose_type(s, 0);
        if (t >= 0) {
            f->new_type = t;
            f->focus = F_WORKS;
            f->work_sel = f->nworks;
        }
        return AR_REDRAW;
    }
    case ACT_WORK_DEL:
        f->focus = F_WORKS;
        delete_work(s);
        return AR_REDRAW;
    default:
        break;
    }
    switch (f->focus) {
    case F_TOPIC:
        if (a == ACT_NEWLINE || a == ACT_DOWN) {
            f->focus = F_WORKS;
            return AR_REDRAW;
        }
        if (a == ACT_UP)
            return AR_NONE;
        wedit_action(&f->topic, a, ch);
        return AR_REDRAW;
    case F_HOMEWORK:
        wedit_action(&f->homework, a, ch);
        return AR_REDRAW;
    case F_WORKS: {
        int n = f->nworks + (f->new_type >= 0);
        if (a == ACT_LEFT && f->work_sel > 0)
            f->work_sel--;
        else if (a == ACT_RIGHT && f->work_sel < n - 1)
            f->work_sel++;
        else if (a == ACT_UP)
            f->focus = F_TOPIC;
        else if (a == ACT_DOWN)
            f->focus = F_HOMEWORK;
        else if (a == ACT_NEWLINE && n > 0) {
            bool is_new = f->work_sel >= f->nworks;
            int cur = is_new ? f->new_type : f->works[f->work_sel].type;
            int t = choose_type(s, cur);
            if (t >= 0 && t != cur) {
                if (is_new)
                    f->new_type = t;
                else
                    f->works[f->work_sel].type = t;
                f->works_changed = true;
            }
        }
        return AR_REDRAW;
    }
    case F_HELD:
        if (a == ACT_CHAR && ch == ' ')
            f->held = !f->held;
        else if (a == ACT_UP)
            f->focus = F_HOMEWORK;
        return AR_REDRAW;
    case F_COUNT:
        break;
    }
    return AR_NONE;
}

static bool form_allowed(struct screen *s, enum action a)
{
    struct lesson_form *f = s->data;
    if (a == ACT_SAVE || a == ACT_PLAN || a == ACT_WORK_ADD || a == ACT_WORK_DEL || a == ACT_HELD)
        return f->can_edit;
    return true;
}

static void form_close(struct screen *s)
{
    struct lesson_form *f = s->data;
    wedit_free(&f->topic);
    wedit_free(&f->homework);
    for (int i = 0; i < f->ntypes; i++) {
        free(f->types[i].name);
        free(f->types[i].short_name);
    }
    free(f->types);
    free(f);
}

static const struct screen_ops lesson_ops = {
    .name = "lesson",
    .keymap = &keymap_lesson,
    .draw = form_draw,
    .action = form_action,
    .allowed = form_allowed,
    .close = form_close,
};

void screen_lesson_open(struct tui *t, const struct journal *j, int l)
{
    if (l < 0 || l >= j->nlessons)
        return;
    const struct journal_lesson *le = &j->lessons[l];
    struct lesson_form *f = xcalloc(1, sizeof *f);
    f->course_id = j->course_id;
    f->lesson_id = le->id;
    f->date = le->date;
    f->plan_item_id = le->plan_item_id;
    f->held = f->held0 = le->held;
    f->new_type = -1;
    char d[11], num[32] = "", grp[80] = "";
    cal_ddmmyyyy(le->date, d);
    if (le->num)
        snprintf(num, sizeof num, _(", lesson %d"), le->num);
    if (*j->group_name)
        snprintf(grp, sizeof grp, " (%s)", j->group_name);
    snprintf(f->header, sizeof f->header, " %s%s · %s · %s %s%s%s", j->class_name, grp,
             j->subject_name, cal_weekday_short(le->date), d, num,
             le->from_timetable ? "" : _(" · outside the timetable"));
    wedit_init(&f->topic, le->topic, false, 500);
    wedit_init(&f->homework, le->homework, true, 4000);
    f->types = xcalloc(j->ntypes ? (size_t)j->ntypes : 1, sizeof *f->types);
    f->ntypes = j->ntypes;
    for (int i = 0; i < j->ntypes; i++) {
        f->types[i].id = j->types[i].id;
        f->types[i].name = xstrdup(j->types[i].name);
        f->types[i].short_name = xstrdup(j->types[i].short_name);
    }
    for (int w = 0; w < le->nworks; w++) {
        f->works[w].id = le->works[w].id;
        f->works[w].type = le->works[w].type;
        int c = le->first_col + w;
        for (int p = 0; p < j->npupils && !f->works[w].marked; p++)
            f->works[w].marked = journal_nmarks(j, p, c) > 0;
    }
    f->nworks = le->nworks;
    struct policy_object o;
    struct ej_error err;
    journal_policy_object(j, tui_ctx(t), l, -1, &o);
    f->can_edit = policy_check(tui_ctx(t), POLICY_LESSON_EDIT, &o, &err) == EJ_OK;
    if (!f->can_edit)
        snprintf(f->deny, sizeof f->deny, "%s", err.msg);
    tui_push(t, &lesson_ops, f);
}
