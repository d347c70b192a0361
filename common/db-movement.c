/*
 * db-movement — the SQL behind transfers, leaving and a pupil's history
 * (db-movement.h).  A move closes the pupil's enrollment (and study group
 * memberships) at the date and, for a transfer, opens one in the new class, all
 * in one transaction after the policy said yes.
 */
#include "db-movement.h"
#include "calendar.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pupil's enrollment on the day: id, class id and name, its first day.
 * EJ_ENOTFOUND when the pupil is in no class that day. */
struct spell_now {
    long long id, class_id, year_id;
    char class_name[16];
    int from;
    char upper[11];   /* the spell's end as it was ("" open-ended) */
};

static enum ej_err spell_on(struct ej_db *db, const struct ej_ctx *ctx, long long pupil,
                            const char *day, struct spell_now *s, struct ej_error *err)
{
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil);
    const char *p[] = { sid, pid, day };
    PGresult *r = db_exec(db, err,
                          "SELECT e.id, e.class_id, cl.year_id, cl.grade::text || cl.letter, "
                          "       lower(e.during), coalesce(upper(e.during)::text, '') "
                          "  FROM enrollment e JOIN class cl ON cl.school_id = e.school_id "
                          "       AND cl.id = e.class_id "
                          " WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.during @> $3::date "
                          "   FOR UPDATE OF e",
                          3, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("The pupil is in no class on that day"));
    } else {
        s->id = db_ll(r, 0, 0);
        s->class_id = db_ll(r, 0, 1);
        s->year_id = db_ll(r, 0, 2);
        snprintf(s->class_name, sizeof s->class_name, "%s", db_str(r, 0, 3));
        s->from = db_day(r, 0, 4, 0);
        snprintf(s->upper, sizeof s->upper, "%s", db_str(r, 0, 5));
    }
    PQclear(r);
    return e;
}

