/*
 * db-staff — the SQL behind the staff list (db-staff.h).  Adding and
 * deactivating are one audited transaction each (account and account_role are
 * audited; staff rows carry no personal data beyond names and positions).
 */
#include "db-staff.h"
#include "db-auth.h"
#include "db-internal.h"
#include "i18n.h"
#include "passwd.h"
#include "policy.h"
#include "procinfo.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

enum ej_err db_staff_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_staff **out,
                          int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_STAFF_READ, &o, err);
    if (e != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(
        db, err,
        "SELECT st.id, st.surname, st.name, st.patronymic, st.position, st.active, "
        "       coalesce((SELECT string_agg(su.name, ', ' ORDER BY su.sort, su.name) "
        "          FROM staff_subject ss JOIN subject su ON su.school_id = ss.school_id "
        "               AND su.id = ss.subject_id "
        "         WHERE ss.school_id = st.school_id AND ss.staff_id = st.id), ''), "
        "       coalesce((SELECT a.login FROM account_role ar JOIN account a ON a.id = ar.account_id "
        "         WHERE ar.school_id = st.school_id AND ar.staff_id = st.id LIMIT 1), ''), "
        "       coalesce((SELECT string_agg(DISTINCT ar.role, ',') FROM account_role ar "
        "         WHERE ar.school_id = st.school_id AND ar.staff_id = st.id), '') "
        "  FROM staff st WHERE st.school_id = $1 "
        " ORDER BY NOT st.active, st.surname COLLATE \"ru-x-icu\", st.name COLLATE \"ru-x-icu\", st.id",
        1, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_staff *s = &(*out)[i];
        s->id = db_ll(r, i, 0);
        snprintf(s->surname, sizeof s->surname, "%s", db_str(r, i, 1));
        snprintf(s->name, sizeof s->name, "%s", db_str(r, i, 2));
        snprintf(s->patronymic, sizeof s->patronymic, "%s", db_str(r, i, 3));
        snprintf(s->position, sizeof s->position, "%s", db_str(r, i, 4));
        s->active = db_bool(r, i, 5);
        snprintf(s->subjects, sizeof s->subjects, "%s", db_str(r, i, 6));
        snprintf(s->login, sizeof s->login, "%s", db_str(r, i, 7));
        snprintf(s->roles, sizeof s->roles, "%s", db_str(r, i, 8));
    }
    PQclear(r);
    return EJ_OK;
}

/* The subjects a member of staff may teach, added inside the caller's transaction:
 * names or short names of the school's subjects (EJ_EINVAL naming one that is not). */
static enum ej_err staff_subjects_put(struct ej_db *db, const struct ej_ctx *ctx, const char *sid,
                                      const char *stid, const char *const *subjects, int n,
                                      struct ej_error *err)
{
    enum ej_err e = EJ_OK;
    for (int i = 0; i < n && e == EJ_OK; i++) {
        long long su;
        if ((e = db_subject_ref(db, ctx, subjects[i], &su, err)) != EJ_OK) {
            if (e == EJ_ENOTFOUND)
                e = ej_error_set(err, EJ_EINVAL, _("No subject «%s» in this school"), subjects[i]);
            break;
        }
        char sub[32];
        DB_LL(sub, su);
        const char *ps[] = { sid, stid, sub };
        e = db_run(db, err,
                   "INSERT INTO staff_subject (school_id, staff_id, subject_id) VALUES ($1, $2, $3) "
                   "ON CONFLICT DO NOTHING",
                   3, ps);
    }
    return e;
}

