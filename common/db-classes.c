/*
 * db-classes — the SQL behind the list of classes and a class's study groups
 * (db-classes.h).
 */
#include "db-classes.h"
#include "db-internal.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ej_err db_classes_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                            struct db_class_row **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, year };
    PGresult *r = db_exec(
        db, err,
        "WITH y AS (SELECT y.* FROM academic_year y WHERE y.school_id = $1 "
        "   AND ($2::text IS NULL OR y.name = $2) "
        "   ORDER BY (ej_today($1) BETWEEN y.starts AND y.ends) DESC, "
        "            (y.starts <= ej_today($1)) DESC, y.starts DESC LIMIT 1) "
        "SELECT cl.grade::text || cl.letter, y.name, coalesce(st.surname, ''), coalesce(st.name, ''), "
        "       coalesce(st.patronymic, ''), cl.period_scheme, cl.shift, "
        "       (SELECT count(*) FROM enrollment e WHERE e.school_id = cl.school_id "
        "          AND e.class_id = cl.id AND e.during @> least(ej_today($1), y.ends)) "
        "  FROM y JOIN class cl ON cl.school_id = y.school_id AND cl.year_id = y.id "
        "  LEFT JOIN staff st ON st.school_id = cl.school_id AND st.id = cl.teacher_id "
        " ORDER BY cl.grade, cl.letter",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    if (*n == 0 && year) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, _("There is no school year %s"), year);
    }
    *out = calloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_class_row *c = &(*out)[i];
        snprintf(c->name, sizeof c->name, "%s", db_str(r, i, 0));
        snprintf(c->year, sizeof c->year, "%s", db_str(r, i, 1));
        if (*db_str(r, i, 2)) {
            char *t = journal_short_name(db_str(r, i, 2), db_str(r, i, 3), db_str(r, i, 4));
            snprintf(c->teacher, sizeof c->teacher, "%s", t);
            free(t);
        }
        snprintf(c->scheme, sizeof c->scheme, "%s", db_str(r, i, 5));
        c->shift = (int)db_ll(r, i, 6);
        c->pupils = (int)db_ll(r, i, 7);
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_classes_groups(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                              struct db_group_member **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    long long class_id, teacher;
    enum ej_err e = db_find_class(db, ctx, name, &class_id, &teacher, err);
    if (e != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = teacher };
    if ((e = policy_check(ctx, POLICY_PUPIL_READ, &o, err)) != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    const char *p[] = { sid, cid };
    PGresult *r = db_exec(
        db, err,
        "SELECT su.name, g.name, p.surname || ' ' || p.name, lower(gm.during), "
        "       CASE WHEN upper_inf(gm.during) THEN NULL ELSE upper(gm.during) END "
        "  FROM study_group g JOIN subject su ON su.school_id = g.school_id AND su.id = g.subject_id "
        "  JOIN group_member gm ON gm.school_id = g.school_id AND gm.group_id = g.id "
        "  JOIN pupil p ON p.school_id = gm.school_id AND p.id = gm.pupil_id "
        " WHERE g.school_id = $1 AND g.class_id = $2 "
        " ORDER BY su.sort, su.name, g.name, p.surname COLLATE \"ru-x-icu\", p.name, lower(gm.during)",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = calloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_group_member *g = &(*out)[i];
        snprintf(g->subject, sizeof g->subject, "%s", db_str(r, i, 0));
        snprintf(g->group, sizeof g->group, "%s", db_str(r, i, 1));
        snprintf(g->pupil, sizeof g->pupil, "%s", db_str(r, i, 2));
        g->from = db_day(r, i, 3, 0);
        g->to = db_day(r, i, 4, 0);
    }
    PQclear(r);
    return EJ_OK;
}

static char *id_list(const long long *v, int n)
{
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "{");
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%lld", i ? "," : "", v[i]);
    buf_puts(&b, "}");
    return buf_steal(&b);
}

enum ej_err db_classes_promote(struct ej_db *db, const struct ej_ctx *ctx,
                               const struct db_promote *a, char **plan, int *moved, int *left,
                               struct ej_error *err)
{
    *plan = NULL;
    *moved = *left = 0;
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    char *keep = id_list(a->keep_back, a->nkeep), *leave = id_list(a->leave, a->nleave);
    PGresult *r = NULL;
    const char *py[] = { sid, a->from, a->to };
    r = db_exec(db, err,
                "SELECT f.id, f.ends, t.id, t.starts, (SELECT max(grade) FROM class c "
                "        WHERE c.school_id = $1 AND c.year_id = f.id) "
                "  FROM academic_year f, academic_year t "
                " WHERE f.school_id = $1 AND f.name = $2 AND t.school_id = $1 AND t.name = $3 "
                "   AND t.starts > f.ends",
                3, py);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND,
                         _("Both school years must exist, %s before %s"), a->from, a->to);
        goto out;
    }
    char fy[32], ty[32], ends[16], starts[16], maxg[8];
    snprintf(fy, sizeof fy, "%s", db_str(r, 0, 0));
    snprintf(ends, sizeof ends, "%s", db_str(r, 0, 1));
    snprintf(ty, sizeof ty, "%s", db_str(r, 0, 2));
    snprintf(starts, sizeof starts, "%s", db_str(r, 0, 3));
    snprintf(maxg, sizeof maxg, "%s", db_str(r, 0, 4));
    PQclear(r);
    /* The exceptions must be pupils of the old year at its end. */
    const char *pe[] = { sid, fy, ends, keep, leave };
    r = db_exec(db, err,
                "SELECT count(*) FROM unnest($4::bigint[] || $5::bigint[]) x WHERE NOT EXISTS "
                " (SELECT 1 FROM enrollment e JOIN class c ON c.school_id = e.school_id "
                "   AND c.id = e.class_id WHERE e.school_id = $1 AND c.year_id = $2 "
                "   AND e.pupil_id = x AND e.during @> $3::date)",
                5, pe);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    long long strangers = db_ll(r, 0, 0);
    PQclear(r);
    r = NULL;
    if (strangers > 0) {
        e = ej_error_set(err, EJ_EINVAL,
                         _("%lld of the pupils named are not in a class at the end of %s"),
                         strangers, a->from);
        goto out;
    }
    /* Who goes where: grade + 1 by default, the same grade when kept back, nowhere
     * when leaving or in the last grade. */
