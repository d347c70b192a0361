/*
 * db-journal — SQL for journals.  Reads gather the facts the policy module needs
 * and let it decide; every write runs in one transaction (db_tx_begin sets the
 * audit context) that first re-reads those facts under the same snapshot and asks
 * policy_check, so a screen's idea of who may edit is never the guard.
 */
#include "db-journal.h"
#include "calendar.h"
#include "db-internal.h"
#include "i18n.h"
#include "log.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LL(buf, v) snprintf(buf, sizeof buf, "%lld", (long long)(v))

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static bool tbool(const PGresult *r, int row, int col)
{
    return strcmp(db_str(r, row, col), "t") == 0;
}

static int tdate(const PGresult *r, int row, int col, int def)
{
    int d;
    return cal_parse(db_str(r, row, col), &d) ? d : def;
}

static enum ej_err fail(struct ej_error *err)
{
    return err ? err->code : EJ_ETEMP;
}

/* ------------------------------------------------------------------ courses */

enum ej_err db_journal_courses(struct ej_db *db, const struct ej_ctx *ctx,
                               struct db_course **out, int *n, struct ej_error *err)
{
    char sid[32], staff[32];
    LL(sid, ctx->school_id);
    LL(staff, ctx->staff_id);
    /* Whoever may read a journal they have nothing to do with (the office) gets every
     * course of the school; anyone else only the courses they teach, taught a lesson
     * of or lead the class of.  The policy below still decides each row: this only
     * spares reading (and discarding) the whole school for a teacher. */
    struct policy_object stranger = { 0 };
    stranger.school_id = ctx->school_id;
    const char *all = policy_allows(ctx, POLICY_JOURNAL_READ, &stranger) ? "t" : "f";
    const char *p[] = { sid, staff, all };
    *out = NULL;
    *n = 0;
    /* Today is read once (an InitPlan), not per course. */
    PGresult *r = db_exec(
        db, err,
        "WITH t AS MATERIALIZED (SELECT ej_today($1) AS today), "
        "     taught AS MATERIALIZED (SELECT DISTINCT le.course_id FROM lesson le "
        "        WHERE le.school_id = $1 AND le.teacher_id = $2), "
        "     teaches AS MATERIALIZED (SELECT DISTINCT ct.course_id FROM course_teacher ct "
        "        WHERE ct.school_id = $1 AND ct.staff_id = $2) "
        "SELECT co.id, cl.grade::text || cl.letter, coalesce(g.name, ''), su.name, "
        "       coalesce(st.surname, ''), coalesce(st.name, ''), coalesce(st.patronymic, ''), "
        "       co.id IN (SELECT course_id FROM teaches), "
        "       coalesce(cl.teacher_id, 0), "
        "       co.id IN (SELECT course_id FROM taught) "
        "  FROM course co "
        "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN LATERAL (SELECT ct.staff_id FROM course_teacher ct "
        "        WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "        ORDER BY (ct.during @> (SELECT today FROM t)) DESC, "
        "                 upper(ct.during) DESC NULLS FIRST "
        "        LIMIT 1) cur ON true "
        "  LEFT JOIN staff st ON st.school_id = co.school_id AND st.id = cur.staff_id "
        " WHERE co.school_id = $1 "
        "   AND cl.year_id = (SELECT y.id FROM academic_year y, t WHERE y.school_id = $1 "
        "        ORDER BY (t.today BETWEEN y.starts AND y.ends) DESC, "
        "                 (y.starts <= t.today) DESC, y.starts DESC LIMIT 1) "
        "   AND ($3::boolean OR cl.teacher_id = $2 OR co.id IN (SELECT course_id FROM teaches) "
        "        OR co.id IN (SELECT course_id FROM taught)) "
        " ORDER BY cl.grade, cl.letter, su.sort, su.name, g.name NULLS FIRST, co.id",
        3, p);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    struct db_course *v = xcalloc(rows ? (size_t)rows : 1, sizeof *v);
    int k = 0;
    for (int i = 0; i < rows; i++) {
        struct policy_object o = { 0 };
        o.school_id = ctx->school_id;
        o.course_teacher = tbool(r, i, 7);
        o.class_teacher = db_ll(r, i, 8);
        o.taught_any = tbool(r, i, 9);
        if (!policy_allows(ctx, POLICY_JOURNAL_READ, &o))
            continue;
        struct db_course *c = &v[k++];
        c->id = db_ll(r, i, 0);
        copy(c->class_name, sizeof c->class_name, db_str(r, i, 1));
        copy(c->group_name, sizeof c->group_name, db_str(r, i, 2));
        copy(c->subject, sizeof c->subject, db_str(r, i, 3));
        if (*db_str(r, i, 4)) {
            char *t = journal_short_name(db_str(r, i, 4), db_str(r, i, 5), db_str(r, i, 6));
            copy(c->teacher, sizeof c->teacher, t);
            free(t);
        }
        c->mine = o.course_teacher;
        c->my_class = ctx->staff_id && o.class_teacher == ctx->staff_id;
    }
    PQclear(r);
    *out = v;
    *n = k;
    return EJ_OK;
}

/* --------------------------------------------------------------------- home */

enum ej_err db_journal_school(struct ej_db *db, long long school_id, char *short_name, size_t n,
                              int *today, struct ej_error *err)
{
    char sid[32];
    LL(sid, school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(db, err,
                          "SELECT short_name, ej_today(id)::text FROM school WHERE id = $1", 1, p);
    if (!r)
        return fail(err);
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such school"));
    }
    copy(short_name, n, db_str(r, 0, 0));
    *today = tdate(r, 0, 1, 0);
    PQclear(r);
    return EJ_OK;
}

/* A lesson belongs to a teacher when they taught it, or when nobody else is
 * recorded and they are the course's teacher on its date. */
#define TEACHES_LESSON_SQL                                                                        \
    "(le.teacher_id = $2 OR (le.teacher_id IS NULL AND EXISTS (SELECT 1 FROM course_teacher ct " \
    "   WHERE ct.school_id = le.school_id AND ct.course_id = le.course_id AND ct.staff_id = $2 "  \
    "     AND ct.during @> le.date)))"

#define LESSON_JOINS_SQL                                                                          \
    "  JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "                  \
    "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "                    \
    "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "                \
    "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "

enum ej_err db_journal_home(struct ej_db *db, const struct ej_ctx *ctx, struct db_home *out,
                            struct ej_error *err)
{
    memset(out, 0, sizeof *out);
    char sid[32], staff[32];
    LL(sid, ctx->school_id);
    LL(staff, ctx->staff_id);
    const char *p1[] = { sid };
    PGresult *r = db_exec(db, err,
                          "SELECT short_name, ej_today(id)::text FROM school WHERE id = $1", 1, p1);
    if (!r)
        return fail(err);
    if (PQntuples(r) == 1) {
        copy(out->school_short, sizeof out->school_short, db_str(r, 0, 0));
        out->today = tdate(r, 0, 1, 0);
    }
    PQclear(r);
    if (!ctx->staff_id || !(ctx->roles & ROLE_TEACHER))
        return EJ_OK;

