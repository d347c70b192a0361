/*
 * pgctl — create, start and stop the embedded PostgreSQL cluster with the Debian
 * binaries (initdb, pg_ctl).  Children run as the service user when we are root.
 */
#include "pgctl.h"
#include "db.h"
#include "db-admin.h"
#include "i18n.h"
#include "log.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *find_bindir(const struct ej_config *cfg)
{
    if (cfg->db_pg_bindir && *cfg->db_pg_bindir)
        return xstrdup(cfg->db_pg_bindir);
    FILE *f = popen("pg_config --bindir 2>/dev/null", "r");
    if (f) {
        char line[512];
        if (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            char *p = xasprintf("%s/initdb", line);
            int ok = access(p, X_OK) == 0;
            free(p);
            if (ok) {
                pclose(f);
                return xstrdup(line);
            }
        }
        pclose(f);
    }
    return xstrdup("/usr/lib/postgresql/15/bin");
}

enum ej_err pgctl_init(struct pgctl *pg, const struct ej_config *cfg, struct ej_error *err)
{
    memset(pg, 0, sizeof *pg);
    pg->state_dir = xstrdup(cfg->state_dir);
    pg->bindir = find_bindir(cfg);
    pg->datadir = xasprintf("%s/pg/data", cfg->state_dir);
    pg->sockdir = xasprintf("%s/pg/s", cfg->state_dir);
    pg->logfile = xasprintf("%s/pg/postgresql.log", cfg->state_dir);
    pg->max_connections = cfg->db_max_connections
                              ? cfg->db_max_connections
                              : cfg->session_max_sessions + 20;
    if (strlen(pg->sockdir) + sizeof "/.s.PGSQL.5432" > 107)
        return ej_error_set(err, EJ_ECONFIG,
                            _("state_dir \"%s\" is too long for a Unix socket path (at most "
                              "about 80 characters)"),
                            cfg->state_dir);
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam(cfg->user);
        if (!pw)
            return ej_error_set(err, EJ_ECONFIG,
                                _("user \"%s\" does not exist (run make deps, or set user)"),
                                cfg->user);
        pg->uid = pw->pw_uid;
        pg->gid = pw->pw_gid;
        pg->as_other_user = true;
    } else {
        pg->uid = geteuid();
        pg->gid = getegid();
    }
    return EJ_OK;
}

void pgctl_free(struct pgctl *pg)
{
    free(pg->state_dir);
    free(pg->bindir);
    free(pg->datadir);
    free(pg->sockdir);
    free(pg->logfile);
    memset(pg, 0, sizeof *pg);
}

char *pgctl_conninfo(const struct pgctl *pg, const char *user, const char *dbname)
{
    return xasprintf("host=%s dbname=%s user=%s connect_timeout=10", pg->sockdir, dbname, user);
}

static enum ej_err mkdir_owned(const struct pgctl *pg, const char *path, mode_t mode,
                               struct ej_error *err)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        return ej_error_set(err, EJ_ECONFIG, _("cannot create %s: %s"), path, strerror(errno));
    if (pg->as_other_user && chown(path, pg->uid, pg->gid) != 0)
        return ej_error_set(err, EJ_ECONFIG, _("cannot give %s to the service user: %s"), path,
                            strerror(errno));
    return EJ_OK;
}

enum ej_err pgctl_prepare_state(struct pgctl *pg, struct ej_error *err)
{
    struct stat st;
    if (stat(pg->state_dir, &st) != 0) {
        enum ej_err e = mkdir_owned(pg, pg->state_dir, 0750, err);
        if (e != EJ_OK)
            return e;
    }
    char *pgdir = xasprintf("%s/pg", pg->state_dir);
    enum ej_err e = mkdir_owned(pg, pgdir, 0700, err);
    free(pgdir);
    if (e == EJ_OK)
        e = mkdir_owned(pg, pg->sockdir, 0700, err);
    return e;
}

