/*
 * db-diary — the SQL behind a pupil's diary (diary.h): who the account's own
 * pupils are, and one pupil's academic year in six set queries (facts; courses;
 * lessons with bells and absences; marks with work types; periods and finals;
 * the timetable).  The facts query carries what the policy module needs, and
 * policy_check(DIARY_READ) runs before anything else of the pupil is read.
 */
#include "calendar.h"
#include "db-internal.h"
#include "diary.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The account's guardian ids as a PostgreSQL array literal "{1,2}" (caller frees). */
static char *guardian_array(const struct ej_ctx *ctx)
{
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "{");
    for (int i = 0; i < ctx->nguardian; i++)
        buf_printf(&b, "%s%lld", i ? "," : "", ctx->guardian_ids[i]);
    buf_puts(&b, "}");
    return b.data;
}

enum ej_err db_diary_children(struct ej_db *db, const struct ej_ctx *ctx, struct diary_child **out,
                              int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    if (!(ctx->roles & (ROLE_PARENT | ROLE_PUPIL)))
        return EJ_OK;
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, (ctx->roles & ROLE_PUPIL) ? ctx->pupil_id : 0);
    char *g = guardian_array(ctx);
    const char *p[] = { sid, pid, (ctx->roles & ROLE_PARENT) ? g : "{}" };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.id, p.surname, p.name, coalesce(cur.name, '') FROM pupil p "
        "  LEFT JOIN LATERAL (SELECT cl.grade::text || cl.letter AS name FROM enrollment e "
        "        JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "       WHERE e.school_id = p.school_id AND e.pupil_id = p.id "
        "       ORDER BY (e.during @> ej_today($1)) DESC, lower(e.during) DESC LIMIT 1) cur "
        "       ON true "
        " WHERE p.school_id = $1 AND (p.id = $2 OR p.id IN (SELECT pg.pupil_id FROM pupil_guardian pg "
        "       WHERE pg.school_id = $1 AND pg.guardian_id = ANY ($3::bigint[]))) "
        " ORDER BY p.birth_date DESC, p.surname, p.name, p.id",
        3, p);
    free(g);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        (*out)[i].pupil_id = db_ll(r, i, 0);
        snprintf((*out)[i].name, sizeof (*out)[i].name, "%s %s", db_str(r, i, 1), db_str(r, i, 2));
        snprintf((*out)[i].class_name, sizeof (*out)[i].class_name, "%s", db_str(r, i, 3));
    }
    PQclear(r);
    return EJ_OK;
}

void diary_free(struct diary *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->ncourses; i++) {
        free(d->courses[i].subject);
        free(d->courses[i].short_name);
        free(d->courses[i].group_name);
        free(d->courses[i].teacher);
    }
    for (int i = 0; i < d->nlessons; i++) {
        free(d->lessons[i].topic);
        free(d->lessons[i].homework);
    }
    for (int i = 0; i < d->nmarks; i++) {
        free(d->marks[i].work);
        free(d->marks[i].work_short);
    }
    for (int i = 0; i < d->nperiods; i++)
        free(d->periods[i].name);
    for (int i = 0; i < d->nslots; i++)
        free(d->slots[i].room);
    free(d->courses);
    free(d->lessons);
    free(d->marks);
    free(d->periods);
    free(d->finals);
    free(d->slots);
    free(d);
}

/* Index of course id in d->courses, -1 if not there. */
static int course_index(const struct diary *d, long long id)
{
    for (int i = 0; i < d->ncourses; i++)
        if (d->courses[i].id == id)
            return i;
    return -1;
}

struct idpos {
    long long id;
    int idx;
};

