/*
 * ejournald — entry point: options, configuration, and the subcommands
 *
 *   ejournald [-c FILE] [-d] [-P PORTFILE]     serve (the default)
 *   ejournald [-c FILE] -t | -T                check / print the configuration
 *   ejournald [-c FILE] migrate                apply schema migrations
 *   ejournald [-c FILE] demo [--schools N] [--seed N] [--today DATE]
 *   ejournald [-c FILE] fingerprint            host key fingerprint
 *   ejournald [-c FILE] db start|stop|status   the embedded PostgreSQL cluster
 *
 * Exit statuses: 0 success, 1 refused, 2 usage, 3 temporary failure, 78 config.
 */
#include "config.h"
#include "db.h"
#include "demo.h"
#include "err.h"
#include "i18n.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EJ_SYSCONFDIR
#define EJ_SYSCONFDIR "/etc"
#endif

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("usage: ejournald [-c FILE] [-d] [-P PORTFILE]      serve\n"
              "       ejournald [-c FILE] -t | -T                 check | print the configuration\n"
              "       ejournald [-c FILE] migrate                 apply schema migrations\n"
              "       ejournald [-c FILE] demo [--schools N] [--seed N] [--today YYYY-MM-DD]\n"
              "       ejournald [-c FILE] demo --print-accounts   the demo logins\n"
              "       ejournald [-c FILE] fingerprint             host key fingerprint\n"
              "       ejournald [-c FILE] db start|stop|status    the embedded PostgreSQL\n"));
}

static int fail(const struct ej_error *err)
{
    fprintf(stderr, "ejournald: %s\n", err->msg);
    return ej_err_exit_status(err->code);
}

int server_lock_state(const struct ej_config *cfg, struct ej_error *err)
{
    char *path = xasprintf("%s/ejournald.lock", cfg->state_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        ej_error_set(err, EJ_ECONFIG, _("cannot open %s: %s"), path, strerror(errno));
        free(path);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        ej_error_set(err, EJ_ECONFIG,
                     _("another ejournald (pid %s) is running on the state directory %s"),
                     *pid ? pid : "?", cfg->state_dir);
        close(fd);
        free(path);
        return -1;
    }
    char line[32];
    int len = snprintf(line, sizeof line, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len)
        log_warn("cannot write %s", path);
    free(path);
    return fd;
}

enum ej_err server_db_up(const struct ej_config *cfg, struct server_db *sdb, struct ej_error *err)
{
    memset(sdb, 0, sizeof *sdb);
    enum ej_err e;
    if (!cfg->db_conninfo || !*cfg->db_conninfo) {
        sdb->embedded = true;
        e = pgctl_init(&sdb->pg, cfg, err);
        if (e != EJ_OK)
            return e;
        e = pgctl_start(&sdb->pg, err);
        if (e != EJ_OK)
            return e;
        sdb->owner_conninfo = pgctl_conninfo(&sdb->pg, "ejournal", "ejournal");
        sdb->app_conninfo = pgctl_conninfo(&sdb->pg, "ej_app", "ejournal");
    } else {
        sdb->app_conninfo = xstrdup(cfg->db_conninfo);
        sdb->owner_conninfo = xstrdup(cfg->db_owner_conninfo && *cfg->db_owner_conninfo
                                          ? cfg->db_owner_conninfo
                                          : cfg->db_conninfo);
    }
    struct ej_db *db = db_connect(sdb->owner_conninfo, err);
    if (!db)
        return EJ_ETEMP;
    int applied = 0;
    e = db_migrate(db, &applied, err);
    if (e == EJ_OK)
        e = db_check_durability(db, err);
    db_close(db);
    if (e == EJ_OK && applied)
        log_info("%d migration(s) applied", applied);
    return e;
}

void server_db_down(struct server_db *sdb)
{
    if (sdb->embedded && sdb->pg.started_by_us) {
        struct ej_error err;
        if (pgctl_stop(&sdb->pg, &err) != EJ_OK)
            log_error("%s", err.msg);
        else
            log_info("PostgreSQL stopped");
    }
    if (sdb->embedded)
        pgctl_free(&sdb->pg);
    free(sdb->owner_conninfo);
    free(sdb->app_conninfo);
    memset(sdb, 0, sizeof *sdb);
}

static int cmd_migrate(const struct ej_config *cfg)
{
    struct ej_error err;
    struct server_db sdb;
    enum ej_err e = server_db_up(cfg, &sdb, &err);
    server_db_down(&sdb);
    if (e != EJ_OK)
        return fail(&err);
    printf("%s\n", _("The database schema is up to date."));
    return 0;
}

