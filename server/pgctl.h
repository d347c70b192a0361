/*
 * pgctl — the embedded PostgreSQL cluster under <state_dir>/pg: created once with
 * initdb (data checksums, UTF-8, C.UTF-8), listening on a Unix socket only, run as
 * the service user when ejournald starts as root (initdb refuses root).
 */
#ifndef EJ_PGCTL_H
#define EJ_PGCTL_H
#include "config.h"
#include "err.h"
#include <stdbool.h>
#include <sys/types.h>

struct pgctl {
    char *state_dir;
    char *bindir;
    char *datadir;
    char *sockdir;
    char *logfile;
    uid_t uid; /* run initdb/pg_ctl as this user (when we are root) */
    gid_t gid;
    bool as_other_user;
    bool started_by_us;
    int max_connections;
};

/* Fill paths from the config; resolves the service user when running as root. */
enum ej_err pgctl_init(struct pgctl *pg, const struct ej_config *cfg, struct ej_error *err);
void pgctl_free(struct pgctl *pg);
/* Create the state directory (owned by the service user) if it does not exist. */
enum ej_err pgctl_prepare_state(struct pgctl *pg, struct ej_error *err);
/* initdb if needed, start if not running, wait until it accepts connections,
 * and create the `ejournal` database. */
enum ej_err pgctl_start(struct pgctl *pg, struct ej_error *err);
enum ej_err pgctl_stop(struct pgctl *pg, struct ej_error *err);
bool pgctl_running(struct pgctl *pg);
/* Connection strings of the embedded cluster (caller frees). */
char *pgctl_conninfo(const struct pgctl *pg, const char *user, const char *dbname);
#endif