static int idpos_cmp(const void *a, const void *b)
{
    const struct idpos *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Facts and the policy.  Fills the header of d; scheme gets the class's period
 * scheme.  EJ_EDENIED / EJ_ENOTFOUND as db_diary_load says. */
static enum ej_err load_facts(struct ej_db *db, const struct ej_ctx *ctx, struct diary *d,
                              const char *day, char scheme[16], struct ej_error *err)
{
    char sid[32], pid[32], staff[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, d->pupil_id);
    DB_LL(staff, ctx->staff_id);
    char *g = guardian_array(ctx);
    const char *p[] = { sid, pid, day, g, staff };
    PGresult *r = db_exec(
        db, err,
        "WITH y AS (SELECT y.id, y.name, y.starts, y.ends FROM academic_year y "
        "   WHERE y.school_id = $1 "
        "   ORDER BY (coalesce($3::date, ej_today($1)) BETWEEN y.starts AND y.ends) DESC, "
        "            (y.starts <= coalesce($3::date, ej_today($1))) DESC, y.starts DESC LIMIT 1), "
        " e AS (SELECT e.class_id FROM enrollment e "
        "   JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "   JOIN y ON cl.year_id = y.id "
        "  WHERE e.school_id = $1 AND e.pupil_id = $2 "
        "  ORDER BY (e.during @> coalesce($3::date, ej_today($1))) DESC, lower(e.during) DESC "
        "  LIMIT 1) "
        "SELECT p.id IS NOT NULL, p.surname, p.name, p.patronymic, "
        "       EXISTS (SELECT 1 FROM pupil_guardian pg WHERE pg.school_id = $1 "
        "               AND pg.pupil_id = $2 AND pg.guardian_id = ANY ($4::bigint[])), "
        "       coalesce(y.id, 0), coalesce(y.name, ''), y.starts, y.ends, "
        "       coalesce(cl.id, 0), coalesce(cl.grade::text || cl.letter, ''), "
        "       coalesce(cl.teacher_id, 0), coalesce(cl.shift, 1), "
        "       coalesce(cl.period_scheme, 'quarter'), "
        "       EXISTS (SELECT 1 FROM course co JOIN course_teacher ct "
        "               ON ct.school_id = co.school_id AND ct.course_id = co.id "
        "               WHERE co.school_id = $1 AND co.class_id = cl.id AND ct.staff_id = $5), "
        "       s.weighted_average, s.rounding_threshold::float8, s.retake_rule, s.six_day_week, "
        "       ej_today($1) "
        "  FROM school s "
        "  LEFT JOIN pupil p ON p.school_id = s.id AND p.id = $2 "
        "  LEFT JOIN y ON true LEFT JOIN e ON true "
        "  LEFT JOIN class cl ON cl.school_id = s.id AND cl.id = e.class_id "
        " WHERE s.id = $1",
        5, p);
    free(g);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
        goto out;
    }
    struct policy_object o = {
        .school_id = ctx->school_id,
        .class_teacher = db_ll(r, 0, 11),
        .course_teacher = db_bool(r, 0, 14),
        .pupil_id = d->pupil_id,
        .own_child = db_bool(r, 0, 4),
    };
    if ((e = policy_check(ctx, POLICY_DIARY_READ, &o, err)) != EJ_OK)
        goto out;
    if (!db_bool(r, 0, 0)) {
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
        goto out;
    }
    d->school_id = ctx->school_id;
    snprintf(d->pupil, sizeof d->pupil, "%s %s%s%s", db_str(r, 0, 1), db_str(r, 0, 2),
             *db_str(r, 0, 3) ? " " : "", db_str(r, 0, 3));
    snprintf(d->pupil_short, sizeof d->pupil_short, "%s %s", db_str(r, 0, 1), db_str(r, 0, 2));
    d->year_id = db_ll(r, 0, 5);
    snprintf(d->year, sizeof d->year, "%s", db_str(r, 0, 6));
    d->year_starts = db_day(r, 0, 7, 0);
    d->year_ends = db_day(r, 0, 8, 0);
    d->class_id = db_ll(r, 0, 9);
    snprintf(d->class_name, sizeof d->class_name, "%s", db_str(r, 0, 10));
    snprintf(scheme, 16, "%s", db_str(r, 0, 13));
    d->weighted = db_bool(r, 0, 15);
    d->threshold = strtod(db_str(r, 0, 16), NULL);
    d->retake = rules_retake_parse(db_str(r, 0, 17));
    d->six_day_week = db_bool(r, 0, 18);
    d->today = db_day(r, 0, 19, 0);
out:
    PQclear(r);
    return e;
}

