/*
 * ejtest — harness helpers: databases from the template, a private ejournald,
 * commands.  Used by every test program.
 */
#include "ejtest.h"
#include "ctx.h"
#include "db.h"
#include "db-admin.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *ejt_fmt(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    return s;
}

const char *ejt_env(const char *name)
{
    const char *v = getenv(name);
    ck_assert_msg(v && *v, "environment variable %s is not set: run the tests with make check",
                  name);
    return v;
}

int ejt_run(Suite *s, const char *name)
{
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    int run = srunner_ntests_run(sr);
    srunner_free(sr);
    printf("RESULT %s passed=%d failed=%d\n", name, run - failed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

TCase *ejt_tcase(const char *name, double timeout_s)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, timeout_s);
    return tc;
}

char *ejt_conninfo(const char *dbname, const char *user)
{
    return ejt_fmt("host=%s dbname=%s user=%s", ejt_env("EJ_TEST_SOCK"), dbname, user);
}

const char *ejt_db_new(void)
{
    static char name[64];
    static int counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(name, sizeof name, "t_%ld_%d_%ld", (long)getpid(), ++counter, ts.tv_nsec % 100000);
    char *admin = ejt_conninfo("postgres", "ejournal");
    struct ej_error err;
    enum ej_err e = EJ_OK;
    /* CREATE DATABASE … TEMPLATE fails while another session is connected to the
     * template; tests never connect to it, but retry a few times to be robust. */
    for (int i = 0; i < 20; i++) {
        e = db_admin_create_database(admin, name, ejt_env("EJ_TEST_TEMPLATE"), &err);
        if (e == EJ_OK)
            break;
        usleep(200000);
    }
    free(admin);
    ck_assert_msg(e == EJ_OK, "cannot create test database: %s", err.msg);
    return name;
}

struct ej_db *ejt_connect(const char *dbname, const char *user, long long account_id)
{
    char *ci = ejt_conninfo(dbname, user);
    struct ej_error err;
    struct ej_db *db = db_connect(ci, &err);
    free(ci);
    ck_assert_msg(db != NULL, "connect: %s", err.msg);
    db_set_context(db, account_id, "test");
    return db;
}

static char *sql_run(const char *dbname, const char *prelude, const char *sql, char **errmsg)
{
    char *ci = ejt_conninfo(dbname, "ejournal");
    PGconn *c = PQconnectdb(ci);
    free(ci);
    if (errmsg)
        *errmsg = NULL;
    if (PQstatus(c) != CONNECTION_OK) {
        if (errmsg)
            *errmsg = strdup(PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, NULL, NULL);
    char *result = NULL;
    if (prelude) {
        PGresult *r = PQexec(c, prelude);
        PQclear(r);
    }
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        result = strdup(st == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0
                            ? PQgetvalue(r, 0, 0)
                            : "");
        if (prelude) {
            PGresult *cr = PQexec(c, "COMMIT");
            if (PQresultStatus(cr) != PGRES_COMMAND_OK) {
                free(result);
                result = NULL;
                if (errmsg)
                    *errmsg = strdup(PQresultErrorMessage(cr));
            }
            PQclear(cr);
        }
    } else if (errmsg) {
        *errmsg = strdup(PQresultErrorMessage(r));
    }
    PQclear(r);
    PQfinish(c);
    return result;
}

char *ejt_sql(const char *dbname, const char *sql, char **errmsg)
{
    return sql_run(dbname, NULL, sql, errmsg);
}

static char *q_v(const char *dbname, const char *fmt, va_list ap)
{
    char *sql;
    ck_assert(vasprintf(&sql, fmt, ap) >= 0);
    char *err = NULL;
    char *v = ejt_sql(dbname, sql, &err);
    ck_assert_msg(v != NULL, "%s: %s", sql, err ? err : "?");
    free(err);
    free(sql);
    return v;
}

char *ejt_q(const char *dbname, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = q_v(dbname, fmt, ap);
    va_end(ap);
    return v;
}