    if (!out->today)
        return EJ_OK; /* no such school: nothing of it to show */
    /* Today as read above, passed on: ej_today() per row made these queries cost
     * ~100 ms a login (make bench, issue #9). */
    char today[11];
    cal_iso(out->today, today);
    const char *p[] = { sid, staff, today };
    r = db_exec(db, err,
                "SELECT le.id, le.course_id, coalesce(le.num, 0), "
                "       coalesce(to_char(b.starts, 'HH24:MI'), ''), cl.grade::text || cl.letter, "
                "       coalesce(g.name, ''), su.name, le.topic <> '', le.homework <> '', "
                "       le.attendance_taken_at IS NOT NULL, le.held "
                "  FROM lesson le " LESSON_JOINS_SQL
                "  LEFT JOIN bell b ON b.school_id = le.school_id AND b.shift = cl.shift "
                "       AND b.num = le.num "
                " WHERE le.school_id = $1 AND le.date = $3::date AND " TEACHES_LESSON_SQL
                " ORDER BY le.num NULLS LAST, cl.grade, cl.letter, le.id",
                3, p);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    out->lessons = xcalloc(rows ? (size_t)rows : 1, sizeof *out->lessons);
    for (int i = 0; i < rows; i++) {
        struct db_home_lesson *l = &out->lessons[out->nlessons++];
        l->lesson_id = db_ll(r, i, 0);
        l->course_id = db_ll(r, i, 1);
        l->num = (int)db_ll(r, i, 2);
        copy(l->starts, sizeof l->starts, db_str(r, i, 3));
        copy(l->class_name, sizeof l->class_name, db_str(r, i, 4));
        copy(l->group_name, sizeof l->group_name, db_str(r, i, 5));
        copy(l->subject, sizeof l->subject, db_str(r, i, 6));
        l->has_topic = tbool(r, i, 7);
        l->has_homework = tbool(r, i, 8);
        l->attendance_taken = tbool(r, i, 9);
        l->held = tbool(r, i, 10);
    }
    PQclear(r);

    /* What is due or overdue in the current period, up to today.  It starts from the
     * teacher's own lessons, TEACHES_LESSON_SQL split in its two halves so that each
     * uses an index (lesson_teacher_date, course_teacher_staff), not from every course
     * of the school. */
    r = db_exec(
        db, err,
        "WITH mine AS ("
        "  SELECT le.id, le.school_id, le.course_id, le.date, le.topic, le.homework, "
        "         le.attendance_taken_at, cl.grade::text || cl.letter AS cname, "
        "         coalesce(g.name, '') AS gname, su.name AS sname "
        "    FROM (SELECT l.* FROM lesson l "
        "           WHERE l.school_id = $1 AND l.teacher_id = $2 AND l.date <= $3::date "
        "          UNION ALL "
        "          SELECT l.* FROM lesson l "
        "           WHERE l.school_id = $1 AND l.teacher_id IS NULL AND l.date <= $3::date "
        "             AND l.course_id IN (SELECT ct.course_id FROM course_teacher ct "
        "                  WHERE ct.school_id = $1 AND ct.staff_id = $2) "
        "             AND EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = $1 "
        "                  AND ct.course_id = l.course_id AND ct.staff_id = $2 "
        "                  AND ct.during @> l.date)) le " LESSON_JOINS_SQL
        "   WHERE le.held "
        "     AND le.date >= coalesce((SELECT max(pe.starts) FROM period pe "
        "          WHERE pe.school_id = cl.school_id AND pe.year_id = cl.year_id "
        "            AND pe.scheme = cl.period_scheme AND pe.starts <= $3::date), "
        "          $3::date - 30)) "
        "SELECT 0, id, course_id, date::text, 0, cname, gname, sname, '' FROM mine "
        " WHERE topic = '' AND date < $3::date "
        "UNION ALL SELECT 1, id, course_id, date::text, 0, cname, gname, sname, '' FROM mine "
        " WHERE attendance_taken_at IS NULL AND date < $3::date "
        "UNION ALL SELECT 2, id, course_id, date::text, 0, cname, gname, sname, '' FROM mine "
        " WHERE homework = '' AND date < $3::date "
        "UNION ALL SELECT 3, m.id, m.course_id, m.date::text, m.date + 5 - $3::date, "
        "       m.cname, m.gname, m.sname, wt.short_name "
        "  FROM mine m JOIN work w ON w.school_id = m.school_id AND w.lesson_id = m.id "
        "  JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id AND wt.written "
        " WHERE NOT EXISTS (SELECT 1 FROM mark mk WHERE mk.school_id = w.school_id "
        "                     AND mk.work_id = w.id) "
        "ORDER BY 4, 1, 6",
        3, p);
    if (!r)
        return fail(err);
    rows = PQntuples(r);
    out->alerts = xcalloc(rows ? (size_t)rows : 1, sizeof *out->alerts);
    for (int i = 0; i < rows; i++) {
        struct db_home_alert *a = &out->alerts[out->nalerts++];
        a->kind = (enum db_alert_kind)db_ll(r, i, 0);
        a->lesson_id = db_ll(r, i, 1);
        a->course_id = db_ll(r, i, 2);
        a->date = tdate(r, i, 3, 0);
        a->days_left = (int)db_ll(r, i, 4);
        copy(a->class_name, sizeof a->class_name, db_str(r, i, 5));
        copy(a->group_name, sizeof a->group_name, db_str(r, i, 6));
        copy(a->subject, sizeof a->subject, db_str(r, i, 7));
        copy(a->work_type, sizeof a->work_type, db_str(r, i, 8));
    }
    PQclear(r);
    return EJ_OK;
}

void db_journal_home_free(struct db_home *h)
{
    free(h->lessons);
    free(h->alerts);
    memset(h, 0, sizeof *h);
}

/* --------------------------------------------------------------------- load */

/* The values of the journal's period, of every pupil (pupil_id 0) or of one: marks,
 * absences, the period final.  The caller has cleared what is re-read. */
