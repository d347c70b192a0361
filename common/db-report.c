/*
 * db-report — the SQL behind the printed documents (db-report.h).  Set queries
 * over a class (or one course) and a date range; report.c assembles the pages.
 */
#include "db-report.h"
#include "calendar.h"
#include "db-internal.h"
#include "journal.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LL(buf, v) snprintf(buf, sizeof buf, "%lld", (long long)(v))

static enum ej_err fail(struct ej_error *err)
{
    return err && err->code != EJ_OK ? err->code : EJ_ETEMP;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static char *dup(const PGresult *r, int row, int col)
{
    return xstrdup(db_str(r, row, col));
}

static int day(const PGresult *r, int row, int col, int def)
{
    int d;
    return !db_null(r, row, col) && cal_parse(db_str(r, row, col), &d) ? d : def;
}

static bool tbool(const PGresult *r, int row, int col)
{
    return strcmp(db_str(r, row, col), "t") == 0;
}

#define CURRENT_YEAR_SQL                                                                          \
    "(SELECT y2.id FROM academic_year y2 WHERE y2.school_id = $1 "                               \
    "  ORDER BY (coalesce($6::date, ej_today($1)) BETWEEN y2.starts AND y2.ends) DESC, "        \
    "  (y2.starts <= coalesce($6::date, ej_today($1))) DESC, y2.starts DESC LIMIT 1)"

/* One row of the class query below into *out. */
static void class_from(const PGresult *r, int row, long long school_id, struct rp_class *out)
{
    out->id = db_ll(r, row, 0);
    out->school_id = school_id;
    out->grade = (int)db_ll(r, row, 1);
    copy(out->letter, sizeof out->letter, db_str(r, row, 2));
    snprintf(out->name, sizeof out->name, "%d%s", out->grade, out->letter);
    copy(out->scheme, sizeof out->scheme, db_str(r, row, 3));
    out->teacher_id = db_ll(r, row, 4);
    copy(out->teacher, sizeof out->teacher, db_str(r, row, 5));
    out->year_id = db_ll(r, row, 6);
    copy(out->year, sizeof out->year, db_str(r, row, 7));
    out->year_starts = day(r, row, 8, 0);
    out->year_ends = day(r, row, 9, 0);
    copy(out->school, sizeof out->school, db_str(r, row, 10));
    copy(out->school_short, sizeof out->school_short, db_str(r, row, 11));
    copy(out->director, sizeof out->director, db_str(r, row, 12));
}

#define CLASS_COLUMNS_SQL                                                                         \
    "SELECT c.id, c.grade, c.letter, c.period_scheme, coalesce(c.teacher_id, 0), "              \
    "       coalesce(st.surname || ' ' || st.name || "                                            \
    "                CASE WHEN st.patronymic <> '' THEN ' ' || st.patronymic ELSE '' END, ''), " \
    "       y.id, y.name, y.starts, y.ends, s.name, s.short_name, s.director "                   \
    "  FROM class c "                                                                              \
    "  JOIN academic_year y ON y.school_id = c.school_id AND y.id = c.year_id "                  \
    "  JOIN school s ON s.id = c.school_id "                                                      \
    "  LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.teacher_id "

enum ej_err db_report_class(struct ej_db *db, long long school_id, long long id, int grade,
                            const char *letter, const char *year, int dayno, struct rp_class *out,
                            struct ej_error *err)
{
    char sid[32], cid[32], gr[32], d[11];
    LL(sid, school_id);
    LL(cid, id);
    LL(gr, grade);
    if (dayno >= 0)
        cal_iso(dayno, d);
    const char *p[] = { sid, id > 0 ? cid : NULL, id > 0 ? NULL : gr, id > 0 ? NULL : letter,
                        id > 0 ? NULL : year, dayno >= 0 ? d : NULL };
    memset(out, 0, sizeof *out);
    PGresult *r = db_exec(
        db, err,
        CLASS_COLUMNS_SQL
        " WHERE c.school_id = $1 "
        "   AND ($2::bigint IS NULL OR c.id = $2) "
        "   AND ($3::int IS NULL OR (c.grade = $3 AND c.letter = $4::text)) "
        "   AND ($2::bigint IS NOT NULL OR "
        "        ($5::text IS NOT NULL AND y.name = $5) OR "
        "        ($5::text IS NULL AND y.id = " CURRENT_YEAR_SQL "))",
        6, p);
    if (!r)
        return fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "not found");
        goto out;
    }
    class_from(r, 0, school_id, out);
