/*
 * db-groups — the SQL behind editing study groups (db-groups.h).  Each write asks
 * the policy first, then re-reads the group (FOR UPDATE) and every fact it
 * decides on inside its own transaction.
 */
#include "db-groups.h"
#include "calendar.h"
#include "csv.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "pupils.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_NAME_MAX 60

/* What a write needs to know of the group. */
struct group_facts {
    long long class_id, teacher, subject_id;
    struct db_group g;
};

static enum ej_err group_facts(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                               bool lock, struct group_facts *f, struct ej_error *err)
{
    char sid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(gid, group_id);
    const char *p[] = { sid, gid };
#define FACTS                                                                                     \
    "SELECT g.class_id, coalesce(cl.teacher_id, 0), cl.grade::text || cl.letter, su.name, "       \
    "       g.name, g.subject_id "                                                                 \
    "  FROM study_group g JOIN class cl ON cl.school_id = g.school_id AND cl.id = g.class_id "     \
    "  JOIN subject su ON su.school_id = g.school_id AND su.id = g.subject_id "                    \
    " WHERE g.school_id = $1 AND g.id = $2"
    PGresult *r = db_exec(db, err, lock ? FACTS " FOR UPDATE OF g" : FACTS, 2, p);
#undef FACTS
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no study group %lld in this school"),
                         group_id);
    } else {
        memset(f, 0, sizeof *f);
        f->class_id = db_ll(r, 0, 0);
        f->teacher = db_ll(r, 0, 1);
        f->subject_id = db_ll(r, 0, 5);
        f->g.id = group_id;
        snprintf(f->g.class_name, sizeof f->g.class_name, "%s", db_str(r, 0, 2));
        snprintf(f->g.subject, sizeof f->g.subject, "%s", db_str(r, 0, 3));
        snprintf(f->g.name, sizeof f->g.name, "%s", db_str(r, 0, 4));
    }
    PQclear(r);
    return e;
}

static enum ej_err may_edit(const struct ej_ctx *ctx, struct ej_error *err)
{
    struct policy_object o = { .school_id = ctx->school_id };
    return policy_check(ctx, POLICY_PUPIL_EDIT, &o, err);
}

/* Another group of the class and subject called name?  (EJ_ECONFLICT if so) */
static enum ej_err name_free(struct ej_db *db, const struct ej_ctx *ctx, long long class_id,
                             const char *subject_sql_id, const char *name, long long except,
                             const char *class_name, struct ej_error *err)
{
    char sid[32], cid[32], ex[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(ex, except);
    const char *p[] = { sid, cid, subject_sql_id, name, ex };
    PGresult *r = db_exec(db, err,
                          "SELECT su.name FROM study_group g JOIN subject su "
                          "       ON su.school_id = g.school_id AND su.id = g.subject_id "
                          " WHERE g.school_id = $1 AND g.class_id = $2 AND g.subject_id = $3::bigint "
                          "   AND lower(g.name) = lower($4) AND g.id <> $5::bigint",
                          5, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) > 0)
        e = ej_error_set(err, EJ_ECONFLICT, _("Class %s already has a group «%s» for %s"),
                         class_name, name, db_str(r, 0, 0));
    PQclear(r);
    return e;
}

/* ------------------------------------------------------------------ read */