static enum ej_err load_values(struct ej_db *db, const struct ej_ctx *ctx, struct journal *j,
                               long long pupil_id, struct ej_error *err)
{
    const struct journal_period *per = journal_period(j);
    if (!per)
        return EJ_OK;
    char sid[32], cid[32], pid[32], pup[32], d1[11], d2[11];
    LL(sid, ctx->school_id);
    LL(cid, j->course_id);
    LL(pid, per->id);
    LL(pup, pupil_id);
    cal_iso(per->starts, d1);
    cal_iso(per->ends, d2);
    const char *p3[] = { sid, cid, pid, d1, d2, pup };
    PGresult *r = db_exec(db, err,
                "SELECT 'M', m.pupil_id, m.work_id, m.seq, m.value::text "
                "  FROM mark m JOIN work w ON w.school_id = m.school_id AND w.id = m.work_id "
                "  JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id "
                " WHERE m.school_id = $1 AND le.course_id = $2 "
                "   AND le.date BETWEEN $4::date AND $5::date "
                "   AND ($6::bigint = 0 OR m.pupil_id = $6::bigint) "
                "UNION ALL "
                "SELECT 'A', a.pupil_id, a.lesson_id, 0, a.code "
                "  FROM attendance a JOIN lesson le ON le.school_id = a.school_id "
                "   AND le.id = a.lesson_id "
                " WHERE a.school_id = $1 AND le.course_id = $2 "
                "   AND le.date BETWEEN $4::date AND $5::date "
                "   AND ($6::bigint = 0 OR a.pupil_id = $6::bigint) "
                "UNION ALL "
                "SELECT 'F', f.pupil_id, 0, 0, f.value FROM final_mark f "
                " WHERE f.school_id = $1 AND f.course_id = $2 AND f.period_id = $3 "
                "   AND f.kind = 'period' AND ($6::bigint = 0 OR f.pupil_id = $6::bigint)",
                6, p3);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        char k = db_str(r, i, 0)[0];
        long long pupil = db_ll(r, i, 1);
        if (k == 'M')
            journal_put_mark(j, pupil, db_ll(r, i, 2), (int)db_ll(r, i, 3), (int)db_ll(r, i, 4));
        else if (k == 'A')
            journal_put_absence(j, pupil, db_ll(r, i, 2), rules_value_parse(db_str(r, i, 4)));
        else if (k == 'F')
            journal_put_final(j, pupil, rules_value_parse(db_str(r, i, 4)));
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_journal_load(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                            long long period_id, struct journal **out, struct ej_error *err)
{
    *out = NULL;
    char sid[32], cid[32], pid[32];
    LL(sid, ctx->school_id);
    LL(cid, course_id);
    LL(pid, period_id);
    const char *p1[] = { sid, cid, pid };
    struct journal *j = NULL;
    enum ej_err e = EJ_OK;
    PGresult *r = db_exec(
        db, err,
        "SELECT co.class_id, coalesce(co.group_id, 0), co.subject_id, cl.grade, "
        "       cl.grade::text || cl.letter, coalesce(g.name, ''), su.name, "
        "       coalesce(cu.graded, true) AND cl.grade > 1, coalesce(cl.teacher_id, 0), "
        "       s.weighted_average, s.rounding_threshold::text, s.retake_rule, "
        "       ej_today(co.school_id)::text, coalesce(st.surname, ''), coalesce(st.name, ''), "
        "       coalesce(st.patronymic, ''), "
        "       (SELECT pe.id FROM period pe WHERE pe.school_id = co.school_id "
        "           AND pe.year_id = cl.year_id AND pe.scheme = cl.period_scheme "
        "         ORDER BY (pe.id = $3) DESC, "
        "                  (ej_today(co.school_id) BETWEEN pe.starts AND pe.ends) DESC, "
        "                  (pe.starts <= ej_today(co.school_id)) DESC, "
        "                  CASE WHEN pe.starts <= ej_today(co.school_id) THEN pe.starts END "
        "                  DESC NULLS LAST, pe.starts LIMIT 1) "
        "  FROM course co "
        "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  JOIN school s ON s.id = co.school_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN curriculum cu ON cu.school_id = co.school_id AND cu.class_id = co.class_id "
        "       AND cu.subject_id = co.subject_id "
        "  LEFT JOIN LATERAL (SELECT ct.staff_id FROM course_teacher ct "
        "        WHERE ct.school_id = co.school_id AND ct.course_id = co.id "
        "        ORDER BY (ct.during @> ej_today(co.school_id)) DESC, "
        "                 upper(ct.during) DESC NULLS FIRST LIMIT 1) cur ON true "
        "  LEFT JOIN staff st ON st.school_id = co.school_id AND st.id = cur.staff_id "
        " WHERE co.school_id = $1 AND co.id = $2",
        3, p1);
    if (!r)
        return fail(err);
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such journal"));
    }
    j = journal_new();
    j->school_id = ctx->school_id;
    j->course_id = course_id;
    j->class_id = db_ll(r, 0, 0);
    j->group_id = db_ll(r, 0, 1);
    j->subject_id = db_ll(r, 0, 2);
    j->grade = (int)db_ll(r, 0, 3);
    j->graded = tbool(r, 0, 7);
    j->class_teacher = db_ll(r, 0, 8);
    j->weighted = tbool(r, 0, 9);
    j->threshold = strtod(db_str(r, 0, 10), NULL);
    j->retake = rules_retake_parse(db_str(r, 0, 11));
    j->today = tdate(r, 0, 12, 0);
    {
        char *t = *db_str(r, 0, 13)
                      ? journal_short_name(db_str(r, 0, 13), db_str(r, 0, 14), db_str(r, 0, 15))
                      : xstrdup("");
        journal_set_course(j, db_str(r, 0, 4), db_str(r, 0, 5), db_str(r, 0, 6), t);
        free(t);
    }
    long long chosen = db_ll(r, 0, 16);
    PQclear(r);
    r = NULL;
    LL(pid, chosen);

    const char *p2[] = { sid, cid, pid };
    r = db_exec(
        db, err,
        "WITH pe AS (SELECT starts, ends FROM period WHERE school_id = $1 AND id = $3), "
        "     co AS (SELECT class_id, group_id FROM course WHERE school_id = $1 AND id = $2) "
        "SELECT 'P'::text AS k, p.id, p.num::bigint AS a, 0::bigint AS b, 0::bigint AS c, "
        "       p.name AS s1, ''::text AS s2, ''::text AS s3, p.starts::text AS d1, "
        "       p.ends::text AS d2, ''::text AS f, p.locked_at IS NOT NULL AS f1, false AS f2, "
        "       false AS f3, row_number() OVER (ORDER BY p.starts) AS ord "
        "  FROM period p JOIN class cl ON cl.school_id = p.school_id "
        "   AND cl.id = (SELECT class_id FROM co) "
        " WHERE p.school_id = $1 AND p.year_id = cl.year_id AND p.scheme = cl.period_scheme "
        "UNION ALL "
        "SELECT 'T', ct.staff_id, 0, 0, 0, '', '', '', lower(ct.during)::text, "
        "       upper(ct.during)::text, '', false, false, false, 0 "
        "  FROM course_teacher ct WHERE ct.school_id = $1 AND ct.course_id = $2 "
        "UNION ALL "
        "SELECT 'W', wt.id, 0, 0, 0, wt.name, wt.short_name, '', NULL, NULL, wt.weight::text, "
        "       wt.written, false, false, row_number() OVER (ORDER BY wt.sort, wt.id) "
        "  FROM work_type wt WHERE wt.school_id = $1 "
        "UNION ALL "
        "SELECT 'U', pu.id, 0, 0, 0, pu.surname, pu.name, pu.patronymic, lower(r.during)::text, "
        "       upper(r.during)::text, '', false, false, false, "
        "       row_number() OVER (ORDER BY pu.surname COLLATE \"ru-x-icu\", "
        "            pu.name COLLATE \"ru-x-icu\", pu.patronymic COLLATE \"ru-x-icu\", pu.id, "
        "            lower(r.during)) "
        "  FROM (SELECT e.pupil_id, e.during FROM enrollment e, co, pe "
        "         WHERE e.school_id = $1 AND co.group_id IS NULL AND e.class_id = co.class_id "
        "           AND e.during && daterange(pe.starts, pe.ends, '[]') "
        "        UNION ALL "
        "        SELECT gm.pupil_id, gm.during FROM group_member gm, co, pe "
        "         WHERE gm.school_id = $1 AND gm.group_id = co.group_id "
        "           AND gm.during && daterange(pe.starts, pe.ends, '[]')) r "
        "  JOIN pupil pu ON pu.school_id = $1 AND pu.id = r.pupil_id "
        "UNION ALL "
        "SELECT 'L', le.id, coalesce(le.num, 0), coalesce(le.teacher_id, 0), "
        "       coalesce(le.plan_item_id, 0), le.topic, le.homework, '', le.date::text, NULL, '', "
        "       le.held, le.attendance_taken_at IS NOT NULL, le.from_timetable, "
        "       row_number() OVER (ORDER BY le.date, le.num NULLS LAST, le.id) "
        "  FROM lesson le, pe "
        " WHERE le.school_id = $1 AND le.course_id = $2 AND le.date BETWEEN pe.starts AND pe.ends "
        "UNION ALL "
        "SELECT 'K', w.id, w.lesson_id, w.work_type_id, w.pos, w.title, '', '', NULL, NULL, '', "
        "       false, false, false, row_number() OVER (ORDER BY w.lesson_id, w.pos) "
        "  FROM work w JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id, pe "
        " WHERE le.school_id = $1 AND le.course_id = $2 AND le.date BETWEEN pe.starts AND pe.ends "
        "ORDER BY 1, 15",
        3, p2);
    if (!r) {
        e = fail(err);
        goto out;
    }
    int rows = PQntuples(r);
    /* Kinds arrive sorted K, L, P, T, U, W; build in dependency order. */
    static const char order[] = "PTWULK";
    for (const char *k = order; *k; k++) {
        for (int i = 0; i < rows; i++) {
            const char *kind = db_str(r, i, 0);
            if (kind[0] != *k)
                continue;
            long long id = db_ll(r, i, 1);
            switch (*k) {
            case 'P': {
                int pi = journal_add_period(j, id, (int)db_ll(r, i, 2), db_str(r, i, 5),
                                            tdate(r, i, 8, 0), tdate(r, i, 9, 0), tbool(r, i, 11));
                if (id == chosen)
                    j->period = pi;
                break;
            }
            case 'T':
                journal_add_teacher(j, id, tdate(r, i, 8, -JOURNAL_OPEN_END),
                                    tdate(r, i, 9, JOURNAL_OPEN_END));
                break;
            case 'W':
                journal_add_type(j, id, db_str(r, i, 5), db_str(r, i, 6),
                                 strtod(db_str(r, i, 10), NULL), tbool(r, i, 11));
                break;
            case 'U':
                journal_add_pupil(j, id, db_str(r, i, 5), db_str(r, i, 6), db_str(r, i, 7),
                                  tdate(r, i, 8, 0), tdate(r, i, 9, JOURNAL_OPEN_END));
                break;
            case 'L': {
                int l = journal_add_lesson(j, id, tdate(r, i, 8, 0), (int)db_ll(r, i, 2),
                                           db_str(r, i, 5), db_str(r, i, 6), tbool(r, i, 11),
                                           tbool(r, i, 12));
                j->lessons[l].teacher_id = db_ll(r, i, 3);
                j->lessons[l].plan_item_id = db_ll(r, i, 4);
                j->lessons[l].from_timetable = tbool(r, i, 13);
                break;
            }
            case 'K':
                journal_add_work(j, journal_lesson_index(j, db_ll(r, i, 2)), id, db_ll(r, i, 3),
                                 (int)db_ll(r, i, 4));
                break;
            }
        }
    }
    PQclear(r);
    r = NULL;
    journal_finish(j);

    struct policy_object o;
    journal_policy_object(j, ctx, -1, -1, &o);
    e = policy_check(ctx, POLICY_JOURNAL_READ, &o, err);
    if (e != EJ_OK)
        goto out;
    const struct journal_period *per = journal_period(j);
    if (!per)
        goto out; /* a year without periods: an empty journal */

    e = load_values(db, ctx, j, 0, err);
out:
    PQclear(r);
    if (e != EJ_OK) {
        journal_free(j);
        return e;
    }
    *out = j;
    return EJ_OK;
}

