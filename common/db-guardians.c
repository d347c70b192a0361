/*
 * db-guardians — the SQL behind parents' data (db-guardians.h).  Each write
 * re-reads the pupil's facts in its own transaction and asks the policy before
 * touching a row; the audit triggers (schema/021_guardians.sql) record who.
 */
#include "db-guardians.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const guardian_relations[GUARDIAN_NRELATIONS] = { "мать", "отец", "опекун", "бабушка",
                                                             "дедушка", "другое", "" };

/* The pupil of ctx's school, the class teacher of their class today (else the
 * latest), and the policy.  EJ_ENOTFOUND for no such pupil. */
static enum ej_err pupil_allowed(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                                 struct ej_error *err)
{
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    const char *p[] = { sid, pid };
    PGresult *r = db_exec(
        db, err,
        "SELECT coalesce((SELECT cl.teacher_id FROM enrollment e JOIN class cl "
        "        ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "       WHERE e.school_id = p.school_id AND e.pupil_id = p.id "
        "       ORDER BY (e.during @> ej_today($1)) DESC, lower(e.during) DESC LIMIT 1), 0) "
        "  FROM pupil p WHERE p.school_id = $1 AND p.id = $2",
        2, p);
    if (!r)
        return db_fail(err);
    struct policy_object o = { .school_id = ctx->school_id, .pupil_id = pupil_id };
    bool found = PQntuples(r) == 1;
    if (found)
        o.class_teacher = db_ll(r, 0, 0);
    PQclear(r);
    enum ej_err e = policy_check(ctx, POLICY_GUARDIAN_EDIT, &o, err);
    if (e == EJ_OK && !found)
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such pupil in this school"));
    return e;
}

enum ej_err db_guardians_of(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            struct guardian_rec **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = pupil_allowed(db, ctx, pupil_id, err);
    if (e != EJ_OK)
        return e;
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    const char *p[] = { sid, pid };
    PGresult *r = db_exec(
        db, err,
        "SELECT g.id, pg.relation, g.surname, g.name, g.patronymic, g.phone, g.email, g.address, "
        "       g.work, coalesce((SELECT a.login FROM account_role ar JOIN account a "
        "            ON a.id = ar.account_id WHERE ar.school_id = g.school_id "
        "            AND ar.role = 'parent' AND ar.guardian_id = g.id LIMIT 1), '') "
        "  FROM pupil_guardian pg JOIN guardian g ON g.school_id = pg.school_id "
        "       AND g.id = pg.guardian_id "
        " WHERE pg.school_id = $1 AND pg.pupil_id = $2 "
        " ORDER BY array_position(ARRAY['мать', 'отец', 'опекун', 'бабушка', 'дедушка', "
        "          'другое', ''], pg.relation), g.surname, g.name, g.id",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct guardian_rec *g = &(*out)[i];
        g->id = db_ll(r, i, 0);
        snprintf(g->relation, sizeof g->relation, "%s", db_str(r, i, 1));
        snprintf(g->surname, sizeof g->surname, "%s", db_str(r, i, 2));
        snprintf(g->name, sizeof g->name, "%s", db_str(r, i, 3));
        snprintf(g->patronymic, sizeof g->patronymic, "%s", db_str(r, i, 4));
        snprintf(g->phone, sizeof g->phone, "%s", db_str(r, i, 5));
        snprintf(g->email, sizeof g->email, "%s", db_str(r, i, 6));
        snprintf(g->address, sizeof g->address, "%s", db_str(r, i, 7));
        snprintf(g->work, sizeof g->work, "%s", db_str(r, i, 8));
        snprintf(g->login, sizeof g->login, "%s", db_str(r, i, 9));
    }
    PQclear(r);
    return EJ_OK;
}

/* One field: valid one-line UTF-8 within max characters (0 bytes allowed unless
 * required). */
