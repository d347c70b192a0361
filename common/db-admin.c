/*
 * db-admin — CREATE/DROP DATABASE.  Database names are identifiers, not
 * parameters: only [a-z0-9_] names are accepted, and they are quoted.
 */
#include "db-admin.h"
#include "db-internal.h"
#include "i18n.h"
#include "log.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ident_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 60)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

enum ej_err db_admin_create_database(const char *admin_conninfo, const char *name,
                                     const char *template_db, struct ej_error *err)
{
    if (!ident_ok(name) || (template_db && !ident_ok(template_db)))
        return ej_error_set(err, EJ_EINVAL, _("bad database name"));
    struct ej_db *db = db_connect(admin_conninfo, err);
    if (!db)
        return err ? err->code : EJ_ETEMP;
    char sql[200];
    if (template_db)
        snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", name, template_db);
    else
        snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    enum ej_err e = db_run(db, err, sql, 0, NULL);
    db_close(db);
    return e;
}

enum ej_err db_admin_ensure_database(const char *admin_conninfo, const char *name,
                                     struct ej_error *err)
{
    struct ej_db *db = db_connect(admin_conninfo, err);
    if (!db)
        return err ? err->code : EJ_ETEMP;
    const char *p[] = { name };
    PGresult *r = db_exec(db, err, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p);
    if (!r) {
        db_close(db);
        return err ? err->code : EJ_ETEMP;
    }
    int exists = PQntuples(r) > 0;
    PQclear(r);
    db_close(db);
    if (exists)
        return EJ_OK;
    return db_admin_create_database(admin_conninfo, name, NULL, err);
}

enum ej_err db_admin_drop_database(const char *admin_conninfo, const char *name,
                                   struct ej_error *err)
{
    if (!ident_ok(name))
        return ej_error_set(err, EJ_EINVAL, _("bad database name"));
    struct ej_db *db = db_connect(admin_conninfo, err);
    if (!db)
        return err ? err->code : EJ_ETEMP;
    char sql[160];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
    enum ej_err e = db_run(db, err, sql, 0, NULL);
    db_close(db);
    return e;
}