enum ej_err db_journal_reload_pupil(struct ej_db *db, const struct ej_ctx *ctx, struct journal *j,
                                    long long pupil_id, struct ej_error *err)
{
    int p = journal_pupil_index(j, pupil_id);
    if (p < 0)
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
    struct policy_object o;
    journal_policy_object(j, ctx, -1, -1, &o);
    enum ej_err e = policy_check(ctx, POLICY_JOURNAL_READ, &o, err);
    if (e != EJ_OK)
        return e;
    /* On a failed read the row is left empty: the caller reloads the whole journal. */
    journal_clear_pupil(j, p);
    return load_values(db, ctx, j, pupil_id, err);
}

/* ------------------------------------------------------------------- writes */

/* Facts about a lesson, read inside the write's transaction. */
struct lesson_facts {
    long long course_id;
    int date;
    bool graded;
    enum rules_value code; /* the pupil's absence code there now (RV_NONE) */
    struct policy_object o;
};

/* The facts of lesson $2 for staff $3 and pupil $4 in school $1. */
#define LESSON_FACTS_SQL                                                                          \
    "SELECT le.course_id, le.date::text, coalesce(le.teacher_id, 0), "                           \
    "       coalesce(cl.teacher_id, 0), "                                                         \
    "       EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = le.school_id "          \
    "               AND ct.course_id = le.course_id AND ct.staff_id = $3 "                       \
    "               AND ct.during @> le.date), "                                                  \
    "       coalesce(cu.graded, true) AND cl.grade > 1, "                                        \
    "       EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = le.school_id "                \
    "               AND a.lesson_id = le.id AND a.pupil_id = $4), "                              \
    "       (SELECT a.code FROM attendance a WHERE a.school_id = le.school_id "                  \
    "               AND a.lesson_id = le.id AND a.pupil_id = $4) "                               \
    "  FROM lesson le "                                                                           \
    "  JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "                  \
    "  JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "                    \
    "  LEFT JOIN curriculum cu ON cu.school_id = co.school_id AND cu.class_id = co.class_id "    \
    "       AND cu.subject_id = co.subject_id "                                                   \
    " WHERE le.school_id = $1 AND le.id = $2"

/* Fill f from LESSON_FACTS_SQL's result (cleared here). */
static enum ej_err lesson_facts_from(PGresult *r, const struct ej_ctx *ctx, long long pupil_id,
                                     struct lesson_facts *f, struct ej_error *err)
{
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such lesson"));
    }
    memset(f, 0, sizeof *f);
    f->course_id = db_ll(r, 0, 0);
    f->date = tdate(r, 0, 1, 0);
    f->graded = tbool(r, 0, 5);
    f->o.school_id = ctx->school_id;
    f->o.lesson_teacher = ctx->staff_id && db_ll(r, 0, 2) == ctx->staff_id;
    f->o.class_teacher = db_ll(r, 0, 3);
    f->o.course_teacher = tbool(r, 0, 4);
    f->o.has_absence = tbool(r, 0, 6);
    f->code = db_null(r, 0, 7) ? RV_NONE : rules_value_parse(db_str(r, 0, 7));
    f->o.pupil_id = pupil_id;
    PQclear(r);
    return EJ_OK;
}

static enum ej_err lesson_facts(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                long long pupil_id, struct lesson_facts *f, struct ej_error *err)
{
    char sid[32], lid[32], staff[32], pup[32];
    LL(sid, ctx->school_id);
    LL(lid, lesson_id);
    LL(staff, ctx->staff_id);
    LL(pup, pupil_id);
    const char *p[] = { sid, lid, staff, pup };
    PGresult *r = db_exec(db, err, LESSON_FACTS_SQL, 4, p);
    if (!r)
        return fail(err);
    return lesson_facts_from(r, ctx, pupil_id, f, err);
}