enum ej_err guardian_change_check(const struct guardian_change *c, bool adding,
                                  struct ej_error *err)
{
    enum ej_err e;
    if ((e = utf8_field_check(c->surname, _("Surname"), 60, adding, err)) != EJ_OK ||
        (e = utf8_field_check(c->name, _("Name"), 60, adding, err)) != EJ_OK ||
        (e = utf8_field_check(c->patronymic, _("Patronymic"), 60, false, err)) != EJ_OK ||
        (e = utf8_field_check(c->phone, _("Phone"), 40, false, err)) != EJ_OK ||
        (e = utf8_field_check(c->email, _("E-mail"), 100, false, err)) != EJ_OK ||
        (e = utf8_field_check(c->address, _("Address"), 250, false, err)) != EJ_OK ||
        (e = utf8_field_check(c->work, _("Place of work"), 250, false, err)) != EJ_OK)
        return e;
    if (!adding && c->surname && !*c->surname)
        return ej_error_set(err, EJ_EINVAL, _("%s: required"), _("Surname"));
    if (!adding && c->name && !*c->name)
        return ej_error_set(err, EJ_EINVAL, _("%s: required"), _("Name"));
    if (c->phone && *c->phone) {
        size_t digits = 0;
        for (const char *s = c->phone; *s; s++) {
            if (*s >= '0' && *s <= '9')
                digits++;
            else if (!strchr("+()- ", *s))
                return ej_error_set(err, EJ_EINVAL, "%s",
                                    _("Phone: digits, and + ( ) - and spaces only, e.g. "
                                      "+7 912 345-67-89"));
        }
        if (digits < 5 || digits > 15)
            return ej_error_set(err, EJ_EINVAL, "%s", _("Phone: 5 to 15 digits"));
    }
    if (c->email && *c->email) {
        const char *at = strchr(c->email, '@');
        if (!at || at == c->email || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
            strchr(c->email, ' ') || at[1] == '.' || c->email[strlen(c->email) - 1] == '.')
            return ej_error_set(err, EJ_EINVAL, "%s",
                                _("E-mail: a name, @ and a domain, e.g. ivanova@mail.ru"));
    }
    if (c->relation) {
        bool ok = false;
        for (size_t i = 0; i < GUARDIAN_NRELATIONS; i++)
            ok |= !strcmp(c->relation, guardian_relations[i]);
        if (!ok)
            return ej_error_set(err, EJ_EINVAL, "%s",
                                _("Relation: мать, отец, опекун, бабушка, дедушка or другое"));
    }
    return EJ_OK;
}