out:
    PQclear(r);
    return e;
}

enum ej_err db_report_classes(struct ej_db *db, long long school_id, int dayno,
                              struct rp_class **out, int *n, struct ej_error *err)
{
    char sid[32], d[11];
    LL(sid, school_id);
    if (dayno >= 0)
        cal_iso(dayno, d);
    const char *p[] = { sid, dayno >= 0 ? d : NULL };
    *out = NULL;
    *n = 0;
    PGresult *r = db_exec(
        db, err,
        CLASS_COLUMNS_SQL
        " WHERE c.school_id = $1 "
        "   AND y.id = (SELECT y2.id FROM academic_year y2 WHERE y2.school_id = $1 "
        "        ORDER BY (coalesce($2::date, ej_today($1)) BETWEEN y2.starts AND y2.ends) DESC, "
        "                 (y2.starts <= coalesce($2::date, ej_today($1))) DESC, "
        "                 y2.starts DESC LIMIT 1) "
        " ORDER BY c.grade, c.letter",
        2, p);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    *out = xcalloc(rows ? (size_t)rows : 1, sizeof **out);
    for (int i = 0; i < rows; i++)
        class_from(r, i, school_id, &(*out)[i]);
    *n = rows;
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_report_pupil_class(struct ej_db *db, long long school_id, long long pupil_id,
                                  int from, int to, long long *class_id, struct ej_error *err)
{
    char sid[32], pid[32], f[11], t[11];
    LL(sid, school_id);
    LL(pid, pupil_id);
    cal_iso(from, f);
    cal_iso(to, t);
    const char *p[] = { sid, pid, f, t };
    PGresult *r = db_exec(db, err,
                          "SELECT e.class_id FROM enrollment e "
                          " WHERE e.school_id = $1 AND e.pupil_id = $2 "
                          "   AND e.during && daterange($3::date, $4::date) "
                          " ORDER BY lower(e.during) DESC LIMIT 1",
                          4, p);
    if (!r)
        return fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1)
        e = ej_error_set(err, EJ_ENOTFOUND, "not found");
    else
        *class_id = db_ll(r, 0, 0);
    PQclear(r);
    return e;
}

