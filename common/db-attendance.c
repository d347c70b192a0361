/*
 * db-attendance — the SQL behind a class's day and its attendance summary
 * (db-attendance.h).  Four set queries for a day (lessons; pupils; codes; study
 * group membership), one for a summary; the policy decides first.
 */
#include "db-attendance.h"
#include "calendar.h"
#include "db-internal.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The class, its teacher, and the policy's CLASS_READ. */
static enum ej_err class_allowed(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                                 long long *class_id, long long *teacher, struct ej_error *err)
{
    enum ej_err e = db_find_class(db, ctx, name, class_id, teacher, err);
    if (e != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = *teacher };
    return policy_check(ctx, POLICY_CLASS_READ, &o, err);
}

void db_attendance_free(struct att_day *a)
{
    if (!a)
        return;
    free(a->lessons);
    free(a->pupils);
    free(a->cells);
    free(a);
}

static int find_id(const long long *ids, int n, long long id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return i;
    return -1;
}

enum ej_err db_attendance_day(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                              int day, struct att_day **out, struct ej_error *err)
{
    *out = NULL;
    struct att_day *a = xcalloc(1, sizeof *a);
    long long *group = NULL, *lids = NULL, *pids = NULL;
    PGresult *r = NULL;
    enum ej_err e = class_allowed(db, ctx, class_name, &a->class_id, &a->class_teacher, err);
    if (e != EJ_OK)
        goto out;
    snprintf(a->class_name, sizeof a->class_name, "%s", class_name);
    char sid[32], cid[32], staff[32], date[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, a->class_id);
    DB_LL(staff, ctx->staff_id);
    const char *pt[] = { sid };
    if (!(r = db_exec(db, err, "SELECT ej_today($1)", 1, pt))) {
        e = db_fail(err);
        goto out;
    }
    a->today = db_day(r, 0, 0, 0);
    PQclear(r);
    a->day = day >= 0 ? day : a->today;
    cal_iso(a->day, date);
    const char *p[] = { sid, cid, date, staff };
    r = db_exec(
        db, err,
        "SELECT le.id, le.course_id, coalesce(le.num, -1), su.short_name, coalesce(g.name, ''), "
        "       coalesce(co.group_id, 0), le.held, le.attendance_taken_at IS NOT NULL, "
        "       coalesce(st.surname, ''), coalesce(st.name, ''), coalesce(st.patronymic, ''), "
        "       EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = le.school_id "
        "               AND ct.course_id = le.course_id AND ct.staff_id = $4 "
        "               AND ct.during @> le.date) OR coalesce(le.teacher_id, 0) = $4 "
        "  FROM lesson le "
        "  JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN LATERAL (SELECT s.surname, s.name, s.patronymic FROM staff s "
        "        WHERE s.school_id = le.school_id AND s.id = coalesce(le.teacher_id, "
        "          (SELECT ct.staff_id FROM course_teacher ct WHERE ct.school_id = le.school_id "
        "             AND ct.course_id = le.course_id AND ct.during @> le.date LIMIT 1))) st ON true "
        " WHERE le.school_id = $1 AND co.class_id = $2 AND le.date = $3::date "
        " ORDER BY le.num NULLS LAST, su.sort, g.name NULLS FIRST, le.id",
        4, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    a->nlessons = PQntuples(r);
    a->lessons = xcalloc((size_t)a->nlessons + 1, sizeof *a->lessons);
    lids = xcalloc((size_t)a->nlessons + 1, sizeof *lids);
    group = xcalloc((size_t)a->nlessons + 1, sizeof *group);
    for (int i = 0; i < a->nlessons; i++) {
        struct att_lesson *l = &a->lessons[i];
        l->id = lids[i] = db_ll(r, i, 0);
        l->course_id = db_ll(r, i, 1);
        l->num = (int)db_ll(r, i, 2);
        const char *gname = db_str(r, i, 4);
        if (*gname >= '0' && *gname <= '9') /* "1 группа" → "Англ 1" */
            snprintf(l->subject, sizeof l->subject, "%s %.*s", db_str(r, i, 3),
                     (int)strspn(gname, "0123456789"), gname);
        else if (*gname)
            snprintf(l->subject, sizeof l->subject, "%s (%s)", db_str(r, i, 3), gname);
        else
            snprintf(l->subject, sizeof l->subject, "%s", db_str(r, i, 3));
        group[i] = db_ll(r, i, 5);
        l->held = db_bool(r, i, 6);
        l->taken = db_bool(r, i, 7);
        if (*db_str(r, i, 8)) {
            char *t = journal_short_name(db_str(r, i, 8), db_str(r, i, 9), db_str(r, i, 10));
            snprintf(l->teacher, sizeof l->teacher, "%s", t);
            free(t);
        }
        l->mine = db_bool(r, i, 11);
    }
    PQclear(r);
    r = db_exec(db, err,
                "SELECT p.id, p.surname, p.name FROM enrollment e "
                "  JOIN pupil p ON p.school_id = e.school_id AND p.id = e.pupil_id "
                " WHERE e.school_id = $1 AND e.class_id = $2 AND e.during @> $3::date "
                " ORDER BY p.surname COLLATE \"ru-x-icu\", p.name COLLATE \"ru-x-icu\", "
                "       p.patronymic COLLATE \"ru-x-icu\", p.id",
                3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    a->npupils = PQntuples(r);
    a->pupils = xcalloc((size_t)a->npupils + 1, sizeof *a->pupils);
    pids = xcalloc((size_t)a->npupils + 1, sizeof *pids);
    for (int i = 0; i < a->npupils; i++) {
        a->pupils[i].id = pids[i] = db_ll(r, i, 0);
        snprintf(a->pupils[i].name, sizeof a->pupils[i].name, "%s %s", db_str(r, i, 1),
                 db_str(r, i, 2));
    }
    PQclear(r);
    a->cells = xcalloc((size_t)a->npupils * (size_t)a->nlessons + 1, sizeof *a->cells);
    /* A group's lesson: only its members attend. */
    r = db_exec(db, err,
                "SELECT gm.group_id, gm.pupil_id FROM group_member gm "
                "  JOIN study_group g ON g.school_id = gm.school_id AND g.id = gm.group_id "
                " WHERE gm.school_id = $1 AND g.class_id = $2 AND gm.during @> $3::date",
                3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    for (int l = 0; l < a->nlessons; l++) {
        if (!group[l])
            continue;
        for (int q = 0; q < a->npupils; q++)
            a->cells[q * a->nlessons + l] = ATT_NA;
        for (int i = 0; i < PQntuples(r); i++) {
            int q = find_id(pids, a->npupils, db_ll(r, i, 1));
            if (q >= 0 && db_ll(r, i, 0) == group[l])
                a->cells[q * a->nlessons + l] = RV_NONE;
        }
    }
    PQclear(r);
    r = db_exec(db, err,
                "SELECT a.lesson_id, a.pupil_id, a.code FROM attendance a "
                "  JOIN lesson le ON le.school_id = a.school_id AND le.id = a.lesson_id "
                "  JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "
                " WHERE a.school_id = $1 AND co.class_id = $2 AND le.date = $3::date",
                3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        int l = find_id(lids, a->nlessons, db_ll(r, i, 0));
        int q = find_id(pids, a->npupils, db_ll(r, i, 1));
        if (l >= 0 && q >= 0)
            a->cells[q * a->nlessons + l] = (int)rules_value_parse(db_str(r, i, 2));
    }
out:
    PQclear(r);
    free(group);
    free(lids);
    free(pids);
    if (e != EJ_OK) {
        db_attendance_free(a);
        return e;
    }
    *out = a;
    return EJ_OK;
}

enum ej_err db_attendance_my_classes(struct ej_db *db, const struct ej_ctx *ctx, char (*names)[16],
                                     int max, int *n, struct ej_error *err)
{
    *n = 0;
    if (!ctx->staff_id)
        return EJ_OK;
    char sid[32], staff[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(staff, ctx->staff_id);
    const char *p[] = { sid, staff };
    PGresult *r = db_exec(
        db, err,
        "SELECT cl.grade::text || cl.letter FROM class cl WHERE cl.school_id = $1 "
        "   AND cl.teacher_id = $2 AND cl.year_id = "
        "   (SELECT y.id FROM academic_year y WHERE y.school_id = $1 "
        "     ORDER BY (ej_today($1) BETWEEN y.starts AND y.ends) DESC, "
        "              (y.starts <= ej_today($1)) DESC, y.starts DESC LIMIT 1) "
        " ORDER BY cl.grade, cl.letter",
        2, p);
    if (!r)
        return db_fail(err);
    for (int i = 0; i < PQntuples(r) && *n < max; i++)
        snprintf(names[(*n)++], 16, "%s", db_str(r, i, 0));
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_attendance_summary(struct ej_db *db, const struct ej_ctx *ctx,
                                  const char *class_name, int from, int to,
                                  struct att_summary **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    long long class_id, teacher;
    enum ej_err e = class_allowed(db, ctx, class_name, &class_id, &teacher, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32], f[11], t[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    cal_iso(from, f);
    cal_iso(to, t);
    const char *p[] = { sid, cid, f, t };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.id, p.surname || ' ' || p.name, count(le.id), "
        "       count(a.code) FILTER (WHERE a.code = 'Н'), count(a.code) FILTER (WHERE a.code = 'Б'), "
        "       count(a.code) FILTER (WHERE a.code = 'У') "
        "  FROM enrollment e "
        "  JOIN pupil p ON p.school_id = e.school_id AND p.id = e.pupil_id "
        "  LEFT JOIN (lesson le JOIN course co ON co.school_id = le.school_id "
        "             AND co.id = le.course_id) "
        "       ON le.school_id = e.school_id AND co.class_id = e.class_id AND le.held "
        "      AND le.date BETWEEN $3::date AND $4::date AND e.during @> le.date "
        "      AND (co.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm "
        "           WHERE gm.school_id = co.school_id AND gm.group_id = co.group_id "
        "             AND gm.pupil_id = p.id AND gm.during @> le.date)) "
        "  LEFT JOIN attendance a ON a.school_id = le.school_id AND a.lesson_id = le.id "
        "       AND a.pupil_id = p.id "
        " WHERE e.school_id = $1 AND e.class_id = $2 "
        "   AND e.during && daterange($3::date, $4::date, '[]') "
        " GROUP BY p.id, p.surname, p.name, p.patronymic "
        " ORDER BY p.surname COLLATE \"ru-x-icu\", p.name COLLATE \"ru-x-icu\", "
        "       p.patronymic COLLATE \"ru-x-icu\", p.id",
        4, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct att_summary *s = &(*out)[i];
        s->pupil_id = db_ll(r, i, 0);
        snprintf(s->name, sizeof s->name, "%s", db_str(r, i, 1));
        s->lessons = (int)db_ll(r, i, 2);
        s->n = (int)db_ll(r, i, 3);
        s->b = (int)db_ll(r, i, 4);
        s->u = (int)db_ll(r, i, 5);
    }
    PQclear(r);
    return EJ_OK;
}
