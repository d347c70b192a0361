/*
 * ejtest — the test harness shared by every test program (tests/unit, db, screen,
 * ssh).  tests/run.sh starts one throwaway PostgreSQL cluster for the whole run,
 * migrates it and builds the demo school (pinned to Thursday 2026-11-26) into the
 * template database; each test (each forked Check test) makes its own database
 * from that template, so tests never see each other's writes.
 *
 * Environment set by tests/run.sh: EJ_TEST_TMP (private temp dir), EJ_TEST_BIN
 * (staged ejournald, ejournal), EJ_TEST_SOCK (cluster socket dir),
 * EJ_TEST_TEMPLATE (template database).
 */
#ifndef EJ_EJTEST_H
#define EJ_EJTEST_H
#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ej_db;

/* Run a suite (fork mode), print "RESULT <name> passed=N failed=M" for tests/run.sh,
 * return the process exit status. */
int ejt_run(Suite *s, const char *name);
/* A TCase with a timeout suitable for database/SSH tests. */
TCase *ejt_tcase(const char *name, double timeout_s);

/* Required environment variable (the test fails if missing). */
const char *ejt_env(const char *name);
/* Make a fresh database from the template; returns its name (static buffer per call
 * replaced on the next call: copy it if needed). */
const char *ejt_db_new(void);
/* Conninfo for database `dbname` as "ejournal" (owner) or "ej_app" (application). */
char *ejt_conninfo(const char *dbname, const char *user);
/* Connect as owner / as application role; fails the test on error.  The context
 * (audit account, client address) is set to account_id and "test". */
struct ej_db *ejt_connect(const char *dbname, const char *user, long long account_id);
/* Run SQL as the owner on dbname and return the first column of the first row
 * (caller frees; "" for no row; NULL on error, with the message in *errmsg if given). */
char *ejt_sql(const char *dbname, const char *sql, char **errmsg);
/* First value of a printf-formatted query as the owner on dbname ("" for no row); fails
 * the test on an error.  The caller frees the string. */
char *ejt_q(const char *dbname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, read as a number (0 for no row or NULL). */
long long ejt_qll(const char *dbname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, with the audit context set (ej.account, ej.client_addr) in one transaction. */
char *ejt_sql_as(const char *dbname, long long account_id, const char *sql, char **errmsg);
/* printf into a new string. */
char *ejt_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A running ejournald on 127.0.0.1 and a free port, serving database `dbname`. */
struct ejt_server {
    pid_t pid;
    int port;
    char *dir;      /* its private state directory */
    char *conf;     /* its config file */
    char *log;      /* its stderr */
};
/* Start ejournald; `extra_conf` (may be NULL) is appended to its config file.
 * Waits until the port is bound. */
struct ejt_server *ejt_server_start(const char *dbname, const char *extra_conf);
/* SIGTERM, wait; returns its exit status. */
int ejt_server_stop(struct ejt_server *s);

/* `ssh login@srv remote` with the real OpenSSH client (password demo2026), no
 * terminal, standard input from the file `input`: stdout returned, stderr in
 * *errout when given (caller frees both), the exit status in *status. */
char *ejt_ssh(struct ejt_server *srv, const char *login, const char *remote, const char *input,
              int *status, char **errout);
/* len bytes of data in a new file under dir; its path (caller frees). */
char *ejt_file(const char *dir, const void *data, size_t len);

/* The account id of a login in dbname; fails the test if there is none. */
long long ejt_account(const char *dbname, const char *login);
/* Connect as the application role and load login's account into *ctx (ctx_close()). */
struct ej_ctx;
void ejt_ctx_as(const char *dbname, const char *login, struct ej_ctx *ctx);
/* Run `ejournal ARGS` as login, the way ejournald runs it for `ssh host ARGS`, with
 * LANGUAGE=ru; stdout (and stderr too when with_stderr) captured (caller frees). */
char *ejt_run_as(const char *dbname, const char *login, const char *args, bool with_stderr,
                 int *status);

/* The same with `input` on its standard input (a file in EJ_TEST_TMP). */
char *ejt_run_as_in(const char *dbname, const char *login, const char *args, const char *input,
                    bool with_stderr, int *status);
/* The same with standard input from the file `input` (NULL: /dev/null), stdout and
 * stderr kept apart (ejt_run_free). */
struct ejt_run {
    int status;
    char *out, *err;
};
struct ejt_run ejt_run_in(const char *dbname, const char *login, const char *args,
                          const char *input);
void ejt_run_free(struct ejt_run *r);

/* Run a shell command (sh -c), capture stdout (caller frees) and the exit status. */
char *ejt_run_cmd(const char *cmd, int *status);
#endif