/* One attempt of a write: runs its own transaction, rolls back on failure. */
typedef enum ej_err (*write_fn)(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                struct ej_error *err);
/* After a lost COMMIT reply: 1 the change is in the database, 0 it is not, -1 unknown. */
typedef int (*verify_fn)(struct ej_db *db, const struct ej_ctx *ctx, void *arg);

static enum ej_err write_retry(struct ej_db *db, const struct ej_ctx *ctx, write_fn fn,
                               verify_fn verify, void *arg, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    enum ej_err e = EJ_ETEMP;
    for (int attempt = 0; attempt < 2; attempt++) {
        e = fn(db, ctx, arg, err);
        if (e != EJ_ETEMP)
            return e;
        bool unknown = db_commit_unknown(db);
        struct ej_error e2;
        if (db_ensure(db, &e2) != EJ_OK)
            return ej_error_set(err, EJ_ETEMP, "%s",
                                _("Database unavailable: the change was NOT saved"));
        if (unknown) {
            int v = verify ? verify(db, ctx, arg) : -1;
            if (v == 1)
                return EJ_OK;
            if (v < 0)
                return ej_error_set(err, EJ_ETEMP, "%s",
                                    _("Connection lost while saving: the change was NOT "
                                      "confirmed, check the cell"));
        }
    }
    if (e == EJ_ETEMP)
        ej_error_set(err, EJ_ETEMP, "%s", _("Database unavailable: the change was NOT saved"));
    return e;
}

/* ---- marks */

struct mark_args {
    long long lesson_id, work_id, pupil_id;
    int seq, value;
};

/* The first mark of a lesson without a work: the work of the school's default type and
 * the mark, in one statement ($1 school, $2 0, $3 pupil, $4 seq, $5 value, $6 lesson). */
#define MARK_NEW_WORK_SQL                                                                          \
    "WITH nw AS (INSERT INTO work (school_id, lesson_id, work_type_id, pos) "                      \
    "           SELECT $1, $6, (SELECT id FROM work_type WHERE school_id = $1 "                    \
    "                            ORDER BY sort, id LIMIT 1), "                                     \
    "                  coalesce((SELECT max(pos) FROM work WHERE school_id = $1 "                  \
    "                            AND lesson_id = $6), 0) + 1 "                                     \
    "           WHERE $2::bigint = 0 RETURNING id), "                                              \
    "     w AS (INSERT INTO mark (school_id, work_id, pupil_id, seq, value) "                      \
    "           SELECT $1, nw.id, $3, $4, $5 FROM nw RETURNING 1) "                                \
    "SELECT count(*), max(nw.id) FROM nw"

/* A mark into work $2 (the same parameters).  The work must belong to the lesson the
 * policy was asked about: the statement writes nothing otherwise, and says so (its
 * first column, 0). */
#define MARK_WRITE_SQL                                                                             \
    "WITH ok AS (SELECT id FROM work WHERE school_id = $1 AND id = $2 "                            \
    "              AND lesson_id = $6), "                                                          \
    "     w AS (INSERT INTO mark (school_id, work_id, pupil_id, seq, value) "                      \
    "           SELECT $1, ok.id, $3, $4, $5 FROM ok "                                             \
    "           ON CONFLICT (school_id, work_id, pupil_id, seq) "                                  \
    "           DO UPDATE SET value = EXCLUDED.value RETURNING 1) "                                \
    "SELECT (SELECT count(*) FROM ok), $2::bigint"

/* A mark's first round trip: BEGIN, the audit context and the lesson's facts; then the
 * policy, and the rules for `value` (0: clearing).  On a refusal the transaction is
 * rolled back. */
static enum ej_err mark_begin(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                              long long pupil_id, int value, struct ej_error *err)
{
    char sid[32], lid[32], pid[32], staff[32];
    LL(sid, ctx->school_id);
    LL(lid, lesson_id);
    LL(pid, pupil_id);
    LL(staff, ctx->staff_id);
    const char *fp[] = { sid, lid, staff, pid };
    struct db_stmt facts = { LESSON_FACTS_SQL, 4, fp, NULL, true };
    enum ej_err e = db_tx_begin_with(db, &facts, err);
    if (e != EJ_OK)
        return e;
    struct lesson_facts f;
    if ((e = lesson_facts_from(facts.res, ctx, pupil_id, &f, err)) != EJ_OK ||
        (e = policy_check(ctx, POLICY_MARK_SET, &f.o, err)) != EJ_OK ||
        (value && (e = rules_check(RULES_CELL_MARK, (enum rules_value)value, f.graded, err)) !=
                      EJ_OK))
        db_tx_rollback(db);
    return e;
}

/* A mark costs two round trips (issue #9: it was seven, then the grid's re-read):
 * BEGIN, the audit context and the lesson's facts in one; the policy and the rules
 * decided here; then the write and COMMIT in the other.  The write checks in the same
 * statement that the work belongs to that lesson, or, for the first mark of a lesson
 * without a work, creates the work of the school's default type with the mark. */
static enum ej_err mark_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                struct ej_error *err)
{
    struct mark_args *a = arg;
    enum ej_err e = mark_begin(db, ctx, a->lesson_id, a->pupil_id, a->value, err);
    if (e != EJ_OK)
        return e;
    char sid[32], lid[32], wid[32], pid[32], seq[8], val[8];
    LL(sid, ctx->school_id);
    LL(lid, a->lesson_id);
    LL(pid, a->pupil_id);
    snprintf(seq, sizeof seq, "%d", a->seq);
    snprintf(val, sizeof val, "%d", a->value);
    if (a->work_id == 0 && !a->value)
        return db_tx_commit(db, err);
    LL(wid, a->work_id);
    const char *p[] = { sid, wid, pid, seq, val, lid };
    struct db_stmt write = { NULL, 6, p, NULL, true };
    if (a->work_id == 0)
        write.sql = MARK_NEW_WORK_SQL;
    else if (a->value)
        write.sql = MARK_WRITE_SQL;
    else /* Clearing a first mark takes its retakes with it: a retake needs a first mark. */
        write.sql = "WITH ok AS (SELECT id FROM work WHERE school_id = $1 AND id = $2 "
                    "              AND lesson_id = $6), "
                    "     w AS (DELETE FROM mark WHERE school_id = $1 "
                    "             AND work_id = (SELECT id FROM ok) AND pupil_id = $3 "
                    "             AND seq >= $4 AND $5::int = 0 RETURNING 1) "
                    "SELECT (SELECT count(*) FROM ok), $2::bigint";
    e = db_tx_commit_with(db, &write, err);
    /* The work, even when the COMMIT's reply was lost: mark_verify looks there. */
    if (write.res && PQntuples(write.res) == 1)
        a->work_id = db_ll(write.res, 0, 1);
    bool ok = write.res && db_ll(write.res, 0, 0) == 1;
    PQclear(write.res);
    if (e != EJ_OK)
        return e;
    if (!ok)
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such work"));
    return EJ_OK;
}