#define MOVES                                                                                      \
    "WITH m AS (SELECT e.id AS enrollment, e.pupil_id, c.grade, c.letter, c.id AS old_class, "   \
    "       c.teacher_id, c.period_scheme, c.shift, "                                            \
    "       CASE WHEN e.pupil_id = ANY ($5::bigint[]) THEN NULL "                                \
    "            WHEN e.pupil_id = ANY ($4::bigint[]) THEN c.grade "                             \
    "            WHEN c.grade >= $6::int THEN NULL ELSE c.grade + 1 END AS new_grade "           \
    "  FROM enrollment e JOIN class c ON c.school_id = e.school_id AND c.id = e.class_id "       \
    " WHERE e.school_id = $1 AND c.year_id = $2 AND e.during @> $3::date) "
    const char *pm[] = { sid, fy, ends, keep, leave, maxg };
    r = db_exec(db, err,
                MOVES "SELECT m.new_grade::text || m.letter, m.grade::text || m.letter, count(*) "
                      "  FROM m WHERE m.new_grade IS NOT NULL GROUP BY 1, 2, m.new_grade, m.letter "
                      " ORDER BY m.new_grade, m.letter",
                6, pm);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    struct ej_buf b;
    buf_init(&b);
    for (int i = 0; i < PQntuples(r); i++) {
        buf_printf(&b, "%s\t%s\t%s\n", db_str(r, i, 0), db_str(r, i, 1), db_str(r, i, 2));
        *moved += (int)db_ll(r, i, 2);
    }
    *plan = b.data ? buf_steal(&b) : calloc(1, 1);
    PQclear(r);
    r = db_exec(db, err, MOVES "SELECT count(*) FROM m WHERE m.new_grade IS NULL", 6, pm);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    *left = (int)db_ll(r, 0, 0);
    PQclear(r);
    r = NULL;
    if (!a->apply)
        goto out; /* a preview: rolled back below */
    /* The new classes (an existing one of that grade and letter is reused). */
    const char *pc[] = { sid, fy, ends, keep, leave, maxg, ty };
    if ((e = db_run(db, err,
                    MOVES "INSERT INTO class (school_id, year_id, grade, letter, teacher_id, "
                          "       prev_class_id, period_scheme, shift) "
                          "SELECT DISTINCT ON (m.new_grade, m.letter) $1, $7::bigint, m.new_grade, "
                          "       m.letter, m.teacher_id, m.old_class, m.period_scheme, m.shift "
                          "  FROM m WHERE m.new_grade IS NOT NULL "
                          " ORDER BY m.new_grade, m.letter, m.new_grade = m.grade "
                          "ON CONFLICT (school_id, year_id, grade, letter) DO NOTHING",
                    7, pc)) != EJ_OK)
        goto out;
    /* The old year ends for everyone still in it; the leavers with the reason. */
    const char *po[] = { sid, fy, ends, keep, leave, maxg, a->order ? a->order : "" };
    if ((e = db_run(db, err,
                    MOVES "UPDATE enrollment e SET during = daterange(lower(e.during), $3::date + 1), "
                          "       order_out = CASE WHEN m.new_grade IS NULL THEN $7 ELSE e.order_out END, "
                          "       reason_out = CASE WHEN m.new_grade IS NULL AND m.grade >= $6::int "
                          "            AND NOT m.pupil_id = ANY ($5::bigint[]) THEN 'окончил(а) школу' "
                          "            WHEN m.new_grade IS NULL THEN 'выбыл(а) по окончании года' "
                          "            ELSE e.reason_out END "
                          "  FROM m WHERE e.school_id = $1 AND e.id = m.enrollment "
                          "   AND (upper_inf(e.during) OR upper(e.during) > $3::date + 1)",
                    7, po)) != EJ_OK)
        goto out;
    const char *pn[] = { sid, fy, ends, keep, leave, maxg, ty, starts, a->order ? a->order : "" };
    e = db_run(db, err,
               MOVES "INSERT INTO enrollment (school_id, pupil_id, class_id, during, order_in, reason_in) "
                     "SELECT $1, m.pupil_id, c.id, daterange($8::date, NULL), $9, "
                     "       CASE WHEN m.new_grade = m.grade THEN 'оставлен(а) на повторное обучение' "
                     "            ELSE 'перевод в следующий класс' END "
                     "  FROM m JOIN class c ON c.school_id = $1 AND c.year_id = $7::bigint "
                     "       AND c.grade = m.new_grade AND c.letter = m.letter "
                     " WHERE m.new_grade IS NOT NULL",
               9, pn);
#undef MOVES
out:
    PQclear(r);
    free(keep);
    free(leave);
    if (e == EJ_OK && a->apply)
        return db_tx_commit(db, err);
    db_tx_rollback(db);
    if (e != EJ_OK) {
        free(*plan);
        *plan = NULL;
    }
    return e;
}