static int parse_int_arg(const char *s, int min, int max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

static int cmd_demo(const struct ej_config *cfg, int argc, char **argv)
{
    struct demo_opts o = { .schools = 1, .seed = 5, .today = NULL };
    static const struct option lopts[] = { { "schools", required_argument, NULL, 's' },
                                           { "seed", required_argument, NULL, 'r' },
                                           { "today", required_argument, NULL, 't' },
                                           { "print-accounts", no_argument, NULL, 'p' },
                                           { NULL, 0, NULL, 0 } };
    int c, v;
    bool print_only = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (parse_int_arg(optarg, 1, 500, &v) != 0) {
                fprintf(stderr, "ejournald: %s\n", _("--schools takes a number from 1 to 500"));
                return EJ_EXIT_USAGE;
            }
            o.schools = v;
            break;
        case 'r':
            if (parse_int_arg(optarg, 0, 1000000000, &v) != 0) {
                fprintf(stderr, "ejournald: %s\n", _("--seed takes a non-negative number"));
                return EJ_EXIT_USAGE;
            }
            o.seed = (unsigned)v;
            break;
        case 'p':
            print_only = true;
            break;
        case 't': {
            int y, m, d;
            char extra;
            if (sscanf(optarg, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 ||
                d < 1 || d > 31) {
                fprintf(stderr, "ejournald: %s\n", _("--today takes a date YYYY-MM-DD"));
                return EJ_EXIT_USAGE;
            }
            o.today = optarg;
            break;
        }
        default:
            usage(stderr);
            return EJ_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EJ_EXIT_USAGE;
    }
    if (print_only) {
        demo_print_accounts(stdout, "127.0.0.1", cfg->port);
        return 0;
    }
    struct ej_error err;
    struct server_db sdb;
    enum ej_err e = server_db_up(cfg, &sdb, &err);
    if (e == EJ_OK) {
        struct ej_db *db = db_connect(sdb.owner_conninfo, &err);
        if (!db) {
            e = EJ_ETEMP;
        } else {
            db_set_context(db, 0, "demo");
            e = demo_build(db, &o, &err);
            db_close(db);
        }
    }
    server_db_down(&sdb);
    if (e != EJ_OK)
        return fail(&err);
    if (o.schools == 1)
        demo_print_accounts(stdout, "127.0.0.1", cfg->port);
    return 0;
}

static int cmd_db(const struct ej_config *cfg, int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "start") && strcmp(argv[1], "stop") && strcmp(argv[1], "status"))) {
        usage(stderr);
        return EJ_EXIT_USAGE;
    }
    if (cfg->db_conninfo && *cfg->db_conninfo) {
        fprintf(stderr, "ejournald: %s\n",
                _("database.conninfo is set: there is no embedded cluster to manage"));
        return EJ_EXIT_REFUSED;
    }
    struct pgctl pg;
    struct ej_error err;
    enum ej_err e = pgctl_init(&pg, cfg, &err);
    if (e == EJ_OK) {
        if (strcmp(argv[1], "start") == 0) {
            e = pgctl_start(&pg, &err);
            if (e == EJ_OK)
                printf("%s\n", pg.sockdir);
        } else if (strcmp(argv[1], "stop") == 0) {
            e = pgctl_stop(&pg, &err);
        } else {
            bool up = pgctl_running(&pg);
            printf("%s\n", up ? _("running") : _("stopped"));
            pgctl_free(&pg);
            return up ? 0 : 3;
        }
    }
    pgctl_free(&pg);
    return e == EJ_OK ? 0 : fail(&err);
}

int main(int argc, char **argv)
{
    i18n_init();
    log_init("ejournald", LOG_LVL_INFO);
    struct server_opts opts = { 0 };
    bool check_only = false, print = false;
    int c;
    while ((c = getopt(argc, argv, "+c:dP:tTh")) != -1) {
        switch (c) {
        case 'c':
            opts.config_path = optarg;
            break;
        case 'd':
            opts.debug_one = true;
            break;
        case 'P':
            opts.port_file = optarg;
            break;
        case 't':
            check_only = true;
            break;
        case 'T':
            print = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return EJ_EXIT_USAGE;
        }
    }
    struct ej_config cfg;
    struct ej_error err;
    config_defaults(&cfg);
    const char *path = opts.config_path;
    char *def_path = xasprintf("%s/ejournal/ejournal.conf", EJ_SYSCONFDIR);
    if (!path && access(def_path, F_OK) == 0)
        path = def_path;
    if (path && config_load(&cfg, path, &err) != EJ_OK) {
        fprintf(stderr, "ejournald: %s\n", err.msg);
        free(def_path);
        return EJ_EXIT_CONFIG;
    }
    opts.config_path = path;
    log_set_level((enum log_level)log_level_parse(cfg.log_level));
    int rc;
    if (check_only || print) {
        if (print)
            config_print(&cfg, stdout);
        else
            printf("%s: %s\n", path ? path : _("(defaults)"), _("configuration OK"));
        rc = 0;
    } else if (optind >= argc || strcmp(argv[optind], "run") == 0) {
        rc = -1;
        int lockfd = -1;
        struct server_db sdb;
        memset(&sdb, 0, sizeof sdb);
        struct pgctl tmp;
        /* The state directory must exist (owned by the service user) before the lock. */
        if (pgctl_init(&tmp, &cfg, &err) != EJ_OK || pgctl_prepare_state(&tmp, &err) != EJ_OK) {
            rc = fail(&err);
        } else if ((lockfd = server_lock_state(&cfg, &err)) < 0) {
            rc = fail(&err);
        } else if (server_db_up(&cfg, &sdb, &err) != EJ_OK) {
            rc = fail(&err);
            server_db_down(&sdb);
        } else {
            rc = server_run(&cfg, &opts, &sdb);
            server_db_down(&sdb);
        }
        pgctl_free(&tmp);
        if (lockfd >= 0)
            close(lockfd);
    } else if (strcmp(argv[optind], "migrate") == 0 && argc - optind == 1) {
        rc = cmd_migrate(&cfg);
    } else if (strcmp(argv[optind], "demo") == 0) {
        rc = cmd_demo(&cfg, argc - optind, argv + optind);
    } else if (strcmp(argv[optind], "fingerprint") == 0 && argc - optind == 1) {
        rc = server_fingerprint(&cfg, true);
    } else if (strcmp(argv[optind], "db") == 0) {
        rc = cmd_db(&cfg, argc - optind, argv + optind);
    } else {
        fprintf(stderr, _("ejournald: unknown command \"%s\"\n"), argv[optind]);
        usage(stderr);
        rc = EJ_EXIT_USAGE;
    }
    config_free(&cfg);
    free(def_path);
    return rc;
}