void db_journal_warm(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                     long long pupil_id)
{
    int backend = db_backend(db);
    if (backend == 0 || backend == db->warm_backend)
        return;
    db->warm_backend = backend;
    /* mark_attempt's path, under the policy as every write is, ended by ROLLBACK: the
     * first mark of a lesson (which runs the triggers), then a later mark's statement
     * for no work (planned, writes nothing). */
    struct ej_error err;
    if (mark_begin(db, ctx, lesson_id, pupil_id, 5, &err) != EJ_OK)
        return; /* refused, and rolled back */
    char sid[32], lid[32], pid[32];
    LL(sid, ctx->school_id);
    LL(lid, lesson_id);
    LL(pid, pupil_id);
    const char *p[] = { sid, "0", pid, "1", "5", lid };
    struct db_stmt v[3] = { { MARK_NEW_WORK_SQL, 6, p, NULL, true },
                            { MARK_WRITE_SQL, 6, p, NULL, true },
                            { "ROLLBACK", 0, NULL, NULL, false } };
    db_pipeline(db, v, 3, &err);
    bool ended = v[2].res != NULL;
    for (int i = 0; i < 3; i++)
        PQclear(v[i].res);
    if (ended)
        db->in_tx = false;
    else /* the write failed and the ROLLBACK was skipped with it */
        db_tx_rollback(db);
}

static int mark_verify(struct ej_db *db, const struct ej_ctx *ctx, void *arg)
{
    struct mark_args *a = arg;
    if (!a->work_id)
        return a->value ? -1 : 1;
    char sid[32], wid[32], pid[32], seq[8];
    LL(sid, ctx->school_id);
    LL(wid, a->work_id);
    LL(pid, a->pupil_id);
    snprintf(seq, sizeof seq, "%d", a->seq);
    const char *p[] = { sid, wid, pid, seq };
    PGresult *r = db_exec(db, NULL,
                          "SELECT value FROM mark WHERE school_id = $1 AND work_id = $2 "
                          "AND pupil_id = $3 AND seq = $4",
                          4, p);
    if (!r)
        return -1;
    int v = PQntuples(r) ? (int)db_ll(r, 0, 0) : 0;
    PQclear(r);
    return v == a->value ? 1 : 0;
}

enum ej_err db_journal_mark_set(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                long long work_id, long long pupil_id, int seq, int value,
                                long long *work_out, struct ej_error *err)
{
    if (seq < 1 || seq > JOURNAL_MAX_SEQ)
        return ej_error_set(err, EJ_EINVAL, "%s", _("At most two retakes of one work"));
    struct mark_args a = { lesson_id, work_id, pupil_id, seq, value };
    enum ej_err e = write_retry(db, ctx, mark_attempt, mark_verify, &a, err);
    if (work_out)
        *work_out = e == EJ_OK ? a.work_id : 0;
    return e;
}

/* ---- attendance */

struct absence_args {
    const long long *lessons;
    int n;
    long long pupil_id;
    enum rules_value code;
};

/* One lesson's absence inside the open transaction: the policy, the row, and
 * "attendance taken" when the lesson's own teacher sets it. */
static enum ej_err absence_one(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                               long long pupil_id, enum rules_value code, struct ej_error *err)
{
    struct lesson_facts f;
    enum ej_err e = lesson_facts(db, ctx, lesson_id, pupil_id, &f, err);
    if (e != EJ_OK)
        return e;
    bool teacher = policy_allows(ctx, POLICY_ABSENT_SET, &f.o);
    /* Setting a reason, or withdrawing one (clearing Б/У), is the reason-setter's. */
    if (code == RV_B || code == RV_U || (code == RV_NONE && (f.code == RV_B || f.code == RV_U)))
        e = policy_check(ctx, POLICY_REASON_SET, &f.o, err);
    else
        e = policy_check(ctx, POLICY_ABSENT_SET, &f.o, err);
    if (e != EJ_OK)
        return e;
    char sid[32], lid[32], pid[32];
    LL(sid, ctx->school_id);
    LL(lid, lesson_id);
    LL(pid, pupil_id);
    if (code != RV_NONE) {
        const char *p[] = { sid, lid, pid, rules_value_str(code) };
        e = db_run(db, err,
                   "INSERT INTO attendance (school_id, lesson_id, pupil_id, code) "
                   "VALUES ($1, $2, $3, $4) ON CONFLICT (school_id, lesson_id, pupil_id) "
                   "DO UPDATE SET code = EXCLUDED.code",
                   4, p);
    } else {
        const char *p[] = { sid, lid, pid };
        e = db_run(db, err,
                   "DELETE FROM attendance WHERE school_id = $1 AND lesson_id = $2 "
                   "AND pupil_id = $3",
                   3, p);
    }
    if (e != EJ_OK || !teacher || code == RV_NONE)
        return e;
    const char *p[] = { sid, lid };
    return db_run(db, err,
                  "UPDATE lesson SET attendance_taken_at = ej_now(), "
                  "       attendance_taken_by = nullif(current_setting('ej.account'), '0')::bigint "
                  " WHERE school_id = $1 AND id = $2 AND attendance_taken_at IS NULL",
                  2, p);
}

static enum ej_err absence_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                   struct ej_error *err)
{
    struct absence_args *a = arg;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    for (int i = 0; i < a->n; i++)
        if ((e = absence_one(db, ctx, a->lessons[i], a->pupil_id, a->code, err)) != EJ_OK)
            goto fail;
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

static int absence_verify(struct ej_db *db, const struct ej_ctx *ctx, void *arg)
{
    struct absence_args *a = arg;
    for (int i = 0; i < a->n; i++) {
        char sid[32], lid[32], pid[32];
        LL(sid, ctx->school_id);
        LL(lid, a->lessons[i]);
        LL(pid, a->pupil_id);
        const char *p[] = { sid, lid, pid };
        PGresult *r = db_exec(db, NULL,
                              "SELECT code FROM attendance WHERE school_id = $1 "
                              "AND lesson_id = $2 AND pupil_id = $3",
                              3, p);
        if (!r)
            return -1;
        enum rules_value v = PQntuples(r) ? rules_value_parse(db_str(r, 0, 0)) : RV_NONE;
        PQclear(r);
        if (v != a->code)
            return 0;
    }
    return 1;
}

enum ej_err db_journal_absence_set_many(struct ej_db *db, const struct ej_ctx *ctx,
                                        const long long *lesson_ids, int n, long long pupil_id,
                                        enum rules_value code, struct ej_error *err)
{
    if (code != RV_NONE && !rules_is_absence(code))
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("Attendance: only Н (absent), Б (ill) or У (excused reason) (cl. 3.4)"));
    if (n <= 0)
        return ej_error_set(err, EJ_EINVAL, "%s", _("No lessons that day"));
    struct absence_args a = { lesson_ids, n, pupil_id, code };
    return write_retry(db, ctx, absence_attempt, absence_verify, &a, err);
}

enum ej_err db_journal_absence_set(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                   long long pupil_id, enum rules_value code,
                                   struct ej_error *err)
{
    return db_journal_absence_set_many(db, ctx, &lesson_id, 1, pupil_id, code, err);
}

