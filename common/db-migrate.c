/*
 * db-migrate — applies schema/NNN_*.sql in order.  Each migration runs in one
 * transaction together with its row in schema_migrations, under an advisory lock,
 * so two servers starting at once, or a migrate run twice, change nothing twice.
 */
#include "db-internal.h"
#include "i18n.h"
#include "log.h"
#include "migrate.h"

#include <stdio.h>
#include <string.h>

enum ej_err db_migrate(struct ej_db *db, int *applied, struct ej_error *err)
{
    int count = 0;
    struct ej_error local;
    if (!err)
        err = &local;
    if (applied)
        *applied = 0;
    if (db_run(db, err,
               "CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version integer PRIMARY KEY, name text NOT NULL,"
               " applied_at timestamptz NOT NULL DEFAULT now())",
               0, NULL) != EJ_OK)
        return err->code;
    for (int i = 0; i < ej_migrations_count; i++) {
        const struct ej_migration *m = &ej_migrations[i];
        char ver[16];
        snprintf(ver, sizeof ver, "%d", m->version);
        if (db_run(db, err, "BEGIN", 0, NULL) != EJ_OK)
            return err->code;
        const char *p[] = { ver, m->name };
        PGresult *r = db_exec(db, err,
                              "SELECT pg_advisory_xact_lock(74551), "
                              "EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1::int)",
                              1, p);
        if (!r)
            goto fail;
        bool done = strcmp(db_str(r, 0, 1), "t") == 0;
        PQclear(r);
        if (done) {
            db_run(db, NULL, "COMMIT", 0, NULL);
            continue;
        }
        /* Multi-statement text: PQexec, not PQexecParams. */
        r = PQexec(db->conn, m->sql);
        if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)) {
            const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(db->conn);
            ej_error_set(err, EJ_EINTERNAL, _("Migration %s failed: %s"), m->name, msg);
            PQclear(r);
            goto fail;
        }
        PQclear(r);
        if (db_run(db, err, "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)", 2,
                   p) != EJ_OK)
            goto fail;
        if (db_run(db, err, "COMMIT", 0, NULL) != EJ_OK)
            return err->code;
        log_info("migration %s applied", m->name);
        count++;
    }
    if (applied)
        *applied = count;
    return EJ_OK;
fail:
    db_tx_rollback(db);
    return err->code;
}