static enum ej_err load_courses(struct ej_db *db, struct diary *d, const char *const *p,
                                struct ej_error *err)
{
    PGresult *r = db_exec(
        db, err,
        "SELECT co.id, su.name, su.short_name, coalesce(g.name, ''), coalesce(cu.graded, true), "
        "       su.sort, coalesce(t.surname, ''), coalesce(t.name, ''), coalesce(t.patronymic, '') "
        "  FROM course co "
        "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id AND cl.year_id = $3 "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN curriculum cu ON cu.school_id = co.school_id AND cu.class_id = co.class_id "
        "       AND cu.subject_id = co.subject_id "
        "  LEFT JOIN LATERAL (SELECT st.surname, st.name, st.patronymic FROM course_teacher ct "
        "        JOIN staff st ON st.school_id = ct.school_id AND st.id = ct.staff_id "
        "       WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "       ORDER BY (ct.during @> ej_today($1)) DESC, upper(ct.during) DESC NULLS FIRST "
        "       LIMIT 1) t ON true "
        " WHERE co.school_id = $1 "
        "   AND EXISTS (SELECT 1 FROM enrollment e WHERE e.school_id = $1 AND e.pupil_id = $2 "
        "               AND e.class_id = co.class_id) "
        "   AND (co.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm "
        "        WHERE gm.school_id = $1 AND gm.group_id = co.group_id AND gm.pupil_id = $2)) "
        " ORDER BY su.sort, su.name, g.name NULLS FIRST, co.id",
        3, p);
    if (!r)
        return db_fail(err);
    d->ncourses = PQntuples(r);
    d->courses = xcalloc((size_t)d->ncourses + 1, sizeof *d->courses);
    for (int i = 0; i < d->ncourses; i++) {
        struct diary_course *c = &d->courses[i];
        c->id = db_ll(r, i, 0);
        c->subject = db_dup(r, i, 1);
        c->short_name = db_dup(r, i, 2);
        c->group_name = db_dup(r, i, 3);
        c->graded = db_bool(r, i, 4);
        c->sort = (int)db_ll(r, i, 5);
        c->teacher = *db_str(r, i, 6)
                         ? journal_short_name(db_str(r, i, 6), db_str(r, i, 7), db_str(r, i, 8))
                         : xstrdup("");
    }
    PQclear(r);
    return EJ_OK;
}

static enum rules_value absence_code(const char *s)
{
    enum rules_value v = *s ? rules_value_parse(s) : RV_NONE;
    return rules_is_absence(v) ? v : RV_NONE;
}

static enum ej_err load_lessons(struct ej_db *db, struct diary *d, const char *const *p,
                                struct ej_error *err)
{
    PGresult *r = db_exec(
        db, err,
        "SELECT le.id, le.course_id, le.date, coalesce(le.num, -1), le.topic, le.homework, "
        "       le.held, coalesce(to_char(b.starts, 'HH24:MI'), ''), "
        "       coalesce(to_char(b.ends, 'HH24:MI'), ''), coalesce(a.code, '') "
        "  FROM enrollment e "
        "  JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id AND cl.year_id = $3 "
        "  JOIN course co ON co.school_id = e.school_id AND co.class_id = e.class_id "
        "  JOIN lesson le ON le.school_id = co.school_id AND le.course_id = co.id "
        "       AND e.during @> le.date "
        "  LEFT JOIN bell b ON b.school_id = le.school_id AND b.shift = cl.shift AND b.num = le.num "
        "  LEFT JOIN attendance a ON a.school_id = le.school_id AND a.lesson_id = le.id "
        "       AND a.pupil_id = e.pupil_id "
        " WHERE e.school_id = $1 AND e.pupil_id = $2 "
        "   AND (co.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm "
        "        WHERE gm.school_id = co.school_id AND gm.group_id = co.group_id "
        "          AND gm.pupil_id = e.pupil_id AND gm.during @> le.date)) "
        " ORDER BY le.date, le.num NULLS LAST, le.id",
        3, p);
    if (!r)
        return db_fail(err);
    int n = PQntuples(r);
    d->lessons = xcalloc((size_t)n + 1, sizeof *d->lessons);
    for (int i = 0; i < n; i++) {
        int c = course_index(d, db_ll(r, i, 1));
        if (c < 0)
            continue;
        struct diary_lesson *l = &d->lessons[d->nlessons++];
        l->id = db_ll(r, i, 0);
        l->course = c;
        l->date = db_day(r, i, 2, 0);
        l->num = (int)db_ll(r, i, 3);
        l->topic = db_dup(r, i, 4);
        l->homework = db_dup(r, i, 5);
        l->held = db_bool(r, i, 6);
        snprintf(l->starts, sizeof l->starts, "%s", db_str(r, i, 7));
        snprintf(l->ends, sizeof l->ends, "%s", db_str(r, i, 8));
        l->absence = absence_code(db_str(r, i, 9));
    }
    PQclear(r);
    return EJ_OK;
}