enum ej_err db_groups_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_group **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    long long class_id, teacher;
    enum ej_err e = db_find_class(db, ctx, class_name, &class_id, &teacher, err);
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
        "SELECT g.id, cl.grade::text || cl.letter, su.name, g.name, "
        "       (SELECT count(*) FROM group_member gm WHERE gm.school_id = g.school_id "
        "          AND gm.group_id = g.id AND gm.during @> ej_today($1)) "
        "  FROM study_group g JOIN class cl ON cl.school_id = g.school_id AND cl.id = g.class_id "
        "  JOIN subject su ON su.school_id = g.school_id AND su.id = g.subject_id "
        " WHERE g.school_id = $1 AND g.class_id = $2 "
        " ORDER BY su.sort, su.name, g.name, g.id",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_group *g = &(*out)[i];
        g->id = db_ll(r, i, 0);
        snprintf(g->class_name, sizeof g->class_name, "%s", db_str(r, i, 1));
        snprintf(g->subject, sizeof g->subject, "%s", db_str(r, i, 2));
        snprintf(g->name, sizeof g->name, "%s", db_str(r, i, 3));
        g->members = (int)db_ll(r, i, 4);
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_group_members(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                             int day, struct db_group *g, struct db_group_pupil **out, int *n,
                             struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    struct group_facts f;
    enum ej_err e = group_facts(db, ctx, group_id, false, &f, err);
    if (e != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = f.teacher };
    if ((e = policy_check(ctx, POLICY_PUPIL_READ, &o, err)) != EJ_OK)
        return e;
    char sid[32], gid[32], d[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(gid, group_id);
    if (day > 0)
        cal_iso(day, d);
    const char *p[] = { sid, gid, day > 0 ? d : NULL };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.id, p.surname, p.name, p.patronymic, lower(gm.during), "
        "       CASE WHEN upper_inf(gm.during) THEN NULL ELSE upper(gm.during) END "
        "  FROM group_member gm JOIN pupil p ON p.school_id = gm.school_id AND p.id = gm.pupil_id "
        " WHERE gm.school_id = $1 AND gm.group_id = $2 "
        "   AND ($3::date IS NULL OR gm.during @> $3::date) "
        " ORDER BY p.surname COLLATE \"ru-x-icu\", p.name COLLATE \"ru-x-icu\", p.id, "
        "          lower(gm.during)",
        3, p);
    if (!r)
        return db_fail(err);
    if (g)
        *g = f.g;
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_group_pupil *m = &(*out)[i];
        m->pupil_id = db_ll(r, i, 0);
        snprintf(m->surname, sizeof m->surname, "%s", db_str(r, i, 1));
        snprintf(m->name, sizeof m->name, "%s", db_str(r, i, 2));
        snprintf(m->patronymic, sizeof m->patronymic, "%s", db_str(r, i, 3));
        m->from = db_day(r, i, 4, 0);
        m->to = db_day(r, i, 5, 0);
    }
    PQclear(r);
    return EJ_OK;
}

/* ------------------------------------------------------------ the group */

