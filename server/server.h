/*
 * server — ejournald's parts.  main.c parses options and dispatches; serve.c and
 * the files beside it are the SSH server (the only code that knows libssh).
 */
#ifndef EJ_SERVER_H
#define EJ_SERVER_H
#include "config.h"
#include "err.h"
#include "pgctl.h"
#include <stdbool.h>

struct server_opts {
    const char *config_path; /* NULL: defaults only */
    bool debug_one;          /* -d: serve one connection without forking, for gdb */
    const char *port_file;   /* -P FILE: write the bound port there (tests) */
};

/* The database as the server sees it: the embedded cluster (if used) and the two
 * connection strings. */
struct server_db {
    struct pgctl pg;
    bool embedded;
    char *owner_conninfo; /* migrations, demo */
    char *app_conninfo;   /* the application's role (ej_app) */
};

/* Start the embedded cluster when no conninfo is configured, apply migrations, and
 * check durability settings.  Messages are already translated in err. */
enum ej_err server_db_up(const struct ej_config *cfg, struct server_db *sdb, struct ej_error *err);
/* Stop the embedded cluster if this process started it. */
void server_db_down(struct server_db *sdb);

/* Take the state directory's lock (one ejournald per state directory); returns the
 * lock fd (kept open for the life of the process) or -1 with err set. */
int server_lock_state(const struct ej_config *cfg, struct ej_error *err);

/* The SSH server: listen, fork per connection, until SIGTERM.  Returns an exit status. */
int server_run(struct ej_config *cfg, struct server_opts *opts, struct server_db *sdb);
/* The notification relay's process (relay.c): serves readers on the listening Unix
 * socket lfd with one database connection of conninfo.  Never returns. */
int relay_main(int lfd, const char *conninfo) __attribute__((noreturn));
/* Create the host key if missing; print its SHA256 fingerprint.  Returns an exit status. */
int server_fingerprint(const struct ej_config *cfg, bool create);
#endif
