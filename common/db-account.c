/*
 * db-account — account and roles (SQL).
 */
#include "db-account.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ej_err db_account_load(struct ej_db *db, long long account_id, struct ej_ctx *ctx,
                            struct ej_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", account_id);
    const char *p[] = { id };
    PGresult *r = db_exec(db, err,
                          "SELECT a.login, a.display_name, a.school_id, s.name, a.must_change, "
                          "       a.locked OR NOT a.active "
                          "  FROM account a JOIN school s ON s.id = a.school_id WHERE a.id = $1",
                          1, p);
    if (!r)
        return err ? err->code : EJ_ETEMP;
    if (PQntuples(r) != 1 || strcmp(db_str(r, 0, 5), "t") == 0) {
        PQclear(r);
        return ej_error_set(err, EJ_EDENIED, _("The account is locked or does not exist"));
    }
    ctx->account_id = account_id;
    snprintf(ctx->login, sizeof ctx->login, "%s", db_str(r, 0, 0));
    snprintf(ctx->display_name, sizeof ctx->display_name, "%s", db_str(r, 0, 1));
    ctx->school_id = db_ll(r, 0, 2);
    snprintf(ctx->school_name, sizeof ctx->school_name, "%s", db_str(r, 0, 3));
    ctx->must_change = strcmp(db_str(r, 0, 4), "t") == 0;
    PQclear(r);

    char sid[32];
    snprintf(sid, sizeof sid, "%lld", ctx->school_id);
    const char *p2[] = { id, sid };
    r = db_exec(db, err,
                "SELECT role, coalesce(staff_id, 0), coalesce(guardian_id, 0), coalesce(pupil_id, 0) "
                "  FROM account_role WHERE account_id = $1 AND school_id = $2 ORDER BY id",
                2, p2);
    if (!r)
        return err ? err->code : EJ_ETEMP;
    static const struct {
        const char *name;
        unsigned bit;
    } roles[] = { { "admin", ROLE_ADMIN },     { "deputy", ROLE_DEPUTY }, { "secretary", ROLE_SECRETARY },
                  { "hr", ROLE_HR },           { "teacher", ROLE_TEACHER }, { "parent", ROLE_PARENT },
                  { "pupil", ROLE_PUPIL } };
    ctx->roles = 0;
    free(ctx->guardian_ids);
    ctx->guardian_ids = NULL;
    ctx->nguardian = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
            if (strcmp(db_str(r, i, 0), roles[k].name) == 0)
                ctx->roles |= roles[k].bit;
        if (db_ll(r, i, 1))
            ctx->staff_id = db_ll(r, i, 1);
        if (db_ll(r, i, 2)) {
            ctx->guardian_ids = xreallocarray(ctx->guardian_ids, (size_t)ctx->nguardian + 1,
                                              sizeof *ctx->guardian_ids);
            ctx->guardian_ids[ctx->nguardian++] = db_ll(r, i, 2);
        }
        if (db_ll(r, i, 3))
            ctx->pupil_id = db_ll(r, i, 3);
    }
    PQclear(r);
    return EJ_OK;
}

long long db_account_id_by_login(struct ej_db *db, const char *login, struct ej_error *err)
{
    const char *p[] = { login };
    PGresult *r = db_exec(db, err, "SELECT id FROM account WHERE login = $1", 1, p);
    if (!r)
        return 0;
    long long id = PQntuples(r) ? db_ll(r, 0, 0) : 0;
    PQclear(r);
    return id;
}

bool db_account_last_login(struct ej_db *db, long long account_id, char when[32], char addr[64],
                           struct ej_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", account_id);
    const char *p[] = { id };
    PGresult *r = db_exec(db, err,
                          "SELECT to_char(e.at AT TIME ZONE s.tz, 'DD.MM.YYYY HH24:MI'), e.client_addr "
                          "  FROM login_event e JOIN account a ON a.id = e.account_id "
                          "  JOIN school s ON s.id = a.school_id "
                          " WHERE e.account_id = $1 AND e.ok ORDER BY e.at DESC, e.id DESC OFFSET 1 LIMIT 1",
                          1, p);
    if (!r)
        return false;
    bool found = PQntuples(r) == 1;
    if (found) {
        snprintf(when, 32, "%s", db_str(r, 0, 0));
        snprintf(addr, 64, "%s", db_str(r, 0, 1));
    }
    PQclear(r);
    return found;
}

enum ej_err db_account_print_prefs(struct ej_db *db, const struct ej_ctx *ctx, char queue[128],
                                   char charset[16], struct ej_error *err)
{
    char sid[32], aid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(aid, ctx->account_id);
    const char *p[] = { sid, aid };
    PGresult *r = db_exec(db, err,
                          "SELECT s.print_queue, a.print_charset FROM school s, account a "
                          " WHERE s.id = $1 AND a.id = $2",
                          2, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such account"));
    } else {
        snprintf(queue, 128, "%s", db_str(r, 0, 0));
        snprintf(charset, 16, "%s", db_str(r, 0, 1));
    }
    PQclear(r);
    return e;
}

enum ej_err db_account_set_print_charset(struct ej_db *db, const struct ej_ctx *ctx,
                                         const char *charset, struct ej_error *err)
{
    char aid[32];
    DB_LL(aid, ctx->account_id);
    const char *p[] = { aid, charset };
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_run(db, err, "UPDATE account SET print_charset = $2 WHERE id = $1", 2, p)) != EJ_OK) {
        db_tx_rollback(db);
        return e;
    }
    return db_tx_commit(db, err);
}
