/*
 * db-classes — the SQL behind the list of classes and a class's study groups
 * (db-classes.h).
 */
#include "db-classes.h"
#include "db-internal.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"

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
