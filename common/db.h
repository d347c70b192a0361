/*
 * db — the database layer: the only code that holds SQL (db.c and db-*.c).
 * Callers never see a PGconn or a PGresult.  Every write runs in one short
 * transaction that first sets the audit context (acting account, client address:
 * DESIGN.md §10), and is reported as saved only after COMMIT returned.
 *
 * Errors: a refused write (a CHECK, a trigger's rule) comes back as EJ_EINVAL /
 * EJ_ELOCKED with the rule's translated message; a lost connection as EJ_ETEMP
 * (the next call reconnects).  A COMMIT whose reply was lost is EJ_ETEMP with
 * db_commit_unknown() true: the caller re-reads, it never guesses.
 */
#ifndef EJ_DB_H
#define EJ_DB_H
#include "err.h"
#include <stdbool.h>

struct ej_db;

/* Connect with a libpq conninfo string.  NULL and EJ_ETEMP on failure. */
struct ej_db *db_connect(const char *conninfo, struct ej_error *err);
void db_close(struct ej_db *db);
/* The acting account (0: the system itself) and client address for the audit log. */
void db_set_context(struct ej_db *db, long long account_id, const char *client_addr);
long long db_account(const struct ej_db *db);
/* True when the last failed COMMIT may or may not have been applied. */
bool db_commit_unknown(const struct ej_db *db);
/* Make sure the connection is up, reconnecting if it was lost or released.  EJ_ETEMP
 * if not. */
enum ej_err db_ensure(struct ej_db *db, struct ej_error *err);
/* Give the connection back while it is idle (not inside a transaction): its
 * PostgreSQL backend ends, and the next statement opens a new one (db_ensure).  Only
 * for a holder that needs nothing of the old backend: no LISTEN, no session state.
 * False when there was nothing to release. */
bool db_release(struct ej_db *db);
/* Seconds since the last statement was sent. */
double db_idle_seconds(const struct ej_db *db);
/* How this connection's kept statements were planned so far (PostgreSQL's
 * pg_prepared_statements): *custom custom plans, *generic runs of a generic plan; of
 * all of them, or (statement not NULL) of those with that text.  For the tests and the
 * bench.  EJ_ETEMP when the connection is down. */
enum ej_err db_plan_counts(struct ej_db *db, const char *statement, long long *custom,
                           long long *generic);
/* The socket to poll for notifications (-1 if down or released). */
int db_socket(struct ej_db *db);
/* The PostgreSQL backend's pid of this connection (0 if down or released): notifications it sent
 * carry it, so a session tells its own writes apart; it changes on a reconnect. */
int db_backend(struct ej_db *db);
/* Drain the notifications that have arrived: fn(channel, payload, pid of the backend
 * that sent it, arg) for each.  Returns how many, or -1 when the connection is lost. */
int db_notifies(struct ej_db *db, void (*fn)(const char *channel, const char *payload, int pid, void *arg),
                void *arg);
/* Where the wake-ups of this connection's committed writes go (061_notify_after_commit):
 * by default NOTIFY, sent after each COMMIT in the same round trip; with a sink, fn
 * gets each (channel, payload) after the COMMIT instead (ejournald's relay,
 * common/relay.h).  fn NULL: back to NOTIFY. */
void db_set_notify_sink(struct ej_db *db, void (*fn)(const char *channel, const char *payload, void *arg),
                        void *arg);
/* Send wake-ups now: lines "<channel> <payload>\n", in a transaction of their own
 * without waiting for its flush.  The relay's batches, and a sink that lost its relay. */
enum ej_err db_notify_send(struct ej_db *db, const char *lines, struct ej_error *err);
/* LISTEN on a channel (names are fixed identifiers chosen by the caller's module). */
enum ej_err db_listen(struct ej_db *db, const char *channel, struct ej_error *err);

/* Server-side time: ej_now() in the school's zone ("2026-11-26 08:15:00"), today. */
enum ej_err db_today(struct ej_db *db, long long school_id, char out[11], struct ej_error *err);
/* Pin the database clock so that ej_now() reads `when` (ISO timestamp with zone) now;
 * NULL unpins.  For tests and the demo only. */
enum ej_err db_clock_pin(struct ej_db *db, const char *when, struct ej_error *err);

/* Run the embedded migrations in order, each in its own transaction, recorded in
 * schema_migrations.  *applied (may be NULL) gets how many were new. */
enum ej_err db_migrate(struct ej_db *db, int *applied, struct ej_error *err);
/* Refuse to run on a database with fsync, synchronous_commit or full_page_writes off. */
enum ej_err db_check_durability(struct ej_db *db, struct ej_error *err);
#endif