/* Marks or absences of the pupil in the class's journals on or after the day. */
static enum ej_err later_entries(struct ej_db *db, const struct ej_ctx *ctx, long long pupil,
                                 long long class_id, const char *day, int *n,
                                 struct ej_error *err)
{
    char sid[32], pid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil);
    DB_LL(cid, class_id);
    const char *p[] = { sid, pid, cid, day };
    PGresult *r = db_exec(
        db, err,
        "SELECT (SELECT count(*) FROM mark m JOIN work w ON w.school_id = m.school_id "
        "          AND w.id = m.work_id JOIN lesson l ON l.school_id = w.school_id "
        "          AND l.id = w.lesson_id JOIN course co ON co.school_id = l.school_id "
        "          AND co.id = l.course_id "
        "         WHERE m.school_id = $1 AND m.pupil_id = $2 AND co.class_id = $3 "
        "           AND l.date >= $4::date) + "
        "       (SELECT count(*) FROM attendance a JOIN lesson l ON l.school_id = a.school_id "
        "          AND l.id = a.lesson_id JOIN course co ON co.school_id = l.school_id "
        "          AND co.id = l.course_id "
        "         WHERE a.school_id = $1 AND a.pupil_id = $2 AND co.class_id = $3 "
        "           AND l.date >= $4::date)",
        4, p);
    if (!r)
        return db_fail(err);
    *n = (int)db_ll(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

/* Common to both moves: checks, the policy, the spell, and closing it. */
static enum ej_err close_spell(struct ej_db *db, const struct ej_ctx *ctx, const struct db_move *m,
                               const char *reason_out, const char *destination,
                               struct spell_now *s, struct ej_error *err)
{
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    char day[11];
    cal_iso(m->day, day);
    if ((e = spell_on(db, ctx, m->pupil_id, day, s, err)) != EJ_OK)
        return e;
    if (s->from >= m->day) {
        char d[11];
        cal_ddmmyyyy(s->from, d);
        return ej_error_set(err, EJ_EINVAL,
                            _("The pupil came to %s on %s: a move must be dated after that"),
                            s->class_name, d);
    }
    int later = 0;
    if ((e = later_entries(db, ctx, m->pupil_id, s->class_id, day, &later, err)) != EJ_OK)
        return e;
    if (later > 0) {
        char d[11];
        cal_ddmmyyyy(m->day, d);
        return ej_error_set(err, EJ_ECONFLICT,
                            _("%s has %d marks or absences of this pupil on or after %s: date the "
                              "move after them, or have the teachers clear them first"),
                            s->class_name, later, d);
    }
    char sid[32], eid[32], pid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(eid, s->id);
    DB_LL(pid, m->pupil_id);
    DB_LL(cid, s->class_id);
    const char *p[] = { sid, eid, day, m->order, reason_out, destination };
    if ((e = db_run(db, err,
                    "UPDATE enrollment SET during = daterange(lower(during), $3::date), "
                    "       order_out = $4, reason_out = $5, destination = $6 "
                    " WHERE school_id = $1 AND id = $2",
                    6, p)) != EJ_OK)
        return e;
    /* Study groups of the old class end the same day. */
    const char *pg[] = { sid, pid, cid, day };
    return db_run(db, err,
                  "UPDATE group_member gm SET during = daterange(lower(gm.during), $4::date) "
                  "  FROM study_group g WHERE g.school_id = gm.school_id AND g.id = gm.group_id "
                  "   AND gm.school_id = $1 AND gm.pupil_id = $2 AND g.class_id = $3 "
                  "   AND gm.during @> $4::date AND lower(gm.during) < $4::date",
                  4, pg);
}

enum ej_err db_pupil_transfer(struct ej_db *db, const struct ej_ctx *ctx, const struct db_move *m,
                              struct ej_error *err)
{
    enum ej_err e;
    if ((e = utf8_field_check(m->order, _("Order number"), 60, true, err)) != EJ_OK ||
        (e = utf8_field_check(m->to_class, _("Class"), 10, true, err)) != EJ_OK)
        return e;
    long long to_id = 0, to_teacher = 0;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    struct spell_now s;
    char out_reason[100];
    snprintf(out_reason, sizeof out_reason, _("transfer to %s"), m->to_class);
    if ((e = db_find_class(db, ctx, m->to_class, &to_id, &to_teacher, err)) != EJ_OK ||
        (e = close_spell(db, ctx, m, out_reason, "", &s, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    if (to_id == s.class_id)
        return db_tx_finish(db, ej_error_set(err, EJ_EINVAL, _("The pupil is already in %s"),
                                       s.class_name),
                      err);
    /* The new class must be of the same year as the old spell. */
    char sid[32], tid[32], yid[32], pid[32], day[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(tid, to_id);
    DB_LL(yid, s.year_id);
    DB_LL(pid, m->pupil_id);
    cal_iso(m->day, day);
    char in_reason[100];
    snprintf(in_reason, sizeof in_reason, _("transfer from %s"), s.class_name);
    /* The new spell ends where the old one would have (open-ended stays open). */
    const char *p[] = { sid, pid, tid, day, m->order, in_reason, yid, s.upper };
    PGresult *r = db_exec(db, err,
                          "INSERT INTO enrollment (school_id, pupil_id, class_id, during, order_in, "
                          "       reason_in) "
                          "SELECT $1, $2, $3, daterange($4::date, nullif($8, '')::date), $5, $6 "
                          "  FROM class cl WHERE cl.school_id = $1 AND cl.id = $3 "
                          "   AND cl.year_id = $7 "
                          "RETURNING id",
                          8, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    int rows = PQntuples(r);
    PQclear(r);
    if (rows != 1)
        return db_tx_finish(db, ej_error_set(err, EJ_EINVAL, "%s",
                                       _("A transfer is to a class of the same school year")),
                      err);
    return db_tx_finish(db, EJ_OK, err);
}

enum ej_err db_pupil_leave(struct ej_db *db, const struct ej_ctx *ctx, const struct db_move *m,
                           struct ej_error *err)
{
    enum ej_err e;
    if ((e = utf8_field_check(m->order, _("Order number"), 60, true, err)) != EJ_OK ||
        (e = utf8_field_check(m->reason, _("Reason"), 180, true, err)) != EJ_OK ||
        (e = utf8_field_check(m->destination, _("Destination"), 180, false, err)) != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    struct spell_now s;
    e = close_spell(db, ctx, m, m->reason, m->destination ? m->destination : "", &s, err);
    return db_tx_finish(db, e, err);
}

enum ej_err db_pupil_history(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                             char name[200], struct db_spell **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    const char *p[] = { sid, pid };
    /* The policy first: the class teacher of the pupil's latest class, or the office. */
    PGresult *r = db_exec(
        db, err,
        "SELECT p.surname || ' ' || p.name || ' ' || p.patronymic, "
        "       coalesce((SELECT cl.teacher_id FROM enrollment e JOIN class cl "
        "            ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "           WHERE e.school_id = p.school_id AND e.pupil_id = p.id "
        "           ORDER BY lower(e.during) DESC LIMIT 1), 0) "
        "  FROM pupil p WHERE p.school_id = $1 AND p.id = $2",
        2, p);
    if (!r)
        return db_fail(err);
    struct policy_object o = { .school_id = ctx->school_id,
                               .class_teacher = PQntuples(r) ? db_ll(r, 0, 1) : 0 };
    bool found = PQntuples(r) == 1;
    if (found)
        snprintf(name, 200, "%s", db_str(r, 0, 0));
    PQclear(r);
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_READ, &o, err);
    if (e != EJ_OK)
        return e;
    if (!found)
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
    r = db_exec(db, err,
                "SELECT cl.grade::text || cl.letter, y.name, lower(e.during), "
                "       CASE WHEN upper(e.during) > y.ends THEN NULL ELSE upper(e.during) END, "
                "       e.order_in, e.reason_in, e.order_out, e.reason_out, e.destination "
                "  FROM enrollment e JOIN class cl ON cl.school_id = e.school_id "
                "       AND cl.id = e.class_id JOIN academic_year y ON y.school_id = cl.school_id "
                "       AND y.id = cl.year_id "
                " WHERE e.school_id = $1 AND e.pupil_id = $2 ORDER BY lower(e.during)",
                2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = calloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_spell *sp = &(*out)[i];
        snprintf(sp->class_name, sizeof sp->class_name, "%s", db_str(r, i, 0));
        snprintf(sp->year, sizeof sp->year, "%s", db_str(r, i, 1));
        sp->from = db_day(r, i, 2, 0);
        sp->to = db_day(r, i, 3, 0);
        snprintf(sp->order_in, sizeof sp->order_in, "%s", db_str(r, i, 4));
        snprintf(sp->reason_in, sizeof sp->reason_in, "%s", db_str(r, i, 5));
        snprintf(sp->order_out, sizeof sp->order_out, "%s", db_str(r, i, 6));
        snprintf(sp->reason_out, sizeof sp->reason_out, "%s", db_str(r, i, 7));
        snprintf(sp->destination, sizeof sp->destination, "%s", db_str(r, i, 8));
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_movement_register(struct ej_db *db, const struct ej_ctx *ctx, int from, int to,
                                 struct db_movement **moves, int *nmoves,
                                 struct db_class_moves **classes, int *nclasses,
                                 struct ej_error *err)
{
    *moves = NULL;
    *classes = NULL;
    *nmoves = *nclasses = 0;
    /* The whole school's register: the office only (no class teacher of "the school"). */
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_READ, &o, err);
    if (e != EJ_OK)
        return e;
    char sid[32], f[11], t[11];
    DB_LL(sid, ctx->school_id);
    cal_iso(from, f);
    cal_iso(to, t);
    const char *p[] = { sid, f, t };
    /* A spell that ends on the day another of the same pupil begins is a transfer. */
#define MOVES_SQL                                                                                 \
    "WITH m AS ("                                                                                 \
    " SELECT lower(e.during) AS day, e.pupil_id, e.class_id, e.order_in AS ord, "                 \
    "        e.reason_in AS note, EXISTS (SELECT 1 FROM enrollment e2 WHERE "                     \
    "        e2.school_id = e.school_id AND e2.pupil_id = e.pupil_id "                            \
    "        AND upper(e2.during) = lower(e.during)) AS transfer, true AS incoming "              \
    "   FROM enrollment e JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "   \
    "   JOIN academic_year y ON y.school_id = cl.school_id AND y.id = cl.year_id "               \
    "  WHERE e.school_id = $1 AND lower(e.during) > $2::date AND lower(e.during) <= $3::date "    \
    "    AND lower(e.during) > y.starts "                                                         \
    " UNION ALL "                                                                                 \
    " SELECT upper(e.during), e.pupil_id, e.class_id, e.order_out, "                              \
    "        concat_ws('; ', nullif(e.reason_out, ''), nullif(e.destination, '')), "              \
    "        EXISTS (SELECT 1 FROM enrollment e2 WHERE e2.school_id = e.school_id "               \
    "        AND e2.pupil_id = e.pupil_id AND lower(e2.during) = upper(e.during)), false "        \
    "   FROM enrollment e JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "   \
    "   JOIN academic_year y ON y.school_id = cl.school_id AND y.id = cl.year_id "               \
    "  WHERE e.school_id = $1 AND NOT upper_inf(e.during) AND upper(e.during) > $2::date "        \
    "    AND upper(e.during) <= $3::date AND upper(e.during) <= y.ends) "
    PGresult *r = db_exec(db, err,
                          MOVES_SQL
                          "SELECT m.day, m.incoming, m.transfer, p.surname || ' ' || p.name, "
                          "       cl.grade::text || cl.letter, m.ord, m.note "
                          "  FROM m JOIN pupil p ON p.school_id = $1 AND p.id = m.pupil_id "
                          "  JOIN class cl ON cl.school_id = $1 AND cl.id = m.class_id "
                          " ORDER BY m.day, cl.grade, cl.letter, p.surname COLLATE \"ru-x-icu\", "
                          "       m.incoming",
                          3, p);
    if (!r)
        return db_fail(err);
    *nmoves = PQntuples(r);
    *moves = calloc((size_t)*nmoves + 1, sizeof **moves);
    for (int i = 0; i < *nmoves; i++) {
        struct db_movement *mv = &(*moves)[i];
        bool in = db_bool(r, i, 1), tr = db_bool(r, i, 2);
        mv->day = db_day(r, i, 0, 0);
        mv->kind = in ? (tr ? MOVE_IN : MOVE_ARRIVED) : (tr ? MOVE_OUT : MOVE_LEFT);
        snprintf(mv->pupil, sizeof mv->pupil, "%s", db_str(r, i, 3));
        snprintf(mv->class_name, sizeof mv->class_name, "%s", db_str(r, i, 4));
        snprintf(mv->order, sizeof mv->order, "%s", db_str(r, i, 5));
        snprintf(mv->note, sizeof mv->note, "%s", db_str(r, i, 6));
    }
    PQclear(r);
    /* Per class of the year containing `from`: at the start, the moves, at the end. */
    r = db_exec(db, err,
                MOVES_SQL
                "SELECT cl.grade::text || cl.letter, "
                "  (SELECT count(*) FROM enrollment e WHERE e.school_id = $1 AND e.class_id = cl.id "
                "     AND e.during @> $2::date), "
                "  count(m.day) FILTER (WHERE m.incoming AND NOT m.transfer), "
                "  count(m.day) FILTER (WHERE NOT m.incoming AND NOT m.transfer), "
                "  count(m.day) FILTER (WHERE m.incoming AND m.transfer), "
                "  count(m.day) FILTER (WHERE NOT m.incoming AND m.transfer), "
                "  (SELECT count(*) FROM enrollment e WHERE e.school_id = $1 AND e.class_id = cl.id "
                "     AND e.during @> $3::date) "
                "  FROM class cl LEFT JOIN m ON m.class_id = cl.id "
                " WHERE cl.school_id = $1 AND cl.year_id = (SELECT y.id FROM academic_year y "
                "       WHERE y.school_id = $1 AND $2::date BETWEEN y.starts AND y.ends LIMIT 1) "
                " GROUP BY cl.id, cl.grade, cl.letter ORDER BY cl.grade, cl.letter",
                3, p);
#undef MOVES_SQL
    if (!r) {
        free(*moves);
        *moves = NULL;
        *nmoves = 0;
        return db_fail(err);
    }
    *nclasses = PQntuples(r);
    *classes = calloc((size_t)*nclasses + 1, sizeof **classes);
    for (int i = 0; i < *nclasses; i++) {
        struct db_class_moves *c = &(*classes)[i];
        snprintf(c->class_name, sizeof c->class_name, "%s", db_str(r, i, 0));
        c->start = (int)db_ll(r, i, 1);
        c->arrived = (int)db_ll(r, i, 2);
        c->left = (int)db_ll(r, i, 3);
        c->in = (int)db_ll(r, i, 4);
        c->out = (int)db_ll(r, i, 5);
        c->end = (int)db_ll(r, i, 6);
    }
    PQclear(r);
    return EJ_OK;
}
