/*
 * db-logins — issuing logins and temporary passwords to a class's families
 * (db-logins.h).  One write transaction: the class and its teacher are read and
 * the policy asked under the same snapshot, then every account is created or
 * given a new password hash.  Clear-text passwords never leave this process's
 * memory except in the caller's slips.
 */
#include "db-logins.h"
#include "db-internal.h"
#include "i18n.h"
#include "passwd.h"
#include "policy.h"
#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMP_PASSWORD_LEN 10

enum ej_err db_find_class(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                              long long *class_id, long long *teacher, struct ej_error *err)
{
    int grade;
    char letter[8];
    if (!report_parse_class(name, &grade, letter))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a class: a grade and a letter, e.g. 7А"),
                            name);
    char sid[32], gr[8];
    DB_LL(sid, ctx->school_id);
    snprintf(gr, sizeof gr, "%d", grade);
    const char *p[] = { sid, gr, letter };
    PGresult *r = db_exec(
        db, err,
        "SELECT cl.id, coalesce(cl.teacher_id, 0) FROM class cl WHERE cl.school_id = $1 "
        "   AND cl.grade = $2 AND cl.letter = $3 AND cl.year_id = "
        "   (SELECT y.id FROM academic_year y WHERE y.school_id = $1 "
        "     ORDER BY (ej_today($1) BETWEEN y.starts AND y.ends) DESC, "
        "              (y.starts <= ej_today($1)) DESC, y.starts DESC LIMIT 1)",
        3, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no class %s this school year"), name);
    } else {
        *class_id = db_ll(r, 0, 0);
        *teacher = db_ll(r, 0, 1);
    }
    PQclear(r);
    return e;
}

/* "sokolova.oi": the transliterated surname and initials, within the login rule
 * ^[a-z][a-z0-9._-]{1,31}$ (a digit is appended on a collision). */
void db_login_base(const char *surname, const char *name, const char *patronymic, char out[32])
{
    char *s = utf8_translit(surname);
    char ini[16] = "";
    const char *parts[] = { name, patronymic };
    for (int i = 0; i < 2; i++) {
        uint32_t cp;
        size_t l = parts[i] && *parts[i] ? utf8_decode(parts[i], &cp) : 0;
        if (l == 0)
            continue;
        char first[8];
        memcpy(first, parts[i], l);
        first[l] = '\0';
        char *t = utf8_translit(first);
        strncat(ini, t, sizeof ini - strlen(ini) - 1);
        free(t);
    }
    if (strlen(s) < 2) {
        free(s);
        s = xstrdup("user");
    }
    if (strlen(s) > 22)
        s[22] = '\0';
    snprintf(out, 32, "%s%s%.4s", s, *ini ? "." : "", ini);
    free(s);
}

/* The first free login from base: base, base2, base3… (inside the transaction). */
enum ej_err db_free_login(struct ej_db *db, const char *base, char out[40],
                          struct ej_error *err)
{
    const char *p[] = { base };
    PGresult *r = db_exec(db, err, "SELECT login FROM account WHERE left(login, length($1)) = $1",
                          1, p);
    if (!r)
        return db_fail(err);
    for (int k = 1; k < 10000; k++) {
        if (k == 1)
            snprintf(out, 40, "%.27s", base);
        else
            snprintf(out, 40, "%.27s%d", base, k % 10000);
        bool taken = false;
        for (int i = 0; i < PQntuples(r) && !taken; i++)
            taken = strcmp(db_str(r, i, 0), out) == 0;
        if (!taken)
            break;
    }
    PQclear(r);
    return EJ_OK;
}

void db_logins_free(struct db_login_issued *v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        explicit_bzero(v[i].password, sizeof v[i].password);
    free(v);
}

/* Give account `id` (0: create one for the person) a new temporary password. */
static enum ej_err issue_one(struct ej_db *db, const struct ej_ctx *ctx, struct db_login_issued *o,
                             long long id, const char *login, bool parent, long long person,
                             const char *surname, const char *name, const char *patronymic,
                             struct ej_error *err)
{
    passwd_generate(o->password, TEMP_PASSWORD_LEN);
    char *hash = passwd_hash(o->password);
    if (!hash)
        return ej_error_set(err, EJ_EINTERNAL, "%s", _("Cannot hash a password (libcrypt)"));
    enum ej_err e;
    char sid[32], pid[32], aid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(pid, person);
    if (id) {
        DB_LL(aid, id);
        const char *p[] = { aid, hash };
        e = db_run(db, err,
                   "UPDATE account SET password_hash = $2, must_change = true, "
                   "       password_changed_at = NULL WHERE id = $1",
                   2, p);
        snprintf(o->login, sizeof o->login, "%s", login);
        o->account_id = id;
        goto out;
    }
    char base[32];
    db_login_base(surname, name, patronymic, base);
    if ((e = db_free_login(db, base, o->login, err)) != EJ_OK)
        goto out;
    char display[200];
    snprintf(display, sizeof display, "%s %s%s%s", surname, name, *patronymic ? " " : "",
             patronymic);
    const char *pa[] = { sid, o->login, hash, display };
    PGresult *r = db_exec(db, err,
                          "INSERT INTO account (school_id, login, password_hash, must_change, "
                          "display_name) VALUES ($1, $2, $3, true, $4) RETURNING id",
                          4, pa);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    o->account_id = db_ll(r, 0, 0);
    PQclear(r);
    DB_LL(aid, o->account_id);
    const char *pr[] = { sid, aid, pid };
    e = db_run(db, err,
               parent ? "INSERT INTO account_role (school_id, account_id, role, guardian_id) "
                        "VALUES ($1, $2, 'parent', $3)"
                      : "INSERT INTO account_role (school_id, account_id, role, pupil_id) "
                        "VALUES ($1, $2, 'pupil', $3)",
               3, pr);
    o->created = true;
out:
    explicit_bzero(hash, strlen(hash));
    free(hash);
    return e;
}