/* Run argv (absolute path) as the service user; stdout/stderr to the cluster log. */
static int run_as(const struct pgctl *pg, char *const argv[], bool quiet)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* As root: become the service user.  After ejournald's own drop we already are. */
        if (pg->as_other_user && geteuid() == 0) {
            if (setgroups(0, NULL) != 0 || setresgid(pg->gid, pg->gid, pg->gid) != 0 ||
                setresuid(pg->uid, pg->uid, pg->uid) != 0)
                _exit(126);
        }
        if (quiet) {
            int fd = open(pg->logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) {
            dup2(devnull, 0);
            close(devnull);
        }
        /* Our descriptors (the lock file, a listening socket) stay with us. */
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        setenv("LC_ALL", "C.UTF-8", 1);
        unsetenv("PGDATA");
        unsetenv("LANGUAGE"); /* the server logs in its own (C) locale */
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool pgctl_running(struct pgctl *pg)
{
    char *pgctlbin = xasprintf("%s/pg_ctl", pg->bindir);
    char *argv[] = { pgctlbin, "-D", pg->datadir, "status", NULL };
    int rc = run_as(pg, argv, true);
    free(pgctlbin);
    /* pg_ctl status: 0 running, 3 not running, 4 no data directory; anything else
     * (it could not even be run) counts as running, so nobody claims a stop. */
    return rc != 3 && rc != 4;
}

static enum ej_err write_conf(const struct pgctl *pg, struct ej_error *err)
{
    char *path = xasprintf("%s/postgresql.auto.conf", pg->datadir);
    char *conf = xasprintf(
        "# written by ejournald: the embedded cluster listens on a Unix socket only\n"
        "listen_addresses = ''\n"
        "unix_socket_directories = '%s'\n"
        "unix_socket_permissions = 0700\n"
        "max_connections = %d\n"
        "fsync = on\n"
        "synchronous_commit = on\n"
        "full_page_writes = on\n"
        "logging_collector = off\n"
        "log_min_messages = warning\n"
        "timezone = 'UTC'\n",
        pg->sockdir, pg->max_connections);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    enum ej_err e = EJ_OK;
    if (fd < 0 || write(fd, conf, strlen(conf)) != (ssize_t)strlen(conf))
        e = ej_error_set(err, EJ_ECONFIG, _("cannot write %s: %s"), path, strerror(errno));
    if (fd >= 0) {
        if (pg->as_other_user && fchown(fd, pg->uid, pg->gid) != 0)
            e = ej_error_set(err, EJ_ECONFIG, _("cannot write %s: %s"), path, strerror(errno));
        close(fd);
    }
    free(path);
    free(conf);
    return e;
}

enum ej_err pgctl_start(struct pgctl *pg, struct ej_error *err)
{
    enum ej_err e = pgctl_prepare_state(pg, err);
    if (e != EJ_OK)
        return e;
    char *version = xasprintf("%s/PG_VERSION", pg->datadir);
    bool exists = access(version, F_OK) == 0;
    free(version);
    if (!exists) {
        char *initdb = xasprintf("%s/initdb", pg->bindir);
        if (access(initdb, X_OK) != 0) {
            e = ej_error_set(err, EJ_ECONFIG,
                             _("PostgreSQL is not installed (%s not found): run make deps"),
                             initdb);
            free(initdb);
            return e;
        }
        log_info("creating the database cluster in %s", pg->datadir);
        char *argv[] = { initdb, "-D", pg->datadir, "-U", "ejournal", "-E", "UTF8",
                         "--locale=C.UTF-8", "-k", "--auth=trust", NULL };
        int rc = run_as(pg, argv, true);
        free(initdb);
        if (rc != 0)
            return ej_error_set(err, EJ_ECONFIG, _("initdb failed (exit %d), see %s"), rc,
                                pg->logfile);
    }
    e = write_conf(pg, err);
    if (e != EJ_OK)
        return e;
    if (!pgctl_running(pg)) {
        char *pgctlbin = xasprintf("%s/pg_ctl", pg->bindir);
        char *argv[] = { pgctlbin, "-D", pg->datadir, "-l", pg->logfile, "-w", "-t", "120",
                         "start", NULL };
        int rc = run_as(pg, argv, true);
        free(pgctlbin);
        if (rc != 0)
            return ej_error_set(err, EJ_ETEMP, _("PostgreSQL did not start (exit %d), see %s"), rc,
                                pg->logfile);
        pg->started_by_us = true;
        log_info("PostgreSQL started, socket in %s", pg->sockdir);
    }
    char *admin = pgctl_conninfo(pg, "ejournal", "postgres");
    e = db_admin_ensure_database(admin, "ejournal", err);
    free(admin);
    return e;
}

enum ej_err pgctl_stop(struct pgctl *pg, struct ej_error *err)
{
    char *pgctlbin = xasprintf("%s/pg_ctl", pg->bindir);
    char *argv[] = { pgctlbin, "-D", pg->datadir, "-m", "fast", "-w", "-t", "120", "stop", NULL };
    int rc = run_as(pg, argv, true);
    free(pgctlbin);
    if (rc != 0 && pgctl_running(pg))
        return ej_error_set(err, EJ_ETEMP, _("PostgreSQL did not stop (exit %d), see %s"), rc,
                            pg->logfile);
    pg->started_by_us = false;
    return EJ_OK;
}