/* Is guardian g linked to the pupil?  (inside the transaction) */
static enum ej_err linked(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                          long long guardian_id, bool *yes, struct ej_error *err)
{
    char sid[32], pid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    DB_LL(gid, guardian_id);
    const char *p[] = { sid, pid, gid };
    PGresult *r = db_exec(db, err,
                          "SELECT EXISTS (SELECT 1 FROM pupil_guardian WHERE school_id = $1 "
                          "AND pupil_id = $2 AND guardian_id = $3)",
                          3, p);
    if (!r)
        return db_fail(err);
    *yes = db_bool(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_guardian_add(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            const struct guardian_change *c, long long *id_out,
                            struct ej_error *err)
{
    enum ej_err e = guardian_change_check(c, true, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    if ((e = pupil_allowed(db, ctx, pupil_id, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char sid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
#define OR_EMPTY(x) ((x) ? (x) : "")
    const char *p[] = { sid, c->surname, c->name, OR_EMPTY(c->patronymic), OR_EMPTY(c->phone),
                        OR_EMPTY(c->email), OR_EMPTY(c->address), OR_EMPTY(c->work) };
    PGresult *r = db_exec(db, err,
                          "INSERT INTO guardian (school_id, surname, name, patronymic, phone, email, "
                          "address, work) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                          8, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    long long id = db_ll(r, 0, 0);
    PQclear(r);
    char gid[32];
    DB_LL(gid, id);
    const char *pl[] = { sid, pid, gid, OR_EMPTY(c->relation) };
    e = db_run(db, err,
               "INSERT INTO pupil_guardian (school_id, pupil_id, guardian_id, relation) "
               "VALUES ($1, $2, $3, $4)",
               4, pl);
    if ((e = db_tx_finish(db, e, err)) == EJ_OK && id_out)
        *id_out = id;
    return e;
}

enum ej_err db_guardian_set(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            long long guardian_id, const struct guardian_change *c,
                            struct ej_error *err)
{
    enum ej_err e = guardian_change_check(c, false, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    bool yes = false;
    if ((e = pupil_allowed(db, ctx, pupil_id, err)) != EJ_OK ||
        (e = linked(db, ctx, pupil_id, guardian_id, &yes, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    if (!yes)
        return db_tx_finish(db, ej_error_set(err, EJ_ENOTFOUND, "%s",
                                       _("No such parent of this pupil")),
                      err);
    char sid[32], pid[32], gid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    DB_LL(gid, guardian_id);
    /* NULL keeps the column: coalesce with the parameter. */
    const char *p[] = { sid, gid, c->surname, c->name, c->patronymic, c->phone, c->email,
                        c->address, c->work };
    e = db_run(db, err,
               "UPDATE guardian SET surname = coalesce($3, surname), name = coalesce($4, name), "
               "       patronymic = coalesce($5, patronymic), phone = coalesce($6, phone), "
               "       email = coalesce($7, email), address = coalesce($8, address), "
               "       work = coalesce($9, work) "
               " WHERE school_id = $1 AND id = $2",
               9, p);
    if (e == EJ_OK && c->relation) {
        const char *pr[] = { sid, pid, gid, c->relation };
        e = db_run(db, err,
                   "UPDATE pupil_guardian SET relation = $4 WHERE school_id = $1 "
                   "AND pupil_id = $2 AND guardian_id = $3",
                   4, pr);
    }
    return db_tx_finish(db, e, err);
}

enum ej_err db_guardian_link(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                             long long guardian_id, const char *relation, bool link,
                             struct ej_error *err)
{
    struct guardian_change c = { .relation = relation };
    enum ej_err e = guardian_change_check(&c, false, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    if ((e = pupil_allowed(db, ctx, pupil_id, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char sid[32], pid[32], gid[32], staff[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, pupil_id);
    DB_LL(gid, guardian_id);
    DB_LL(staff, ctx->staff_id);
    if (link) {
        /* The guardian must already be one whose data ctx keeps (a sibling's parent
         * in ctx's class), or ctx is the office: no reaching other families' data
         * by linking them. */
        const char *p[] = { sid, gid, staff };
        PGresult *r = db_exec(
            db, err,
            "SELECT EXISTS (SELECT 1 FROM guardian g WHERE g.school_id = $1 AND g.id = $2), "
            "       EXISTS (SELECT 1 FROM pupil_guardian pg JOIN enrollment e "
            "               ON e.school_id = pg.school_id AND e.pupil_id = pg.pupil_id "
            "              AND e.during @> ej_today($1) JOIN class cl ON cl.school_id = e.school_id "
            "              AND cl.id = e.class_id "
            "               WHERE pg.school_id = $1 AND pg.guardian_id = $2 "
            "                 AND cl.teacher_id = $3 AND $3 <> 0)",
            3, p);
        if (!r)
            return db_tx_finish(db, db_fail(err), err);
        bool exists = db_bool(r, 0, 0), mine = db_bool(r, 0, 1);
        PQclear(r);
        struct policy_object o = { .school_id = ctx->school_id, .class_teacher = mine ? ctx->staff_id : 0 };
        if (!exists)
            return db_tx_finish(db, ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such parent")), err);
        if ((e = policy_check(ctx, POLICY_GUARDIAN_EDIT, &o, err)) != EJ_OK)
            return db_tx_finish(db, e, err);
        const char *pl[] = { sid, pid, gid, relation ? relation : "" };
        e = db_run(db, err,
                   "INSERT INTO pupil_guardian (school_id, pupil_id, guardian_id, relation) "
                   "VALUES ($1, $2, $3, $4) ON CONFLICT (school_id, pupil_id, guardian_id) "
                   "DO UPDATE SET relation = EXCLUDED.relation",
                   4, pl);
        return db_tx_finish(db, e, err);
    }
    bool yes = false;
    if ((e = linked(db, ctx, pupil_id, guardian_id, &yes, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    if (!yes)
        return db_tx_finish(db, ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such parent of this pupil")),
                      err);
    const char *pu[] = { sid, pid, gid };
    e = db_run(db, err,
               "DELETE FROM pupil_guardian WHERE school_id = $1 AND pupil_id = $2 "
               "AND guardian_id = $3",
               3, pu);
    return db_tx_finish(db, e, err);
}

enum ej_err db_guardians_find(struct ej_db *db, const struct ej_ctx *ctx, const char *prefix,
                              struct guardian_found **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_GUARDIAN_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    char *key = utf8_fold(prefix);
    const char *p[] = { sid, key };
    PGresult *r = db_exec(
        db, err,
        "SELECT g.id, concat_ws(' ', g.surname, g.name, nullif(g.patronymic, '')), "
        "       coalesce((SELECT string_agg(p.surname || ' ' || p.name || coalesce(' ' || "
        "                   (SELECT cl.grade::text || cl.letter FROM enrollment e JOIN class cl "
        "                       ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "                     WHERE e.school_id = p.school_id AND e.pupil_id = p.id "
        "                     ORDER BY lower(e.during) DESC LIMIT 1), ''), ', ' ORDER BY p.surname, p.name) "
        "           FROM pupil_guardian pg JOIN pupil p ON p.school_id = pg.school_id "
        "                AND p.id = pg.pupil_id "
        "          WHERE pg.school_id = g.school_id AND pg.guardian_id = g.id), '') "
        "  FROM guardian g "
        " WHERE g.school_id = $1 "
        "   AND starts_with(translate(lower(g.surname COLLATE \"ru-x-icu\"), 'ё', 'е'), $2) "
        " ORDER BY g.surname COLLATE \"ru-x-icu\", g.name COLLATE \"ru-x-icu\", g.id LIMIT 50",
        2, p);
    free(key);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        (*out)[i].id = db_ll(r, i, 0);
        snprintf((*out)[i].name, sizeof (*out)[i].name, "%s", db_str(r, i, 1));
        snprintf((*out)[i].children, sizeof (*out)[i].children, "%s", db_str(r, i, 2));
    }
    PQclear(r);
    return EJ_OK;
}