/* Parents and pupils of the class (of one pupil), each pupil followed by their
 * parents; a parent of two in the class comes once, after the first. */
#define TARGETS_SQL                                                                              \
    "WITH pu AS (SELECT e.pupil_id FROM enrollment e WHERE e.school_id = $1 "                    \
    "            AND e.class_id = $2 AND e.during @> ej_today($1) "                              \
    "            AND ($3::bigint = 0 OR e.pupil_id = $3)), "                                     \
    " t AS (SELECT 'pupil' AS kind, p.id AS person, p.surname, p.name, p.patronymic, "          \
    "              p.surname || ' ' || p.name || ' ' || p.id AS key, 0 AS ord "                  \
    "         FROM pupil p WHERE p.school_id = $1 AND p.id IN (SELECT pupil_id FROM pu) "       \
    "       UNION ALL "                                                                          \
    "       SELECT 'parent', g.id, g.surname, g.name, g.patronymic, "                           \
    "              (SELECT min(p.surname || ' ' || p.name || ' ' || p.id) FROM pupil p "         \
    "                 JOIN pupil_guardian pg ON pg.school_id = p.school_id AND pg.pupil_id = p.id " \
    "                WHERE pg.guardian_id = g.id AND p.id IN (SELECT pupil_id FROM pu)), 1 "     \
    "         FROM guardian g WHERE g.school_id = $1 AND g.id IN (SELECT pg.guardian_id "       \
    "              FROM pupil_guardian pg WHERE pg.school_id = $1 "                             \
    "               AND pg.pupil_id IN (SELECT pupil_id FROM pu))) "                            \
    "SELECT t.kind, t.person, t.surname, t.name, t.patronymic, "                                \
    "       coalesce(a.id, 0), coalesce(a.login, ''), "                                          \
    "       CASE WHEN t.kind = 'parent' THEN (SELECT string_agg(p.surname || ' ' || p.name || "  \
    "            coalesce(' (' || (SELECT cl.grade::text || cl.letter FROM enrollment e "         \
    "                 JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "        \
    "                WHERE e.school_id = p.school_id AND e.pupil_id = p.id "                     \
    "                ORDER BY (e.during @> ej_today($1)) DESC, lower(e.during) DESC LIMIT 1) "  \
    "                 || ')', ''), ', ' ORDER BY p.birth_date DESC, p.id) FROM pupil p "         \
    "            JOIN pupil_guardian pg ON pg.school_id = p.school_id AND pg.pupil_id = p.id "   \
    "           WHERE pg.school_id = $1 AND pg.guardian_id = t.person) END, "                    \
    "       (SELECT count(*) FROM pu) "                                                          \
    "  FROM t LEFT JOIN LATERAL (SELECT ac.id, ac.login FROM account_role ar "                   \
    "        JOIN account ac ON ac.id = ar.account_id "                                          \
    "       WHERE ar.school_id = $1 AND ar.role = t.kind "                                       \
    "         AND (CASE WHEN t.kind = 'parent' THEN ar.guardian_id ELSE ar.pupil_id END) = t.person " \
    "       ORDER BY ac.id LIMIT 1) a ON true "                                                  \
    " ORDER BY t.key COLLATE \"ru-x-icu\", t.ord, t.surname COLLATE \"ru-x-icu\", t.name, t.person"

