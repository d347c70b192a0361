/*
 * config-table — the one table of every ejournal.conf key.  Keep man/ejournal.conf.5
 * in step: a unit test checks that every key here is documented there and back.
 */
#include "config.h"
#include "i18n.h"

#include <stddef.h>

#define OFF(f) (unsigned)offsetof(struct ej_config, f)

const struct config_key config_keys[] = {
    { "listen", CFG_STRING_LIST, 1, EJ_CONFIG_MAX_LISTEN, "127.0.0.1", NULL,
      N_("addresses to listen on"), OFF(listen), OFF(nlisten) },
    { "port", CFG_INT, 0, 65535, "2222", NULL, N_("TCP port (0 picks a free one)"), OFF(port), 0 },
    { "state_dir", CFG_STRING, 0, 0, "/var/lib/ejournal", NULL,
      N_("state directory: host key, embedded PostgreSQL cluster, lock file"), OFF(state_dir), 0 },
    { "user", CFG_STRING, 0, 0, "ejournal", NULL,
      N_("unprivileged user to run as when started as root"), OFF(user), 0 },
    { "client_path", CFG_STRING, 0, 0, "", NULL,
      N_("absolute path of the ejournal application (empty: next to ejournald)"), OFF(client_path), 0 },
    { "host_key", CFG_STRING, 0, 0, "", NULL,
      N_("ed25519 host key file (empty: in the state directory)"), OFF(host_key), 0 },
    { "log_level", CFG_ENUM, 0, 0, "info", "debug|info|warning|error", N_("log level"),
      OFF(log_level), 0 },
    { "database.conninfo", CFG_STRING, 0, 0, "", NULL,
      N_("libpq connection string; empty: the embedded cluster"), OFF(db_conninfo), 0 },
    { "database.owner_conninfo", CFG_STRING, 0, 0, "", NULL,
      N_("connection string for migrations (table owner); empty: same as conninfo"),
      OFF(db_owner_conninfo), 0 },
    { "database.pg_bindir", CFG_STRING, 0, 0, "", NULL,
      N_("PostgreSQL binaries for the embedded cluster (empty: found automatically)"),
      OFF(db_pg_bindir), 0 },
    { "database.max_connections", CFG_INT, 0, 10000, "0", NULL,
      N_("max_connections of the embedded cluster (0: derived from session limits)"),
      OFF(db_max_connections), 0 },
    { "login.grace_time", CFG_INT, 1, 600, "60", NULL,
      N_("seconds a connection may take to authenticate"), OFF(login_grace_time), 0 },
    { "login.max_auth_tries", CFG_INT, 1, 20, "5", NULL,
      N_("authentication attempts per connection"), OFF(login_max_auth_tries), 0 },
    { "login.startups_begin", CFG_INT, 1, 100000, "50", NULL,
      N_("unauthenticated connections before random early drop starts"),
      OFF(login_startups_begin), 0 },
    { "login.startups_rate", CFG_INT, 1, 100, "30", NULL,
      N_("percent of new connections dropped at startups_begin"), OFF(login_startups_rate), 0 },
    { "login.startups_full", CFG_INT, 1, 100000, "200", NULL,
      N_("unauthenticated connections at which every new one is dropped"),
      OFF(login_startups_full), 0 },
    { "login.per_address_startups", CFG_INT, 1, 100000, "30", NULL,
      N_("unauthenticated connections allowed from one address"),
      OFF(login_per_address_startups), 0 },
    { "login.throttle_base_ms", CFG_INT, 0, 60000, "500", NULL,
      N_("delay after the first failed login, doubled with each further failure"),
      OFF(login_throttle_base_ms), 0 },
    { "login.throttle_max_s", CFG_INT, 0, 3600, "60", NULL,
      N_("longest delay after failed logins, seconds"), OFF(login_throttle_max_s), 0 },
    { "login.min_password_length", CFG_INT, 6, 128, "8", NULL,
      N_("minimum length of a new password"), OFF(login_min_password_length), 0 },
    { "session.max_sessions", CFG_INT, 1, 100000, "2000", NULL,
      N_("sessions in total"), OFF(session_max_sessions), 0 },
    { "session.max_per_account", CFG_INT, 1, 1000, "10", NULL,
      N_("sessions per account"), OFF(session_max_per_account), 0 },
    { "session.idle_lock", CFG_INT, 0, 86400, "900", NULL,
      N_("idle seconds before the application locks the screen (0: never)"),
      OFF(session_idle_lock), 0 },
    { "session.idle_disconnect", CFG_INT, 0, 86400, "3600", NULL,
      N_("idle seconds before the session is closed (0: never)"),
      OFF(session_idle_disconnect), 0 },
    { "session.db_release", CFG_INT, 0, 86400, "60", NULL,
      N_("idle seconds before a session gives its database connection back (0: never)"),
      OFF(session_db_release), 0 },
    { "session.shutdown_wait", CFG_INT, 0, 3600, "30", NULL,
      N_("seconds sessions get to finish on SIGTERM"), OFF(session_shutdown_wait), 0 },
};

const int config_nkeys = (int)(sizeof config_keys / sizeof config_keys[0]);