static enum ej_err load_marks(struct ej_db *db, struct diary *d, const char *const *p,
                              struct ej_error *err)
{
    PGresult *r = db_exec(
        db, err,
        "SELECT w.lesson_id, w.id, w.pos, m.seq, m.value, wt.name, wt.short_name, "
        "       wt.weight::float8 "
        "  FROM mark m "
        "  JOIN work w ON w.school_id = m.school_id AND w.id = m.work_id "
        "  JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id "
        "  JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id "
        "  JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "
        "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id AND cl.year_id = $3 "
        " WHERE m.school_id = $1 AND m.pupil_id = $2 "
        " ORDER BY le.date, le.num NULLS LAST, le.id, w.pos, m.seq",
        3, p);
    if (!r)
        return db_fail(err);
    int n = PQntuples(r);
    struct idpos *ix = xcalloc((size_t)d->nlessons + 1, sizeof *ix);
    for (int i = 0; i < d->nlessons; i++)
        ix[i] = (struct idpos){ d->lessons[i].id, i };
    qsort(ix, (size_t)d->nlessons, sizeof *ix, idpos_cmp);
    d->marks = xcalloc((size_t)n + 1, sizeof *d->marks);
    for (int i = 0; i < n; i++) {
        struct idpos key = { db_ll(r, i, 0), 0 };
        struct idpos *hit = bsearch(&key, ix, (size_t)d->nlessons, sizeof *ix, idpos_cmp);
        if (!hit)
            continue; /* a lesson the pupil no longer attends the course of */
        struct diary_lesson *l = &d->lessons[hit->idx];
        struct diary_mark *m = &d->marks[d->nmarks];
        if (l->nmarks == 0)
            l->mark0 = d->nmarks;
        else if (l->mark0 + l->nmarks != d->nmarks)
            continue; /* cannot happen: the rows come in lesson order */
        l->nmarks++;
        d->nmarks++;
        m->lesson_id = l->id;
        m->course = l->course;
        m->date = l->date;
        m->work_id = db_ll(r, i, 1);
        m->pos = (int)db_ll(r, i, 2);
        m->seq = (int)db_ll(r, i, 3);
        m->value = (int)db_ll(r, i, 4);
        m->work = db_dup(r, i, 5);
        m->work_short = db_dup(r, i, 6);
        m->weight = strtod(db_str(r, i, 7), NULL);
    }
    free(ix);
    PQclear(r);
    return EJ_OK;
}

static enum ej_err load_periods(struct ej_db *db, struct diary *d, const char *const *p,
                                const char *scheme, struct ej_error *err)
{
    const char *pp[] = { p[0], p[2], scheme };
    PGresult *r = db_exec(db, err,
                          "SELECT id, num, name, starts, ends FROM period "
                          " WHERE school_id = $1 AND year_id = $2 AND scheme = $3 ORDER BY num",
                          3, pp);
    if (!r)
        return db_fail(err);
    d->nperiods = PQntuples(r);
    d->periods = xcalloc((size_t)d->nperiods + 1, sizeof *d->periods);
    for (int i = 0; i < d->nperiods; i++) {
        struct diary_period *pe = &d->periods[i];
        pe->id = db_ll(r, i, 0);
        pe->num = (int)db_ll(r, i, 1);
        pe->name = db_dup(r, i, 2);
        pe->starts = db_day(r, i, 3, 0);
        pe->ends = db_day(r, i, 4, 0);
    }
    PQclear(r);
    r = db_exec(db, err,
                "SELECT f.course_id, f.period_id, f.kind, f.value FROM final_mark f "
                "  JOIN course co ON co.school_id = f.school_id AND co.id = f.course_id "
                "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
                "       AND cl.year_id = $3 "
                " WHERE f.school_id = $1 AND f.pupil_id = $2 ORDER BY f.course_id, f.period_id",
                3, p);
    if (!r)
        return db_fail(err);
    int n = PQntuples(r);
    d->finals = xcalloc((size_t)n + 1, sizeof *d->finals);
    for (int i = 0; i < n; i++) {
        int c = course_index(d, db_ll(r, i, 0));
        if (c < 0)
            continue;
        struct diary_final *f = &d->finals[d->nfinals++];
        f->course = c;
        f->period_id = db_ll(r, i, 1);
        snprintf(f->kind, sizeof f->kind, "%s", db_str(r, i, 2));
        f->value = rules_value_parse(db_str(r, i, 3));
    }
    PQclear(r);
    return EJ_OK;
}