long long ejt_qll(const char *dbname, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = q_v(dbname, fmt, ap);
    va_end(ap);
    long long n = atoll(v);
    free(v);
    return n;
}

char *ejt_sql_as(const char *dbname, long long account_id, const char *sql, char **errmsg)
{
    char *prelude = ejt_fmt("BEGIN; SELECT set_config('ej.account', '%lld', true), "
                            "set_config('ej.client_addr', 'test', true)",
                            account_id);
    char *r = sql_run(dbname, prelude, sql, errmsg);
    free(prelude);
    return r;
}

long long ejt_account(const char *dbname, const char *login)
{
    long long id = ejt_qll(dbname, "SELECT id FROM account WHERE login = '%s'", login);
    ck_assert_msg(id > 0, "no account %s", login);
    return id;
}

void ejt_ctx_as(const char *dbname, const char *login, struct ej_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    long long id = ejt_account(dbname, login);
    struct ej_db *h = ejt_connect(dbname, "ej_app", id);
    struct ej_error err;
    ck_assert_msg(ctx_load_account(ctx, h, id, &err) == EJ_OK, "%s", err.msg);
}

static char *run_as(const char *dbname, const char *login, const char *args, const char *stdin_path,
                    bool with_stderr, int *status)
{
    char *ci = ejt_conninfo(dbname, "ej_app");
    char *cmd = ejt_fmt("EJ_ACCOUNT=%lld EJ_CONNINFO='%s' LANGUAGE=ru %s/ejournal %s %s <%s",
                        ejt_account(dbname, login), ci, ejt_env("EJ_TEST_BIN"), args,
                        with_stderr ? "2>&1" : "2>/dev/null", stdin_path);
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    free(ci);
    return out;
}

/* A file's contents (the file is removed). */
static char *slurp_rm(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    size_t cap = 4096, len = 0, n;
    char *s = malloc(cap);
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 1024)
            s = realloc(s, cap *= 2);
    }
    s[len] = '\0';
    fclose(f);
    unlink(path);
    return s;
}

struct ejt_run ejt_run_in(const char *dbname, const char *login, const char *args,
                          const char *input)
{
    static int n;
    struct ejt_run r;
    char *base = ejt_fmt("%s/run-%ld-%d", ejt_env("EJ_TEST_TMP"), (long)getpid(), ++n);
    char *ci = ejt_conninfo(dbname, "ej_app");
    char *cmd = ejt_fmt("EJ_ACCOUNT=%lld EJ_CONNINFO='%s' LANGUAGE=ru %s/ejournal %s "
                        "<%s >%s.out 2>%s.err",
                        ejt_account(dbname, login), ci, ejt_env("EJ_TEST_BIN"), args,
                        input ? input : "/dev/null", base, base);
    free(ejt_run_cmd(cmd, &r.status));
    free(cmd);
    free(ci);
    char *p = ejt_fmt("%s.out", base);
    r.out = slurp_rm(p);
    free(p);
    p = ejt_fmt("%s.err", base);
    r.err = slurp_rm(p);
    free(p);
    free(base);
    return r;
}

void ejt_run_free(struct ejt_run *r)
{
    free(r->out);
    free(r->err);
}

char *ejt_run_as(const char *dbname, const char *login, const char *args, bool with_stderr,
                 int *status)
{
    return run_as(dbname, login, args, "/dev/null", with_stderr, status);
}

char *ejt_run_as_in(const char *dbname, const char *login, const char *args, const char *input,
                    bool with_stderr, int *status)
{
    static int n;
    char *path = ejt_fmt("%s/stdin-%ld-%d", ejt_env("EJ_TEST_TMP"), (long)getpid(), ++n);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(input, f);
    fclose(f);
    char *out = run_as(dbname, login, args, path, with_stderr, status);
    unlink(path);
    free(path);
    return out;
}

