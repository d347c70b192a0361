/*
 * ctx — the working context of one application process.
 */
#include "ctx.h"
#include "db.h"
#include "db-account.h"
#include "i18n.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

enum ej_err ctx_load_account(struct ej_ctx *ctx, struct ej_db *db, long long account_id,
                             struct ej_error *err)
{
    ctx->db = db;
    return db_account_load(db, account_id, ctx, err);
}

enum ej_err ctx_open_from_env(struct ej_ctx *ctx, struct ej_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    const char *acct = getenv(EJ_ENV_ACCOUNT);
    const char *conninfo = getenv(EJ_ENV_CONNINFO);
    if (!acct || !*acct || !conninfo)
        return ej_error_set(err, EJ_EUSAGE,
                            _("ejournal runs in a session started by ejournald (ssh -p 2222 "
                              "login@server)"));
    long long id = strtoll(acct, NULL, 10);
    snprintf(ctx->client_addr, sizeof ctx->client_addr, "%s",
             getenv(EJ_ENV_CLIENT_ADDR) ? getenv(EJ_ENV_CLIENT_ADDR) : "");
    ctx->session_id = getenv(EJ_ENV_SESSION) ? strtoll(getenv(EJ_ENV_SESSION), NULL, 10) : 0;
    ctx->idle_lock = env_int(EJ_ENV_IDLE_LOCK, 900);
    ctx->idle_disconnect = env_int(EJ_ENV_IDLE_DISCONNECT, 3600);
    ctx->db_release = env_int(EJ_ENV_DB_RELEASE, 60);
    ctx->min_password = env_int(EJ_ENV_MIN_PASSWORD, 8);
    snprintf(ctx->ssh_hint, sizeof ctx->ssh_hint, "%s",
             getenv(EJ_ENV_SSH_HINT) ? getenv(EJ_ENV_SSH_HINT) : "ssh -t");
    struct ej_db *db = db_connect(conninfo, err);
    if (!db)
        return err ? err->code : EJ_ETEMP;
    db_set_context(db, id, ctx->client_addr);
    enum ej_err e = ctx_load_account(ctx, db, id, err);
    if (e != EJ_OK) {
        db_close(db);
        ctx->db = NULL;
    }
    return e;
}

void ctx_close(struct ej_ctx *ctx)
{
    db_close(ctx->db);
    ctx->db = NULL;
    free(ctx->guardian_ids);
    ctx->guardian_ids = NULL;
    ctx->nguardian = 0;
}

const char *ctx_role_name(const struct ej_ctx *ctx)
{
    if (ctx->roles & ROLE_ADMIN)
        return _("Administrator");
    if (ctx->roles & ROLE_DEPUTY)
        return _("Deputy director");
    if (ctx->roles & ROLE_SECRETARY)
        return _("Secretary");
    if (ctx->roles & ROLE_HR)
        return _("HR");
    if (ctx->roles & ROLE_TEACHER)
        return _("Teacher");
    if (ctx->roles & ROLE_PARENT)
        return _("Parent");
    if (ctx->roles & ROLE_PUPIL)
        return _("Pupil");
    return "";
}
