/*
 * config — ejournal.conf, the server's settings (libconfig syntax).  Per-school
 * settings (time zone, work types, weights, rounding, print queues) live in the
 * database, not here (DESIGN.md §10).
 *
 * Every key is declared once in config-table.c with its type, bounds, default and
 * help; man/ejournal.conf.5 is checked against that table by a unit test.
 */
#ifndef EJ_CONFIG_H
#define EJ_CONFIG_H
#include "err.h"
#include <stdbool.h>

#define EJ_CONFIG_MAX_LISTEN 8

struct ej_config {
    /* [top level] */
    char *listen[EJ_CONFIG_MAX_LISTEN]; /* addresses to listen on */
    int nlisten;
    int port;
    char *state_dir;
    char *user;        /* unprivileged user after the drop (when started as root) */
    char *client_path; /* the ejournal application; "" = next to ejournald */
    char *host_key;    /* "" = <state_dir>/ssh_host_ed25519_key */
    char *log_level;
    /* database */
    char *db_conninfo;       /* "" = the embedded cluster in <state_dir>/pg */
    char *db_owner_conninfo; /* for migrations; "" = db_conninfo */
    char *db_pg_bindir;      /* "" = pg_config --bindir or /usr/lib/postgresql/15/bin */
    int db_max_connections;  /* embedded cluster; 0 = derived from session limits */
    /* login */
    int login_grace_time;
    int login_max_auth_tries;
    int login_startups_begin;
    int login_startups_rate;
    int login_startups_full;
    int login_per_address_startups;
    int login_throttle_base_ms;
    int login_throttle_max_s;
    int login_min_password_length;
    /* session */
    int session_max_sessions;
    int session_max_per_account;
    int session_idle_lock;
    int session_db_release;
    int session_idle_disconnect;
    int session_shutdown_wait;
};

enum config_type { CFG_INT, CFG_BOOL, CFG_STRING, CFG_STRING_LIST, CFG_ENUM };

struct config_key {
    const char *path; /* "login.grace_time" */
    enum config_type type;
    long min, max;       /* CFG_INT bounds; CFG_STRING_LIST max entries */
    const char *def;     /* default as text ("60", "127.0.0.1", "a,b" for lists) */
    const char *choices; /* CFG_ENUM: "debug|info|warning|error" */
    const char *help;    /* English msgid, one line */
    unsigned offset;     /* into struct ej_config */
    unsigned count_offset; /* CFG_STRING_LIST: offset of the int count */
};

extern const struct config_key config_keys[];
extern const int config_nkeys;

/* Defaults for every key.  Free with config_free(). */
void config_defaults(struct ej_config *cfg);
/*
 * Read `path` over the defaults.  On any error (syntax, unknown key, wrong type,
 * out of bounds) returns EJ_ECONFIG with err->msg "FILE:LINE: what was expected"
 * and leaves cfg holding the defaults only.  A missing file is an error too.
 */
enum ej_err config_load(struct ej_config *cfg, const char *path, struct ej_error *err);
/* Parse a config held in a string (tests); `name` stands for the file name in messages. */
enum ej_err config_load_string(struct ej_config *cfg, const char *text, const char *name,
                               struct ej_error *err);
void config_free(struct ej_config *cfg);
/* Write the effective configuration in ejournal.conf syntax (ejournald -T). */
void config_print(const struct ej_config *cfg, void *fp);
/* Derived values */
char *config_host_key_path(const struct ej_config *cfg); /* caller frees */
#endif