enum ej_err db_staff_add(struct ej_db *db, const struct ej_ctx *ctx, const struct db_staff_new *s,
                         long long *id_out, char login[40], char password[16],
                         struct ej_error *err)
{
    enum ej_err e;
    const char *role = s->role ? s->role : "teacher";
    if ((e = utf8_field_check(s->surname, _("Surname"), 100, true, err)) != EJ_OK ||
        (e = utf8_field_check(s->name, _("Name"), 100, true, err)) != EJ_OK ||
        (e = utf8_field_check(s->patronymic, _("Patronymic"), 100, false, err)) != EJ_OK ||
        (e = utf8_field_check(s->position, _("Position"), 100, false, err)) != EJ_OK)
        return e;
    if (strcmp(role, "teacher") && strcmp(role, "secretary") && strcmp(role, "deputy") &&
        strcmp(role, "hr"))
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("Role: teacher, secretary, deputy or hr (the administrator is "
                              "appointed by the administrator)"));
    struct policy_object o = { .school_id = ctx->school_id };
    if ((e = policy_check(ctx, POLICY_STAFF_EDIT, &o, err)) != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, s->surname, s->name, s->patronymic ? s->patronymic : "",
                        s->position ? s->position : "" };
    PGresult *r = db_exec(db, err,
                          "INSERT INTO staff (school_id, surname, name, patronymic, position) "
                          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                          5, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    long long id = db_ll(r, 0, 0);
    PQclear(r);
    char stid[32];
    DB_LL(stid, id);
    /* The subjects as db_staff_set takes them (names or short names). */
    if ((e = staff_subjects_put(db, ctx, sid, stid, s->subjects, s->nsubjects, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char base[32];
    db_login_base(s->surname, s->name, s->patronymic, base);
    if ((e = db_free_login(db, base, login, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    passwd_generate(password, 10);
    char *hash = passwd_hash(password);
    if (!hash)
        return db_tx_finish(db, ej_error_set(err, EJ_EINTERNAL, "%s", _("Cannot hash a password (libcrypt)")),
                      err);
    char display[320];
    snprintf(display, sizeof display, "%s %s%s%s", s->surname, s->name,
             s->patronymic && *s->patronymic ? " " : "", s->patronymic ? s->patronymic : "");
    const char *pa[] = { sid, login, hash, display };
    r = db_exec(db, err,
                "INSERT INTO account (school_id, login, password_hash, must_change, display_name) "
                "VALUES ($1, $2, $3, true, $4) RETURNING id",
                4, pa);
    explicit_bzero(hash, strlen(hash));
    free(hash);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    char aid[32];
    DB_LL(aid, db_ll(r, 0, 0));
    PQclear(r);
    const char *pr[] = { sid, aid, role, stid };
    e = db_run(db, err,
               "INSERT INTO account_role (school_id, account_id, role, staff_id) VALUES ($1, $2, $3, $4)",
               4, pr);
    if ((e = db_tx_finish(db, e, err)) == EJ_OK && id_out)
        *id_out = id;
    return e;
}

enum ej_err db_staff_deactivate(struct ej_db *db, const struct ej_ctx *ctx, long long staff_id,
                                struct db_staff_session **sessions, int *n, struct ej_error *err)
{
    *sessions = NULL;
    *n = 0;
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_STAFF_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], stid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(stid, staff_id);
    const char *p[] = { sid, stid };
    PGresult *r = db_exec(db, err,
                          "UPDATE staff SET active = false WHERE school_id = $1 AND id = $2 RETURNING id",
                          2, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    int rows = PQntuples(r);
    PQclear(r);
    if (rows != 1)
        return db_tx_finish(db, ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such member of staff")), err);
    /* Their accounts: locked (nothing is deleted: marks and audit keep their author). */
    r = db_exec(db, err,
                "UPDATE account a SET locked = true, active = false FROM account_role ar "
                " WHERE ar.account_id = a.id AND ar.school_id = $1 AND ar.staff_id = $2 "
                "   AND a.id <> nullif(current_setting('ej.account'), '')::bigint "
                "RETURNING a.id",
                2, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    PQclear(r);
    r = db_exec(db, err,
                "SELECT s.id, s.host, s.pid, s.proc_start FROM ssh_session s "
                "  JOIN account_role ar ON ar.account_id = s.account_id "
                " WHERE ar.school_id = $1 AND ar.staff_id = $2 AND s.ended_at IS NULL",
                2, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    *n = PQntuples(r);
    *sessions = xcalloc((size_t)*n + 1, sizeof **sessions);
    for (int i = 0; i < *n; i++) {
        struct db_staff_session *x = &(*sessions)[i];
        x->id = db_ll(r, i, 0);
        snprintf(x->host, sizeof x->host, "%s", db_str(r, i, 1));
        x->pid = (int)db_ll(r, i, 2);
        x->proc_start = db_ll(r, i, 3);
    }
    PQclear(r);
    if ((e = db_tx_finish(db, EJ_OK, err)) != EJ_OK) {
        free(*sessions);
        *sessions = NULL;
        *n = 0;
    }
    return e;
}

int db_staff_end_sessions(struct ej_db *db, const struct ej_ctx *ctx,
                          const struct db_staff_session *s, int n, int *elsewhere)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    int ended = 0;
    *elsewhere = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(host, s[i].host) != 0) {
            (*elsewhere)++;
            continue;
        }
        if (s[i].proc_start && proc_start_time(s[i].pid) == s[i].proc_start)
            kill(s[i].pid, SIGTERM);
        struct ej_error err;
        if (db_auth_session_close(db, s[i].id, "admin", ctx->account_id, &err) == EJ_OK)
            ended++;
    }
    return ended;
}

int db_staff_subjects(char *list, const char ***out)
{
    *out = NULL;
    int n = 0;
    for (char *save = NULL, *t = list ? strtok_r(list, ",", &save) : NULL; t;
         t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        size_t l = strlen(t);
        while (l > 0 && t[l - 1] == ' ')
            t[--l] = '\0';
        if (!*t)
            continue;
        *out = xreallocarray(*out, (size_t)n + 1, sizeof **out);
        (*out)[n++] = t;
    }
    return n;
}

enum ej_err db_staff_set(struct ej_db *db, const struct ej_ctx *ctx, long long staff_id,
                         const char *position, const char *const *subjects, int nsubjects,
                         struct ej_error *err)
{
    enum ej_err e;
    if (position && (e = utf8_field_check(position, _("Position"), 100, false, err)) != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id };
    if ((e = policy_check(ctx, POLICY_STAFF_EDIT, &o, err)) != EJ_OK ||
        (e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], stid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(stid, staff_id);
    const char *p[] = { sid, stid, position };
    PGresult *r = db_exec(db, err,
                          "UPDATE staff SET position = coalesce($3, position) "
                          " WHERE school_id = $1 AND id = $2 RETURNING id",
                          3, p);
    if (!r)
        return db_tx_finish(db, db_fail(err), err);
    int found = PQntuples(r);
    PQclear(r);
    if (!found)
        return db_tx_finish(db, ej_error_set(err, EJ_ENOTFOUND, _("There is no member of staff %lld"), staff_id),
                            err);
    if (nsubjects >= 0 &&
        (e = db_run(db, err, "DELETE FROM staff_subject WHERE school_id = $1 AND staff_id = $2", 2, p)) ==
            EJ_OK)
        e = staff_subjects_put(db, ctx, sid, stid, subjects, nsubjects, err);
    return db_tx_finish(db, e, err);
}