static enum ej_err taken_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                 struct ej_error *err)
{
    long long lesson_id = *(long long *)arg;
    struct lesson_facts f;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    if ((e = lesson_facts(db, ctx, lesson_id, 0, &f, err)) != EJ_OK ||
        (e = policy_check(ctx, POLICY_ABSENT_SET, &f.o, err)) != EJ_OK)
        goto fail;
    if (f.date > 0) {
        char sid[32], lid[32];
        LL(sid, ctx->school_id);
        LL(lid, lesson_id);
        const char *p[] = { sid, lid };
        PGresult *r = db_exec(db, err, "SELECT ej_today($1) < date FROM lesson "
                                       "WHERE school_id = $1 AND id = $2", 2, p);
        if (!r) {
            e = fail(err);
            goto fail;
        }
        bool future = PQntuples(r) == 1 && tbool(r, 0, 0);
        PQclear(r);
        if (future) {
            e = ej_error_set(err, EJ_EINVAL, "%s",
                             _("Attendance cannot be taken for a future lesson"));
            goto fail;
        }
        e = db_run(db, err,
                   "UPDATE lesson SET attendance_taken_at = ej_now(), "
                   "       attendance_taken_by = nullif(current_setting('ej.account'), '0')::bigint "
                   " WHERE school_id = $1 AND id = $2 AND attendance_taken_at IS NULL",
                   2, p);
        if (e != EJ_OK)
            goto fail;
    }
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

enum ej_err db_journal_attendance_taken(struct ej_db *db, const struct ej_ctx *ctx,
                                        long long lesson_id, struct ej_error *err)
{
    return write_retry(db, ctx, taken_attempt, NULL, &lesson_id, err);
}

/* ---- finals */

struct final_args {
    long long course_id, period_id, pupil_id;
    enum rules_value v;
};

static enum ej_err final_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                 struct ej_error *err)
{
    struct final_args *a = arg;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32], peid[32], pid[32], staff[32];
    LL(sid, ctx->school_id);
    LL(cid, a->course_id);
    LL(peid, a->period_id);
    LL(pid, a->pupil_id);
    LL(staff, ctx->staff_id);
    const char *p[] = { sid, cid, peid, staff };
    PGresult *r = db_exec(
        db, err,
        "SELECT coalesce(cl.teacher_id, 0), "
        "       EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = co.school_id "
        "               AND ct.course_id = co.id AND ct.staff_id = $4 "
        "               AND ct.during && daterange(pe.starts, pe.ends, '[]')), "
        "       coalesce(cu.graded, true) AND cl.grade > 1 "
        "  FROM course co JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
        "  JOIN period pe ON pe.school_id = co.school_id AND pe.id = $3 "
        "  LEFT JOIN curriculum cu ON cu.school_id = co.school_id AND cu.class_id = co.class_id "
        "       AND cu.subject_id = co.subject_id "
        " WHERE co.school_id = $1 AND co.id = $2",
        4, p);
    if (!r) {
        e = fail(err);
        goto fail;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such journal"));
        goto fail;
    }
    struct policy_object o = { 0 };
    o.school_id = ctx->school_id;
    o.class_teacher = db_ll(r, 0, 0);
    o.course_teacher = tbool(r, 0, 1);
    o.pupil_id = a->pupil_id;
    bool graded = tbool(r, 0, 2);
    PQclear(r);
    if ((e = policy_check(ctx, POLICY_FINAL_SET, &o, err)) != EJ_OK)
        goto fail;
    if (a->v != RV_NONE && (e = rules_check(RULES_CELL_FINAL, a->v, graded, err)) != EJ_OK)
        goto fail;
    if (a->v != RV_NONE) {
        const char *q[] = { sid, cid, pid, peid, rules_value_str(a->v) };
        e = db_run(db, err,
                   "INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, kind, value) "
                   "VALUES ($1, $2, $3, $4, 'period', $5) "
                   "ON CONFLICT (school_id, course_id, pupil_id, period_id, kind) "
                   "DO UPDATE SET value = EXCLUDED.value",
                   5, q);
    } else {
        const char *q[] = { sid, cid, pid, peid };
        e = db_run(db, err,
                   "DELETE FROM final_mark WHERE school_id = $1 AND course_id = $2 "
                   "AND pupil_id = $3 AND period_id = $4 AND kind = 'period'",
                   4, q);
    }
    if (e != EJ_OK)
        goto fail;
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

static int final_verify(struct ej_db *db, const struct ej_ctx *ctx, void *arg)
{
    struct final_args *a = arg;
    char sid[32], cid[32], peid[32], pid[32];
    LL(sid, ctx->school_id);
    LL(cid, a->course_id);
    LL(peid, a->period_id);
    LL(pid, a->pupil_id);
    const char *p[] = { sid, cid, pid, peid };
    PGresult *r = db_exec(db, NULL,
                          "SELECT value FROM final_mark WHERE school_id = $1 AND course_id = $2 "
                          "AND pupil_id = $3 AND period_id = $4 AND kind = 'period'",
                          4, p);
    if (!r)
        return -1;
    enum rules_value v = PQntuples(r) ? rules_value_parse(db_str(r, 0, 0)) : RV_NONE;
    PQclear(r);
    return v == a->v ? 1 : 0;
}

enum ej_err db_journal_final_set(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                                 long long period_id, long long pupil_id, enum rules_value v,
                                 struct ej_error *err)
{
    struct final_args a = { course_id, period_id, pupil_id, v };
    return write_retry(db, ctx, final_attempt, final_verify, &a, err);
}

/* ---- lessons */