static enum ej_err load_slots(struct ej_db *db, struct diary *d, const char *const *p,
                              const char *day, struct ej_error *err)
{
    char cid[32];
    DB_LL(cid, d->class_id);
    const char *pp[] = { p[0], p[1], cid, day };
    PGresult *r = db_exec(
        db, err,
        "SELECT ts.weekday, ts.num, ts.course_id, ts.room, "
        "       coalesce(to_char(b.starts, 'HH24:MI'), ''), coalesce(to_char(b.ends, 'HH24:MI'), '') "
        "  FROM timetable_slot ts "
        "  JOIN class cl ON cl.school_id = ts.school_id AND cl.id = ts.class_id "
        "  JOIN course co ON co.school_id = ts.school_id AND co.id = ts.course_id "
        "  LEFT JOIN bell b ON b.school_id = ts.school_id AND b.shift = cl.shift AND b.num = ts.num "
        " WHERE ts.school_id = $1 AND ts.class_id = $3 "
        "   AND ts.valid @> coalesce($4::date, ej_today($1)) "
        "   AND (co.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm "
        "        WHERE gm.school_id = co.school_id AND gm.group_id = co.group_id "
        "          AND gm.pupil_id = $2 AND gm.during @> coalesce($4::date, ej_today($1)))) "
        " ORDER BY ts.weekday, ts.num",
        4, pp);
    if (!r)
        return db_fail(err);
    int n = PQntuples(r);
    d->slots = xcalloc((size_t)n + 1, sizeof *d->slots);
    for (int i = 0; i < n; i++) {
        int c = course_index(d, db_ll(r, i, 2));
        if (c < 0)
            continue;
        struct diary_slot *s = &d->slots[d->nslots++];
        s->weekday = (int)db_ll(r, i, 0);
        s->num = (int)db_ll(r, i, 1);
        s->course = c;
        s->room = db_dup(r, i, 3);
        snprintf(s->starts, sizeof s->starts, "%s", db_str(r, i, 4));
        snprintf(s->ends, sizeof s->ends, "%s", db_str(r, i, 5));
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_diary_load(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id, int day,
                          struct diary **out, struct ej_error *err)
{
    *out = NULL;
    if (pupil_id <= 0)
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
    struct diary *d = xcalloc(1, sizeof *d);
    d->pupil_id = pupil_id;
    char dayiso[11] = "";
    if (day >= 0)
        cal_iso(day, dayiso);
    char scheme[16];
    enum ej_err e = load_facts(db, ctx, d, day >= 0 ? dayiso : NULL, scheme, err);
    if (e != EJ_OK)
        goto out;
    char sid[32], pid[32], yid[32];
    DB_LL(sid, d->school_id);
    DB_LL(pid, d->pupil_id);
    DB_LL(yid, d->year_id);
    const char *p[] = { sid, pid, yid };
    if ((e = load_courses(db, d, p, err)) != EJ_OK || (e = load_lessons(db, d, p, err)) != EJ_OK ||
        (e = load_marks(db, d, p, err)) != EJ_OK ||
        (e = load_periods(db, d, p, scheme, err)) != EJ_OK)
        goto out;
    if (d->class_id && (e = load_slots(db, d, p, day >= 0 ? dayiso : NULL, err)) != EJ_OK)
        goto out;
out:
    if (e != EJ_OK)
        diary_free(d);
    else
        *out = d;
    return e;
}