enum ej_err db_logins_issue(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                            long long pupil_id, unsigned who, struct db_login_issued **out,
                            int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    struct db_login_issued *v = NULL;
    int nv = 0;
    PGresult *r = NULL;
    long long class_id = 0, teacher = 0;
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_find_class(db, ctx, class_name, &class_id, &teacher, err)) != EJ_OK)
        goto out;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = teacher };
    if ((e = policy_check(ctx, POLICY_LOGINS_ISSUE, &o, err)) != EJ_OK)
        goto out;
    char sid[32], cid[32], pid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(pid, pupil_id > 0 ? pupil_id : 0);
    const char *p[] = { sid, cid, pid };
    r = db_exec(db, err, TARGETS_SQL, 3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    int rows = PQntuples(r);
    if (pupil_id > 0 && (rows == 0 || db_ll(r, 0, 8) == 0)) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("The pupil is not in class %s today"), class_name);
        goto out;
    }
    v = xcalloc((size_t)rows + 1, sizeof *v);
    for (int i = 0; i < rows; i++) {
        bool parent = strcmp(db_str(r, i, 0), "parent") == 0;
        if (!(who & (parent ? LOGINS_PARENTS : LOGINS_PUPILS)))
            continue;
        struct db_login_issued *x = &v[nv++];
        const char *sn = db_str(r, i, 2), *nm = db_str(r, i, 3), *pt = db_str(r, i, 4);
        snprintf(x->name, sizeof x->name, "%s %s%s%s", sn, nm, *pt ? " " : "", pt);
        if (parent)
            snprintf(x->role, sizeof x->role, _("parent: %s"), db_str(r, i, 7));
        else
            snprintf(x->role, sizeof x->role, _("pupil, class %s"), class_name);
        if ((e = issue_one(db, ctx, x, db_ll(r, i, 5), db_str(r, i, 6), parent, db_ll(r, i, 1),
                           sn, nm, pt, err)) != EJ_OK)
            goto out;
    }
    if (nv == 0) {
        e = ej_error_set(err, EJ_EINVAL, "%s",
                         _("Nobody to issue logins to: no pupils (or no parents recorded) in the "
                           "class today"));
        goto out;
    }
    e = db_tx_commit(db, err);
out:
    PQclear(r);
    if (e != EJ_OK) {
        if (db->in_tx)
            db_tx_rollback(db);
        db_logins_free(v, nv);
        return e;
    }
    *out = v;
    *n = nv;
    return EJ_OK;
}

enum ej_err db_logins_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_login_row **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    long long class_id = 0, teacher = 0;
    enum ej_err e = db_find_class(db, ctx, class_name, &class_id, &teacher, err);
    if (e != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = teacher };
    if ((e = policy_check(ctx, POLICY_LOGINS_ISSUE, &o, err)) != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    const char *p[] = { sid, cid };
    PGresult *r = db_exec(
        db, err,
        "WITH pu AS (SELECT p.* FROM enrollment e JOIN pupil p ON p.school_id = e.school_id "
        "            AND p.id = e.pupil_id WHERE e.school_id = $1 AND e.class_id = $2 "
        "            AND e.during @> ej_today($1)), "
        " t AS (SELECT pu.id AS pupil, pu.surname || ' ' || pu.name AS pname, false AS parent, "
        "              pu.surname || ' ' || pu.name || ' ' || pu.patronymic AS person, '' AS rel, "
        "              (SELECT ar.account_id FROM account_role ar WHERE ar.school_id = $1 "
        "                 AND ar.role = 'pupil' AND ar.pupil_id = pu.id LIMIT 1) AS acc "
        "         FROM pu "
        "       UNION ALL "
        "       SELECT pu.id, pu.surname || ' ' || pu.name, true, "
        "              g.surname || ' ' || g.name || ' ' || g.patronymic, pg.relation, "
        "              (SELECT ar.account_id FROM account_role ar WHERE ar.school_id = $1 "
        "                 AND ar.role = 'parent' AND ar.guardian_id = g.id LIMIT 1) "
        "         FROM pu JOIN pupil_guardian pg ON pg.school_id = pu.school_id "
        "              AND pg.pupil_id = pu.id "
        "         JOIN guardian g ON g.school_id = pg.school_id AND g.id = pg.guardian_id) "
        "SELECT t.pupil, t.pname, t.parent, trim(t.person), t.rel, coalesce(a.login, ''), "
        "       coalesce(a.must_change, false), "
        "       coalesce((SELECT to_char(le.at AT TIME ZONE s.tz, 'DD.MM.YYYY HH24:MI') "
        "                   FROM login_event le WHERE le.account_id = a.id AND le.ok "
        "                  ORDER BY le.at DESC LIMIT 1), '') "
        "  FROM t LEFT JOIN account a ON a.id = t.acc JOIN school s ON s.id = $1 "
        " ORDER BY t.pname COLLATE \"ru-x-icu\", t.pupil, t.parent, t.person COLLATE \"ru-x-icu\"",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_login_row *x = &(*out)[i];
        x->pupil_id = db_ll(r, i, 0);
        snprintf(x->pupil, sizeof x->pupil, "%s", db_str(r, i, 1));
        x->parent = db_bool(r, i, 2);
        snprintf(x->person, sizeof x->person, "%s", db_str(r, i, 3));
        snprintf(x->relation, sizeof x->relation, "%s", db_str(r, i, 4));
        snprintf(x->login, sizeof x->login, "%s", db_str(r, i, 5));
        x->must_change = db_bool(r, i, 6);
        snprintf(x->last_login, sizeof x->last_login, "%s", db_str(r, i, 7));
    }
    PQclear(r);
    return EJ_OK;
}