enum ej_err db_report_own_child(struct ej_db *db, long long school_id, const long long *guardians,
                                int n, long long pupil_id, bool *own, struct ej_error *err)
{
    *own = false;
    if (n <= 0)
        return EJ_OK;
    struct ej_buf arr;
    buf_init(&arr);
    buf_puts(&arr, "{");
    for (int i = 0; i < n; i++)
        buf_printf(&arr, "%s%lld", i ? "," : "", guardians[i]);
    buf_puts(&arr, "}");
    char sid[32], pid[32];
    LL(sid, school_id);
    LL(pid, pupil_id);
    const char *p[] = { sid, pid, arr.data };
    PGresult *r = db_exec(db, err,
                          "SELECT EXISTS (SELECT 1 FROM pupil_guardian "
                          " WHERE school_id = $1 AND pupil_id = $2 AND guardian_id = ANY ($3::bigint[]))",
                          3, p);
    buf_free(&arr);
    if (!r)
        return fail(err);
    *own = tbool(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

/* ------------------------------------------------------------------ data */

static enum ej_err load_pupils(struct ej_db *db, const char *const *p, struct rp_data *d,
                               struct ej_error *err)
{
    PGresult *r = db_exec(
        db, err,
        "WITH g AS (SELECT co.group_id FROM course co WHERE co.school_id = $1 AND co.id = $3::bigint), "
        "x AS (SELECT e.pupil_id, e.during FROM enrollment e "
        "       WHERE e.school_id = $1 AND e.class_id = $2 "
        "         AND NOT EXISTS (SELECT 1 FROM g WHERE g.group_id IS NOT NULL) "
        "      UNION ALL "
        "      SELECT gm.pupil_id, gm.during FROM group_member gm "
        "       WHERE gm.school_id = $1 AND gm.group_id = (SELECT g.group_id FROM g)) "
        "SELECT p.id, p.surname, p.name, p.patronymic, p.paper_reports, min(lower(x.during)), "
        "       CASE WHEN bool_or(upper_inf(x.during)) THEN NULL ELSE max(upper(x.during)) END, "
        "       (SELECT e.order_out FROM enrollment e WHERE e.school_id = $1 AND e.class_id = $2 "
        "         AND e.pupil_id = p.id ORDER BY lower(e.during) DESC LIMIT 1), "
        "       (SELECT e.reason_out FROM enrollment e WHERE e.school_id = $1 AND e.class_id = $2 "
        "         AND e.pupil_id = p.id ORDER BY lower(e.during) DESC LIMIT 1) "
        "  FROM x JOIN pupil p ON p.school_id = $1 AND p.id = x.pupil_id "
        " WHERE x.during && daterange($4::date, $5::date) "
        " GROUP BY p.id, p.surname, p.name, p.patronymic, p.paper_reports "
        " ORDER BY p.surname COLLATE \"ru-x-icu\", p.name COLLATE \"ru-x-icu\", "
        "          p.patronymic COLLATE \"ru-x-icu\", p.id",
        5, p);
    if (!r)
        return fail(err);
    int n = PQntuples(r);
    d->pupils = xcalloc((size_t)n + 1, sizeof *d->pupils);
    for (int i = 0; i < n; i++) {
        struct rp_pupil *x = &d->pupils[i];
        x->id = db_ll(r, i, 0);
        x->surname = dup(r, i, 1);
        x->name = dup(r, i, 2);
        x->patronymic = dup(r, i, 3);
        x->paper = tbool(r, i, 4);
        x->from = day(r, i, 5, 0);
        x->to = day(r, i, 6, RP_OPEN);
        x->order_out = dup(r, i, 7);
        x->reason_out = dup(r, i, 8);
    }
    d->npupils = n;
    PQclear(r);
    return EJ_OK;
}

#define SCOPE                                                                                     \
    " co.school_id = $1 AND co.class_id = $2 AND ($3::bigint IS NULL OR co.id = $3) "            \
    " AND l.date >= $4::date AND l.date < $5::date AND l.held "

static enum ej_err load_absences(struct ej_db *db, const char *const *p, struct rp_data *d,
                                 struct ej_error *err)
{
    PGresult *r = db_exec(db, err,
                "SELECT a.lesson_id, a.pupil_id, a.code "
                "  FROM attendance a "
                "  JOIN lesson l ON l.school_id = a.school_id AND l.id = a.lesson_id "
                "  JOIN course co ON co.school_id = l.school_id AND co.id = l.course_id "
                " WHERE a.school_id = $1 AND" SCOPE " ORDER BY a.pupil_id, a.lesson_id",
                5, p);
    if (!r)
        return fail(err);
    int n = PQntuples(r);
    d->absences = xcalloc((size_t)n + 1, sizeof *d->absences);
    for (int i = 0; i < n; i++) {
        struct rp_absence *x = &d->absences[i];
        x->lesson_id = db_ll(r, i, 0);
        x->pupil_id = db_ll(r, i, 1);
        copy(x->code, sizeof x->code, db_str(r, i, 2));
    }
    d->nabsences = n;
    PQclear(r);
    return EJ_OK;
}

static enum ej_err load_lessons(struct ej_db *db, const char *const *p, struct rp_data *d,
                                struct ej_error *err)
{
    PGresult *r = db_exec(
        db, err,
        "SELECT l.id, l.course_id, coalesce(co.group_id, 0), co.subject_id, l.date, "
        "       coalesce(l.num, 0), su.name, su.short_name, l.topic, l.homework "
        "  FROM lesson l "
        "  JOIN course co ON co.school_id = l.school_id AND co.id = l.course_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        " WHERE l.school_id = $1 AND" SCOPE
        " ORDER BY l.date, l.num NULLS LAST, su.sort, su.name, l.id",
        5, p);
    if (!r)
        return fail(err);
    int n = PQntuples(r);
    d->lessons = xcalloc((size_t)n + 1, sizeof *d->lessons);
    for (int i = 0; i < n; i++) {
        struct rp_lesson *x = &d->lessons[i];
        x->id = db_ll(r, i, 0);
        x->course_id = db_ll(r, i, 1);
        x->group_id = db_ll(r, i, 2);
        x->subject_id = db_ll(r, i, 3);
        x->date = day(r, i, 4, 0);
        x->num = (int)db_ll(r, i, 5);
        x->subject = dup(r, i, 6);
        x->subject_short = dup(r, i, 7);
        x->topic = dup(r, i, 8);
        x->homework = dup(r, i, 9);
    }
    d->nlessons = n;
    PQclear(r);

    r = db_exec(db, err,
                "SELECT w.id, w.lesson_id, w.pos, wt.short_name "
                "  FROM work w "
                "  JOIN lesson l ON l.school_id = w.school_id AND l.id = w.lesson_id "
                "  JOIN course co ON co.school_id = l.school_id AND co.id = l.course_id "
                "  JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id "
                " WHERE w.school_id = $1 AND" SCOPE " ORDER BY l.date, l.num, w.lesson_id, w.pos",
                5, p);
    if (!r)
        return fail(err);
    n = PQntuples(r);
    d->works = xcalloc((size_t)n + 1, sizeof *d->works);
    for (int i = 0; i < n; i++) {
        struct rp_work *x = &d->works[i];
        x->id = db_ll(r, i, 0);
        x->lesson_id = db_ll(r, i, 1);
        x->pos = (int)db_ll(r, i, 2);
        x->short_name = dup(r, i, 3);
    }
    d->nworks = n;
    PQclear(r);

    r = db_exec(db, err,
                "SELECT m.work_id, w.lesson_id, m.pupil_id, m.seq, m.value "
                "  FROM mark m "
                "  JOIN work w ON w.school_id = m.school_id AND w.id = m.work_id "
                "  JOIN lesson l ON l.school_id = w.school_id AND l.id = w.lesson_id "
                "  JOIN course co ON co.school_id = l.school_id AND co.id = l.course_id "
                " WHERE m.school_id = $1 AND" SCOPE " ORDER BY m.pupil_id, w.lesson_id, w.pos, m.seq",
                5, p);
    if (!r)
        return fail(err);
    n = PQntuples(r);
    d->marks = xcalloc((size_t)n + 1, sizeof *d->marks);
    for (int i = 0; i < n; i++) {
        struct rp_mark *x = &d->marks[i];
        x->work_id = db_ll(r, i, 0);
        x->lesson_id = db_ll(r, i, 1);
        x->pupil_id = db_ll(r, i, 2);
        x->seq = (int)db_ll(r, i, 3);
        x->value = (int)db_ll(r, i, 4);
    }
    d->nmarks = n;
    PQclear(r);

    return load_absences(db, p, d, err);
}

static enum ej_err load_members(struct ej_db *db, const char *const *p, struct rp_data *d,
                                struct ej_error *err)
{
    const char *q[] = { p[0], p[1], p[3], p[4] };
    PGresult *r = db_exec(db, err,
                          "SELECT gm.group_id, gm.pupil_id, lower(gm.during), upper(gm.during) "
                          "  FROM group_member gm "
                          "  JOIN study_group g ON g.school_id = gm.school_id AND g.id = gm.group_id "
                          " WHERE gm.school_id = $1 AND g.class_id = $2 "
                          "   AND gm.during && daterange($3::date, $4::date)",
                          4, q);
    if (!r)
        return fail(err);
    int n = PQntuples(r);
    d->members = xcalloc((size_t)n + 1, sizeof *d->members);
    for (int i = 0; i < n; i++) {
        struct rp_member *x = &d->members[i];
        x->group_id = db_ll(r, i, 0);
        x->pupil_id = db_ll(r, i, 1);
        x->from = day(r, i, 2, 0);
        x->to = day(r, i, 3, RP_OPEN);
    }
    d->nmembers = n;
    PQclear(r);
    return EJ_OK;
}

static enum ej_err load_finals(struct ej_db *db, const char *const *p, struct rp_data *d,
                               struct ej_error *err)
{
    const char *q[] = { p[0], p[1], p[2] };
    PGresult *r = db_exec(db, err,
                          "SELECT f.course_id, co.subject_id, f.pupil_id, f.period_id, f.kind, f.value "
                          "  FROM final_mark f "
                          "  JOIN course co ON co.school_id = f.school_id AND co.id = f.course_id "
                          " WHERE f.school_id = $1 AND co.class_id = $2 "
                          "   AND ($3::bigint IS NULL OR co.id = $3)",
                          3, q);
    if (!r)
        return fail(err);
    int n = PQntuples(r);
    d->finals = xcalloc((size_t)n + 1, sizeof *d->finals);
    for (int i = 0; i < n; i++) {
        struct rp_final *x = &d->finals[i];
        x->course_id = db_ll(r, i, 0);
        x->subject_id = db_ll(r, i, 1);
        x->pupil_id = db_ll(r, i, 2);
        x->period_id = db_ll(r, i, 3);
        copy(x->kind, sizeof x->kind, db_str(r, i, 4));
        copy(x->value, sizeof x->value, db_str(r, i, 5));
    }
    d->nfinals = n;
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_report_load(struct ej_db *db, long long school_id, long long class_id,
                           long long course_id, int from, int to, unsigned what,
                           struct rp_data *out, struct ej_error *err)
{
    char sid[32], cid[32], coid[32], f[11], t[11];
    LL(sid, school_id);
    LL(cid, class_id);
    LL(coid, course_id);
    cal_iso(from, f);
    cal_iso(to, t);
    const char *p[] = { sid, cid, course_id > 0 ? coid : NULL, f, t };
    memset(out, 0, sizeof *out);
    enum ej_err e = EJ_OK;
    if ((what & RP_PUPILS) && (e = load_pupils(db, p, out, err)) != EJ_OK)
        goto out;
    if ((what & RP_LESSONS) && (e = load_lessons(db, p, out, err)) != EJ_OK)
        goto out;
    if ((what & RP_ABSENCES) && !(what & RP_LESSONS) &&
        (e = load_absences(db, p, out, err)) != EJ_OK)
        goto out;
    if ((what & RP_MEMBERS) && (e = load_members(db, p, out, err)) != EJ_OK)
        goto out;
    if ((what & RP_FINALS) && (e = load_finals(db, p, out, err)) != EJ_OK)
        goto out;
out:
    if (e != EJ_OK)
        db_report_data_free(out);
    return e;
}

void db_report_data_free(struct rp_data *d)
{
    for (int i = 0; i < d->npupils; i++) {
        free(d->pupils[i].surname);
        free(d->pupils[i].name);
        free(d->pupils[i].patronymic);
        free(d->pupils[i].order_out);
        free(d->pupils[i].reason_out);
    }
    for (int i = 0; i < d->nlessons; i++) {
        free(d->lessons[i].subject);
        free(d->lessons[i].subject_short);
        free(d->lessons[i].topic);
        free(d->lessons[i].homework);
    }
    for (int i = 0; i < d->nworks; i++)
        free(d->works[i].short_name);
    free(d->pupils);
    free(d->lessons);
    free(d->works);
    free(d->marks);
    free(d->absences);
    free(d->members);
    free(d->finals);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------------ lookups */

enum ej_err db_report_periods(struct ej_db *db, long long school_id, long long year_id,
                              const char *scheme, struct rp_period **out, int *n,
                              struct ej_error *err)
{
    char sid[32], yid[32];
    LL(sid, school_id);
    LL(yid, year_id);
    const char *p[] = { sid, yid, scheme };
    *out = NULL;
    *n = 0;
    PGresult *r = db_exec(db, err,
                          "SELECT id, num, name, starts, ends FROM period "
                          " WHERE school_id = $1 AND year_id = $2 AND scheme = $3 ORDER BY num",
                          3, p);
    if (!r)
        return fail(err);
    int k = PQntuples(r);
    struct rp_period *v = xcalloc((size_t)k + 1, sizeof *v);
    for (int i = 0; i < k; i++) {
        v[i].id = db_ll(r, i, 0);
        v[i].num = (int)db_ll(r, i, 1);
        v[i].name = dup(r, i, 2);
        v[i].starts = day(r, i, 3, 0);
        v[i].ends = day(r, i, 4, 0);
    }
    PQclear(r);
    *out = v;
    *n = k;
    return EJ_OK;
}

void db_report_periods_free(struct rp_period *p, int n)
{
    for (int i = 0; i < n; i++)
        free(p[i].name);
    free(p);
}

enum ej_err db_report_subjects(struct ej_db *db, long long school_id, long long class_id,
                               struct rp_subject **out, int *n, struct ej_error *err)
{
    char sid[32], cid[32];
    LL(sid, school_id);
    LL(cid, class_id);
    const char *p[] = { sid, cid };
    *out = NULL;
    *n = 0;
    PGresult *r = db_exec(db, err,
                          "SELECT su.id, su.name, su.short_name, cu.graded "
                          "  FROM curriculum cu "
                          "  JOIN subject su ON su.school_id = cu.school_id AND su.id = cu.subject_id "
                          " WHERE cu.school_id = $1 AND cu.class_id = $2 "
                          " ORDER BY su.sort, su.name",
                          2, p);
    if (!r)
        return fail(err);
    int k = PQntuples(r);
    struct rp_subject *v = xcalloc((size_t)k + 1, sizeof *v);
    for (int i = 0; i < k; i++) {
        v[i].id = db_ll(r, i, 0);
        v[i].name = dup(r, i, 1);
        v[i].short_name = dup(r, i, 2);
        v[i].graded = tbool(r, i, 3);
    }
    PQclear(r);
    *out = v;
    *n = k;
    return EJ_OK;
}

void db_report_subjects_free(struct rp_subject *s, int n)
{
    for (int i = 0; i < n; i++) {
        free(s[i].name);
        free(s[i].short_name);
    }
    free(s);
}

enum ej_err db_report_course(struct ej_db *db, long long school_id, long long course_id,
                             long long staff_id, struct rp_course *out, struct ej_error *err)
{
    char sid[32], coid[32], stid[32];
    LL(sid, school_id);
    LL(coid, course_id);
    LL(stid, staff_id);
    const char *p[] = { sid, coid, stid };
    memset(out, 0, sizeof *out);
    PGresult *r = db_exec(
        db, err,
        "SELECT co.id, co.class_id, coalesce(co.group_id, 0), co.subject_id, su.name, "
        "       coalesce(g.name, ''), coalesce(cu.graded, true), "
        "       coalesce((SELECT string_agg(st.surname || ' ' || st.name || "
        "                   CASE WHEN st.patronymic <> '' THEN ' ' || st.patronymic ELSE '' END, "
        "                   ', ' ORDER BY lower(ct.during)) "
        "                  FROM course_teacher ct JOIN staff st ON st.school_id = ct.school_id "
        "                   AND st.id = ct.staff_id "
        "                 WHERE ct.school_id = co.school_id AND ct.course_id = co.id), ''), "
        "       (SELECT st.surname FROM course_teacher ct JOIN staff st ON st.school_id = ct.school_id "
        "         AND st.id = ct.staff_id WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "         ORDER BY lower(ct.during) DESC LIMIT 1), "
        "       (SELECT st.name FROM course_teacher ct JOIN staff st ON st.school_id = ct.school_id "
        "         AND st.id = ct.staff_id WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "         ORDER BY lower(ct.during) DESC LIMIT 1), "
        "       (SELECT st.patronymic FROM course_teacher ct JOIN staff st ON st.school_id = ct.school_id "
        "         AND st.id = ct.staff_id WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "         ORDER BY lower(ct.during) DESC LIMIT 1), "
        "       $3::bigint <> 0 AND (EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = "
        "         co.school_id AND ct.course_id = co.id AND ct.staff_id = $3) "
        "         OR EXISTS (SELECT 1 FROM lesson l WHERE l.school_id = co.school_id "
        "         AND l.course_id = co.id AND l.teacher_id = $3)) "
        "  FROM course co "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN curriculum cu ON cu.school_id = co.school_id AND cu.class_id = co.class_id "
        "   AND cu.subject_id = co.subject_id "
        " WHERE co.school_id = $1 AND co.id = $2",
        3, p);
    if (!r)
        return fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "not found");
        goto out;
    }
    out->id = db_ll(r, 0, 0);
    out->class_id = db_ll(r, 0, 1);
    out->group_id = db_ll(r, 0, 2);
    out->subject_id = db_ll(r, 0, 3);
    out->subject = dup(r, 0, 4);
    out->group_name = dup(r, 0, 5);
    out->graded = tbool(r, 0, 6);
    out->teachers = dup(r, 0, 7);
    out->teacher_short = *db_str(r, 0, 8)
                             ? journal_short_name(db_str(r, 0, 8), db_str(r, 0, 9), db_str(r, 0, 10))
                             : xstrdup("");
    out->mine = tbool(r, 0, 11);
out:
    PQclear(r);
    return e;
}

void db_report_course_free(struct rp_course *c)
{
    free(c->subject);
    free(c->group_name);
    free(c->teachers);
    free(c->teacher_short);
    memset(c, 0, sizeof *c);
}