char *ejt_ssh(struct ejt_server *srv, const char *login, const char *remote, const char *input,
              int *status, char **errout)
{
    static int n;
    char *errf = ejt_fmt("%s/ssh-%ld-%d.err", srv->dir, (long)getpid(), ++n);
    char *cmd = ejt_fmt("SSHPASS=demo2026 sshpass -e ssh -F /dev/null -o StrictHostKeyChecking=no "
                        "-o UserKnownHostsFile=%s/known_hosts -o LogLevel=ERROR "
                        "-o NumberOfPasswordPrompts=1 -o PreferredAuthentications=password "
                        "-o PubkeyAuthentication=no -p %d %s@127.0.0.1 %s 2>%s <%s",
                        srv->dir, srv->port, login, remote, errf, input);
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    char *c2 = ejt_fmt("cat %s", errf);
    char *e = ejt_run_cmd(c2, NULL);
    free(c2);
    unlink(errf);
    free(errf);
    if (errout)
        *errout = e;
    else
        free(e);
    return out;
}

char *ejt_file(const char *dir, const void *data, size_t len)
{
    static int n;
    char *path = ejt_fmt("%s/file-%ld-%d", dir, (long)getpid(), ++n);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

char *ejt_run_cmd(const char *cmd, int *status)
{
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "popen %s", cmd);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 1024) {
            cap *= 2;
            out = realloc(out, cap);
        }
    }
    out[len] = '\0';
    int st = pclose(f);
    if (status)
        *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return out;
}

struct ejt_server *ejt_server_start(const char *dbname, const char *extra_conf)
{
    static int counter;
    struct ejt_server *s = calloc(1, sizeof *s);
    s->dir = ejt_fmt("%s/srv-%ld-%d", ejt_env("EJ_TEST_TMP"), (long)getpid(), ++counter);
    ck_assert_int_eq(mkdir(s->dir, 0755), 0);
    s->conf = ejt_fmt("%s/ejournal.conf", s->dir);
    s->log = ejt_fmt("%s/ejournald.log", s->dir);
    char *portfile = ejt_fmt("%s/port", s->dir);
    char *app = ejt_conninfo(dbname, "ej_app");
    char *owner = ejt_conninfo(dbname, "ejournal");
    FILE *f = fopen(s->conf, "w");
    ck_assert(f != NULL);
    fprintf(f,
            "listen = [ \"127.0.0.1\" ];\nport = 0;\nstate_dir = \"%s/state\";\n"
            "log_level = \"debug\";\n"
            "database: { conninfo = \"%s\"; owner_conninfo = \"%s\"; };\n%s\n",
            s->dir, app, owner, extra_conf ? extra_conf : "");
    fclose(f);
    free(app);
    free(owner);
    /* portfile is written by the server (maybe after dropping root): let it. */
    chmod(s->dir, 0777);
    char *bin = ejt_fmt("%s/ejournald", ejt_env("EJ_TEST_BIN"));
    s->pid = fork();
    ck_assert(s->pid >= 0);
    if (s->pid == 0) {
        int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(bin, "ejournald", "-c", s->conf, "-P", portfile, (char *)NULL);
        _exit(127);
    }
    free(bin);
    for (int i = 0; i < 600; i++) {
        FILE *pf = fopen(portfile, "r");
        if (pf) {
            int port = 0;
            if (fscanf(pf, "%d", &port) == 1 && port > 0)
                s->port = port;
            fclose(pf);
            if (s->port)
                break;
        }
        int st;
        if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
            char *logtxt = ejt_run_cmd(ejt_fmt("cat %s", s->log), NULL);
            ck_abort_msg("ejournald exited early (%d): %s", st, logtxt);
        }
        usleep(50000);
    }
    free(portfile);
    ck_assert_msg(s->port > 0, "ejournald did not bind a port in 30 s");
    return s;
}

int ejt_server_stop(struct ejt_server *s)
{
    if (!s)
        return -1;
    kill(s->pid, SIGTERM);
    int st = 0;
    for (int i = 0; i < 400; i++) {
        if (waitpid(s->pid, &st, WNOHANG) == s->pid)
            goto done;
        usleep(50000);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &st, 0);
done:
    free(s->dir);
    free(s->conf);
    free(s->log);
    free(s);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