static enum ej_err lesson_save_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                       struct ej_error *err)
{
    const struct db_lesson_edit *ed = arg;
    struct lesson_facts f;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    if ((e = lesson_facts(db, ctx, ed->lesson_id, 0, &f, err)) != EJ_OK ||
        (e = policy_check(ctx, POLICY_LESSON_EDIT, &f.o, err)) != EJ_OK)
        goto fail;
    char sid[32], lid[32], plan[32];
    LL(sid, ctx->school_id);
    LL(lid, ed->lesson_id);
    LL(plan, ed->plan_item_id);
    {
        const char *p[] = { sid, lid, ed->topic ? ed->topic : "", ed->homework ? ed->homework : "",
                            ed->held ? "t" : "f", plan };
        e = db_run(db, err,
                   "UPDATE lesson SET topic = $3, homework = $4, held = $5::boolean, "
                   "       plan_item_id = nullif($6::bigint, 0) "
                   " WHERE school_id = $1 AND id = $2",
                   6, p);
        if (e != EJ_OK)
            goto fail;
    }
    for (int i = 0; i < ed->nworks; i++) {
        char wid[32], tid[32];
        LL(wid, ed->work_ids[i]);
        LL(tid, ed->work_types[i]);
        const char *p[] = { sid, lid, wid, tid };
        e = db_run(db, err,
                   "UPDATE work SET work_type_id = $4 WHERE school_id = $1 AND lesson_id = $2 "
                   "AND id = $3 AND work_type_id <> $4",
                   4, p);
        if (e != EJ_OK)
            goto fail;
    }
    if (ed->new_work_type) {
        char tid[32];
        LL(tid, ed->new_work_type);
        const char *p[] = { sid, lid, tid };
        PGresult *r = db_exec(db, err,
                              "SELECT coalesce(max(pos), 0) FROM work WHERE school_id = $1 "
                              "AND lesson_id = $2",
                              2, p);
        if (!r) {
            e = fail(err);
            goto fail;
        }
        long long maxpos = db_ll(r, 0, 0);
        PQclear(r);
        if (maxpos >= JOURNAL_MAX_WORKS) {
            e = ej_error_set(err, EJ_EINVAL, _("At most %d works in one lesson"),
                             JOURNAL_MAX_WORKS);
            goto fail;
        }
        e = db_run(db, err,
                   "INSERT INTO work (school_id, lesson_id, work_type_id, pos) "
                   "SELECT $1, $2, $3, coalesce(max(pos), 0) + 1 FROM work "
                   " WHERE school_id = $1 AND lesson_id = $2",
                   3, p);
        if (e != EJ_OK)
            goto fail;
    }
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

static int lesson_save_verify(struct ej_db *db, const struct ej_ctx *ctx, void *arg)
{
    const struct db_lesson_edit *ed = arg;
    char sid[32], lid[32];
    LL(sid, ctx->school_id);
    LL(lid, ed->lesson_id);
    const char *p[] = { sid, lid, ed->topic ? ed->topic : "", ed->homework ? ed->homework : "" };
    PGresult *r = db_exec(db, NULL,
                          "SELECT topic = $3 AND homework = $4 FROM lesson "
                          "WHERE school_id = $1 AND id = $2",
                          4, p);
    if (!r)
        return -1;
    /* A new work cannot be told apart from an older one: report unknown then. */
    int v = PQntuples(r) == 1 && tbool(r, 0, 0) ? (ed->new_work_type ? -1 : 1) : 0;
    PQclear(r);
    return v;
}

enum ej_err db_journal_lesson_save(struct ej_db *db, const struct ej_ctx *ctx,
                                   const struct db_lesson_edit *e, struct ej_error *err)
{
    return write_retry(db, ctx, lesson_save_attempt, lesson_save_verify, (void *)e, err);
}

static enum ej_err work_delete_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                       struct ej_error *err)
{
    long long work_id = *(long long *)arg;
    char sid[32], wid[32];
    LL(sid, ctx->school_id);
    LL(wid, work_id);
    const char *p[] = { sid, wid };
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    PGresult *r = db_exec(db, err,
                          "SELECT w.lesson_id, EXISTS (SELECT 1 FROM mark m WHERE "
                          "m.school_id = w.school_id AND m.work_id = w.id) "
                          "FROM work w WHERE w.school_id = $1 AND w.id = $2",
                          2, p);
    if (!r) {
        e = fail(err);
        goto fail;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such work"));
        goto fail;
    }
    long long lesson = db_ll(r, 0, 0);
    bool marked = tbool(r, 0, 1);
    PQclear(r);
    struct lesson_facts f;
    if ((e = lesson_facts(db, ctx, lesson, 0, &f, err)) != EJ_OK ||
        (e = policy_check(ctx, POLICY_LESSON_EDIT, &f.o, err)) != EJ_OK)
        goto fail;
    if (marked) {
        e = ej_error_set(err, EJ_EINVAL, "%s",
                         _("A work that has marks is never deleted with them: clear its marks "
                           "first"));
        goto fail;
    }
    if ((e = db_run(db, err, "DELETE FROM work WHERE school_id = $1 AND id = $2", 2, p)) != EJ_OK)
        goto fail;
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

enum ej_err db_journal_work_delete(struct ej_db *db, const struct ej_ctx *ctx, long long work_id,
                                   struct ej_error *err)
{
    return write_retry(db, ctx, work_delete_attempt, NULL, &work_id, err);
}

struct lesson_add_args {
    long long course_id;
    int date, num;
    long long id;
};

static enum ej_err lesson_add_attempt(struct ej_db *db, const struct ej_ctx *ctx, void *arg,
                                      struct ej_error *err)
{
    struct lesson_add_args *a = arg;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32], staff[32], num[8], date[11];
    LL(sid, ctx->school_id);
    LL(cid, a->course_id);
    LL(staff, ctx->staff_id);
    snprintf(num, sizeof num, "%d", a->num);
    cal_iso(a->date, date);
    const char *p[] = { sid, cid, staff, date };
    PGresult *r = db_exec(
        db, err,
        "SELECT coalesce(cl.teacher_id, 0), "
        "       EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = co.school_id "
        "               AND ct.course_id = co.id AND ct.staff_id = $3 "
        "               AND ct.during @> $4::date) "
        "  FROM course co JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
        " WHERE co.school_id = $1 AND co.id = $2",
        4, p);
    if (!r) {
        e = fail(err);
        goto fail;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such journal"));
        goto fail;
    }
    struct policy_object o = { 0 };
    o.school_id = ctx->school_id;
    o.class_teacher = db_ll(r, 0, 0);
    o.course_teacher = tbool(r, 0, 1);
    PQclear(r);
    if ((e = policy_check(ctx, POLICY_LESSON_ADD, &o, err)) != EJ_OK)
        goto fail;
    const char *q[] = { sid, cid, date, num, staff };
    r = db_exec(db, err,
                "INSERT INTO lesson (school_id, course_id, date, num, teacher_id, from_timetable) "
                "VALUES ($1, $2, $3::date, nullif($4::smallint, 0), nullif($5::bigint, 0), false) "
                "RETURNING id",
                5, q);
    if (!r) {
        e = fail(err);
        goto fail;
    }
    a->id = db_ll(r, 0, 0);
    PQclear(r);
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}

enum ej_err db_journal_lesson_add(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                                  int date, int num, long long *id_out, struct ej_error *err)
{
    struct lesson_add_args a = { course_id, date, num, 0 };
    enum ej_err e = write_retry(db, ctx, lesson_add_attempt, NULL, &a, err);
    if (id_out)
        *id_out = e == EJ_OK ? a.id : 0;
    return e;
}

/* ---------------------------------------------------------------- plan etc. */

enum ej_err db_journal_plan(struct ej_db *db, long long course_id, struct db_plan_item **out,
                            int *n, struct ej_error *err)
{
    char cid[32];
    LL(cid, course_id);
    const char *p[] = { cid };
    *out = NULL;
    *n = 0;
    PGresult *r = db_exec(db, err,
                          "SELECT id, num, topic FROM plan_item WHERE course_id = $1 ORDER BY num",
                          1, p);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    struct db_plan_item *v = xcalloc(rows ? (size_t)rows : 1, sizeof *v);
    for (int i = 0; i < rows; i++) {
        v[i].id = db_ll(r, i, 0);
        v[i].num = (int)db_ll(r, i, 1);
        v[i].topic = xstrdup(db_str(r, i, 2));
    }
    PQclear(r);
    *out = v;
    *n = rows;
    return EJ_OK;
}

void db_journal_plan_free(struct db_plan_item *items, int n)
{
    for (int i = 0; i < n; i++)
        free(items[i].topic);
    free(items);
}

char *db_journal_password_hash(struct ej_db *db, long long account_id, struct ej_error *err)
{
    char id[32];
    LL(id, account_id);
    const char *p[] = { id };
    PGresult *r = db_exec(db, err,
                          "SELECT password_hash FROM account WHERE id = $1 AND active "
                          "AND NOT locked",
                          1, p);
    if (!r)
        return NULL;
    char *h = PQntuples(r) == 1 ? xstrdup(db_str(r, 0, 0)) : NULL;
    PQclear(r);
    return h;
}

struct notif_filter {
    void (*fn)(const char *payload, bool own, void *arg);
    void *arg;
    int self;
};

static void notif_one(const char *channel, const char *payload, int pid, void *arg)
{
    struct notif_filter *f = arg;
    if (strncmp(channel, "ej_change", 9) == 0 && f->fn) /* ej_change_<school> */
        f->fn(payload, pid == f->self, f->arg);
}

int db_journal_notifications(struct ej_db *db,
                             void (*fn)(const char *payload, bool own, void *arg), void *arg)
{
    struct notif_filter f = { fn, arg, db_backend(db) };
    return db_notifies(db, notif_one, &f);
}