enum ej_err db_group_add(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                         const char *subject, const char *name, long long *id_out,
                         struct ej_error *err)
{
    enum ej_err e = may_edit(ctx, err);
    if (e != EJ_OK)
        return e;
    if ((e = utf8_field_check(name, _("Group name"), GROUP_NAME_MAX, true, err)) != EJ_OK ||
        (e = utf8_field_check(subject, _("Subject"), 120, true, err)) != EJ_OK)
        return e;
    long long class_id, teacher;
    if ((e = db_find_class(db, ctx, class_name, &class_id, &teacher, err)) != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], cid[32], suid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    long long subject_id;
    if ((e = db_subject_ref(db, ctx, subject, &subject_id, err)) != EJ_OK) {
        if (e == EJ_ENOTFOUND)
            ej_error_set(err, e, _("There is no subject «%s» in this school"), subject);
        return db_tx_finish(db, e, err);
    }
    DB_LL(suid, subject_id);
    PGresult *r;
    /* Two secretaries adding the same name at once: the UNIQUE constraint is the
     * last word; this check gives the message. */
    if ((e = name_free(db, ctx, class_id, suid, name, 0, class_name, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    const char *pi[] = { sid, cid, suid, name };
    r = db_exec(db, err,
                "INSERT INTO study_group (school_id, class_id, subject_id, name) "
                "VALUES ($1, $2, $3, $4) RETURNING id",
                4, pi);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    long long id = db_ll(r, 0, 0);
    PQclear(r);
    if ((e = db_tx_finish(db, EJ_OK, err)) == EJ_OK && id_out)
        *id_out = id;
    return e;
}

enum ej_err db_group_rename(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            const char *name, struct ej_error *err)
{
    enum ej_err e = may_edit(ctx, err);
    if (e != EJ_OK)
        return e;
    if ((e = utf8_field_check(name, _("Group name"), GROUP_NAME_MAX, true, err)) != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    struct group_facts f;
    if ((e = group_facts(db, ctx, group_id, true, &f, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char sid[32], gid[32], suid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(gid, group_id);
    DB_LL(suid, f.subject_id);
    if ((e = name_free(db, ctx, f.class_id, suid, name, group_id, f.g.class_name, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    const char *pu[] = { sid, gid, name };
    e = db_run(db, err, "UPDATE study_group SET name = $3 WHERE school_id = $1 AND id = $2", 3, pu);
    return db_tx_finish(db, e, err);
}

enum ej_err db_group_delete(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            struct ej_error *err)
{
    enum ej_err e = may_edit(ctx, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    struct group_facts f;
    if ((e = group_facts(db, ctx, group_id, true, &f, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char sid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(gid, group_id);
    const char *p[] = { sid, gid };
    PGresult *r = db_exec(db, err,
                          "SELECT (SELECT count(DISTINCT pupil_id) FROM group_member "
                          "         WHERE school_id = $1 AND group_id = $2), "
                          "       (SELECT count(*) FROM course WHERE school_id = $1 AND group_id = $2)",
                          2, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    long long members = db_ll(r, 0, 0), courses = db_ll(r, 0, 1);
    PQclear(r);
    if (members > 0)
        return db_tx_finish(db,
                            ej_error_set(err, EJ_ECONFLICT,
                                         _("The group «%s» has had %lld pupils: it keeps their "
                                           "history and is not deleted"),
                                         f.g.name, members),
                            err);
    if (courses > 0)
        return db_tx_finish(db,
                            ej_error_set(err, EJ_ECONFLICT,
                                         _("The group «%s» has a journal: it is not deleted"),
                                         f.g.name),
                            err);
    e = db_run(db, err, "DELETE FROM study_group WHERE school_id = $1 AND id = $2", 2, p);
    return db_tx_finish(db, e, err);
}

/* ------------------------------------------------------------ members */

/* Put one pupil in the group from day (inside the caller's transaction). */
static enum ej_err put_in(struct ej_db *db, const struct ej_ctx *ctx, const struct group_facts *f,
                          long long pupil, const char *day, struct ej_error *err)
{
    char sid[32], pid[32], cid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil);
    DB_LL(cid, f->class_id);
    DB_LL(gid, f->g.id);
    const char *p[] = { sid, pid, cid, gid, day };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.surname || ' ' || p.name, e.id IS NOT NULL, coalesce(upper(e.during)::text, ''), "
        "       (SELECT to_char(lower(gm.during), 'DD.MM.YYYY') FROM group_member gm "
        "         WHERE gm.school_id = p.school_id AND gm.group_id = $4 AND gm.pupil_id = p.id "
        "           AND (gm.during @> $5::date OR lower(gm.during) > $5::date) "
        "         ORDER BY lower(gm.during) LIMIT 1), "
        "       (SELECT og.name FROM group_member gm JOIN study_group og "
        "               ON og.school_id = gm.school_id AND og.id = gm.group_id "
        "          JOIN study_group g ON g.school_id = og.school_id AND g.id = $4 "
        "         WHERE gm.school_id = p.school_id AND gm.pupil_id = p.id AND og.id <> g.id "
        "           AND og.class_id = g.class_id AND og.subject_id = g.subject_id "
        "           AND gm.during @> $5::date LIMIT 1) "
        "  FROM pupil p LEFT JOIN enrollment e ON e.school_id = p.school_id AND e.pupil_id = p.id "
        "       AND e.class_id = $3 AND e.during @> $5::date "
        " WHERE p.school_id = $1 AND p.id = $2",
        5, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    char when[11];
    int d;
    if (!cal_parse(day, &d))
        d = 0;
    cal_ddmmyyyy(d, when);
    char upper[11];
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no pupil %lld in this school"), pupil);
    } else if (!db_bool(r, 0, 1)) {
        e = ej_error_set(err, EJ_EINVAL,
                         _("%s is not in class %s on %s: only the class's pupils go into its "
                           "groups"),
                         db_str(r, 0, 0), f->g.class_name, when);
    } else if (!db_null(r, 0, 3)) {
        e = ej_error_set(err, EJ_ECONFLICT, _("%s is already in the group «%s» from %s"),
                         db_str(r, 0, 0), f->g.name, db_str(r, 0, 3));
    } else if (!db_null(r, 0, 4)) {
        e = ej_error_set(err, EJ_ECONFLICT,
                         _("%s is in the group «%s» for this subject on %s: take them out of it "
                           "first"),
                         db_str(r, 0, 0), db_str(r, 0, 4), when);
    }
    snprintf(upper, sizeof upper, "%s", e == EJ_OK ? db_str(r, 0, 2) : "");
    PQclear(r);
    if (e != EJ_OK)
        return e;
    /* Until the pupil leaves the class, if that is already known. */
    const char *pi[] = { sid, gid, pid, day, *upper ? upper : NULL };
    return db_run(db, err,
                  "INSERT INTO group_member (school_id, group_id, pupil_id, during) "
                  "VALUES ($1, $2, $3, daterange($4::date, $5::date))",
                  5, pi);
}

/* Take one pupil out of the group from day (inside the caller's transaction). */
static enum ej_err take_out(struct ej_db *db, const struct ej_ctx *ctx,
                            const struct group_facts *f, long long pupil, const char *day,
                            struct ej_error *err)
{
    char sid[32], pid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil);
    DB_LL(gid, f->g.id);
    const char *p[] = { sid, pid, gid, day };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.surname || ' ' || p.name, gm.id, lower(gm.during) = $4::date, "
        "       (SELECT count(*) FROM mark m JOIN work w ON w.school_id = m.school_id "
        "          AND w.id = m.work_id JOIN lesson l ON l.school_id = w.school_id "
        "          AND l.id = w.lesson_id JOIN course co ON co.school_id = l.school_id "
        "          AND co.id = l.course_id "
        "         WHERE m.school_id = $1 AND m.pupil_id = p.id AND co.group_id = $3 "
        "           AND l.date >= $4::date) + "
        "       (SELECT count(*) FROM attendance a JOIN lesson l ON l.school_id = a.school_id "
        "          AND l.id = a.lesson_id JOIN course co ON co.school_id = l.school_id "
        "          AND co.id = l.course_id "
        "         WHERE a.school_id = $1 AND a.pupil_id = p.id AND co.group_id = $3 "
        "           AND l.date >= $4::date) "
        "  FROM pupil p LEFT JOIN group_member gm ON gm.school_id = p.school_id "
        "       AND gm.pupil_id = p.id AND gm.group_id = $3 AND gm.during @> $4::date "
        " WHERE p.school_id = $1 AND p.id = $2",
        4, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    char when[11];
    int d;
    if (!cal_parse(day, &d))
        d = 0;
    cal_ddmmyyyy(d, when);
    char mid[32] = "";
    bool first_day = false;
    if (PQntuples(r) != 1)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no pupil %lld in this school"), pupil);
    else if (db_null(r, 0, 1))
        e = ej_error_set(err, EJ_EINVAL, _("%s is not in the group «%s» on %s"), db_str(r, 0, 0),
                         f->g.name, when);
    else if (db_ll(r, 0, 3) > 0)
        e = ej_error_set(err, EJ_ECONFLICT,
                         _("The group's journal has %lld marks or absences of %s on or after %s: "
                           "date the change after them"),
                         db_ll(r, 0, 3), db_str(r, 0, 0), when);
    if (e == EJ_OK) {
        snprintf(mid, sizeof mid, "%s", db_str(r, 0, 1));
        first_day = db_bool(r, 0, 2);
    }
    PQclear(r);
    if (e != EJ_OK)
        return e;
    const char *pu[] = { sid, mid, day };
    /* Out on its first day: the spell never was (the audit keeps the row). */
    if (first_day)
        return db_run(db, err, "DELETE FROM group_member WHERE school_id = $1 AND id = $2", 2, pu);
    return db_run(db, err,
                  "UPDATE group_member SET during = daterange(lower(during), $3::date) "
                  " WHERE school_id = $1 AND id = $2",
                  3, pu);
}

enum ej_err db_group_move(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                          const long long *pupils, int npupils, int day, bool in,
                          struct ej_error *err)
{
    enum ej_err e = may_edit(ctx, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    struct group_facts f;
    if ((e = group_facts(db, ctx, group_id, true, &f, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char d[11];
    cal_iso(day, d);
    for (int i = 0; i < npupils && e == EJ_OK; i++)
        e = in ? put_in(db, ctx, &f, pupils[i], d, err) : take_out(db, ctx, &f, pupils[i], d, err);
    return db_tx_finish(db, e, err);
}

/* ------------------------------------------------------------ CSV */

struct class_pupil {
    long long id;
    char *surname, *name, *patronymic; /* folded */
};

static int header_col(const struct csv_record *h, const char *name)
{
    char *want = pupils_fold(name);
    int k = -1;
    for (int i = 0; i < h->nfields && k < 0; i++) {
        char *have = pupils_fold(h->fields[i]);
        if (!strcmp(have, want))
            k = i;
        free(have);
    }
    free(want);
    return k;
}

static const char *cell(const struct csv_record *r, int k)
{
    return k >= 0 && k < r->nfields ? r->fields[k] : "";
}

/* The pupil of the class (list cp) named in row r, or 0 with a problem added. */
static long long match_row(const struct csv_record *r, int cnum, int csur, int cname, int cpat,
                           const struct class_pupil *cp, int ncp, const char *class_name,
                           const char *when, struct ej_buf *probs)
{
    const char *num = cell(r, cnum);
    if (*num) {
        char *end;
        long long id = strtoll(num, &end, 10);
        for (int i = 0; i < ncp && *end == '\0' && id > 0; i++)
            if (cp[i].id == id)
                return id;
        buf_printf(probs, _("line %d: %s"), r->line, "");
        buf_printf(probs, _("there is no pupil number %s in class %s on %s"), num, class_name,
                   when);
        buf_puts(probs, "\n");
        return 0;
    }
    char *s = pupils_fold(cell(r, csur)), *n = pupils_fold(cell(r, cname)),
         *p = pupils_fold(cell(r, cpat));
    long long found = 0;
    int hits = 0;
    for (int i = 0; i < ncp; i++)
        if (!strcmp(cp[i].surname, s) && !strcmp(cp[i].name, n) &&
            (!*p || !strcmp(cp[i].patronymic, p))) {
            found = cp[i].id;
            hits++;
        }
    free(s);
    free(n);
    free(p);
    if (hits == 1)
        return found;
    buf_printf(probs, _("line %d: %s"), r->line, "");
    if (!*cell(r, csur) || !*cell(r, cname))
        buf_puts(probs, _("a surname and a name, or the pupil's number, are needed"));
    else if (hits == 0)
        buf_printf(probs, _("%s %s is not in class %s on %s"), cell(r, csur), cell(r, cname),
                   class_name, when);
    else
        buf_printf(probs, _("%d pupils of class %s are called %s %s: give the pupil's number"),
                   hits, class_name, cell(r, csur), cell(r, cname));
    buf_puts(probs, "\n");
    return 0;
}

enum ej_err db_group_import(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            int day, const void *data, size_t len, bool apply, char **problems,
                            int *count, struct ej_error *err)
{
    *problems = NULL;
    *count = 0;
    enum ej_err e = may_edit(ctx, err);
    if (e != EJ_OK)
        return e;
    struct csv_table *t = NULL;
    struct ej_buf probs;
    buf_init(&probs);
    struct class_pupil *cp = NULL;
    int ncp = 0;
    long long *ids = NULL;
    int *lines = NULL;
    PGresult *r = NULL;
    if ((e = csv_read(data, len, &t, err)) != EJ_OK)
        goto out;
    const struct csv_record *h = &t->records[0];
    int cnum = header_col(h, "Номер"), csur = header_col(h, pupils_column(PF_SURNAME)),
        cname = header_col(h, pupils_column(PF_NAME)),
        cpat = header_col(h, pupils_column(PF_PATRONYMIC));
    if (cnum < 0 && (csur < 0 || cname < 0)) {
        e = ej_error_set(err, EJ_EINVAL, "%s",
                         _("line 1: the header needs a column «Номер» (the pupil's number) or "
                           "«Фамилия» and «Имя»"));
        goto out;
    }
    if (t->nrecords - 1 > PUPILS_MAX_ROWS) {
        e = ej_error_set(err, EJ_EINVAL, _("More than %d rows: split the file"), PUPILS_MAX_ROWS);
        goto out;
    }
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        goto out;
    struct group_facts f;
    if ((e = group_facts(db, ctx, group_id, true, &f, err)) != EJ_OK)
        goto rollback;
    char sid[32], cid[32], d[11], when[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, f.class_id);
    cal_iso(day, d);
    cal_ddmmyyyy(day, when);
    const char *p[] = { sid, cid, d };
    r = db_exec(db, err,
                "SELECT p.id, p.surname, p.name, p.patronymic FROM enrollment e "
                "  JOIN pupil p ON p.school_id = e.school_id AND p.id = e.pupil_id "
                " WHERE e.school_id = $1 AND e.class_id = $2 AND e.during @> $3::date",
                3, p);
    if (!r) {
        e = db_fail(err);
        goto rollback;
    }
    ncp = PQntuples(r);
    cp = xcalloc((size_t)ncp + 1, sizeof *cp);
    for (int i = 0; i < ncp; i++) {
        cp[i].id = db_ll(r, i, 0);
        cp[i].surname = pupils_fold(db_str(r, i, 1));
        cp[i].name = pupils_fold(db_str(r, i, 2));
        cp[i].patronymic = pupils_fold(db_str(r, i, 3));
    }
    PQclear(r);
    r = NULL;
    ids = xcalloc((size_t)t->nrecords, sizeof *ids);
    lines = xcalloc((size_t)t->nrecords, sizeof *lines);
    int n = 0;
    for (int i = 1; i < t->nrecords; i++) {
        const struct csv_record *row = &t->records[i];
        bool blank = true;
        for (int k = 0; k < row->nfields && blank; k++)
            blank = !*row->fields[k];
        if (blank)
            continue;
        long long id = match_row(row, cnum, csur, cname, cpat, cp, ncp, f.g.class_name, when, &probs);
        if (!id)
            continue;
        int dup = -1;
        for (int k = 0; k < n && dup < 0; k++)
            if (ids[k] == id)
                dup = k;
        if (dup >= 0) {
            buf_printf(&probs, _("line %d: %s"), row->line, "");
            buf_printf(&probs, _("the same pupil as on line %d"), lines[dup]);
            buf_puts(&probs, "\n");
            continue;
        }
        ids[n] = id;
        lines[n++] = row->line;
        /* The real check, in this transaction: rolled back unless all is well. */
        struct ej_error e1;
        if (put_in(db, ctx, &f, id, d, &e1) != EJ_OK) {
            if (e1.code == EJ_ETEMP) {
                *err = e1;
                e = EJ_ETEMP;
                goto rollback;
            }
            buf_printf(&probs, _("line %d: %s"), row->line, e1.msg);
            buf_puts(&probs, "\n");
        }
    }
    *count = n;
    int nprob = 0;
    for (size_t i = 0; i < probs.len; i++)
        nprob += probs.data[i] == '\n';
    if (nprob > 0) {
        e = ej_error_set(err, EJ_EINVAL,
                         P_("%d problem in the file: nothing was written",
                            "%d problems in the file: nothing was written", nprob),
                         nprob);
        goto rollback;
    }
    if (n == 0) {
        e = ej_error_set(err, EJ_EINVAL, "%s", _("The file names no pupils"));
        goto rollback;
    }
    if (!apply)
        goto rollback;
    e = db_tx_commit(db, err);
    goto out;
rollback:
    db_tx_rollback(db);
out:
    PQclear(r);
    for (int i = 0; i < ncp; i++) {
        free(cp[i].surname);
        free(cp[i].name);
        free(cp[i].patronymic);
    }
    free(cp);
    free(ids);
    free(lines);
    csv_free(t);
    *problems = probs.data ? buf_steal(&probs) : xstrdup("");
    return e;
}
