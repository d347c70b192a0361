/*
 * serve — ejournald's listener: the host key, the listening sockets, the privilege
 * drop, and one forked process per connection (conn.c), supervised here.
 *
 * The listener never parses SSH itself: a client that stalls or crashes its
 * process cannot delay it.  It counts connections that have not authenticated
 * yet (per address and in total, with random early drop like OpenSSH's
 * MaxStartups) and sessions (in total and per account), answering each connection
 * process's "A <account>" request on its control socket (conn.h).
 * SIGTERM: stop accepting, tell the users (SIGUSR1), wait session.shutdown_wait,
 * then end the sessions.  SIGHUP: re-read the configuration for new connections;
 * a broken file is reported and the old settings kept.
 */
#include "conn.h"
#include "hostkey.h"
#include "i18n.h"
#include "listen.h"
#include "log.h"
#include "server.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef EJ_BINDIR
#define EJ_BINDIR "/usr/local/bin"
#endif

struct child {
    pid_t pid;
    int ctl;            /* control socket, -1 once closed */
    char addr[64];
    bool authed;        /* holds a session slot */
    long long account;
    char buf[64];
    size_t len;
};

struct listener {
    struct ej_config *cfg;
    struct server_opts *opts;
    struct server_db *sdb;
    ssh_bind bind;
    int fds[LISTEN_MAX];
    int nfds;
    struct child *kids;
    int nkids, cap;
    char *client_path;
    unsigned rnd;
    /* the notification relay (relay.c): its socket, path and process */
    int relay_fd;
    char *relay_path;
    pid_t relay_pid;
    time_t relay_at;    /* when to (re)start it */
};

static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t got_term, got_hup;

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT)
        got_term = 1;
    else if (sig == SIGHUP)
        got_hup = 1;
    if (sig_pipe[1] >= 0) {
        ssize_t w = write(sig_pipe[1], "x", 1);
        (void)w;
    }
    errno = saved;
}

static void signals_setup(void)
{
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        fatal("pipe: %s", strerror(errno));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static void signals_reset_in_child(void)
{
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    close(sig_pipe[0]);
    close(sig_pipe[1]);
    sig_pipe[0] = sig_pipe[1] = -1;
}

static enum ej_err service_user(const struct ej_config *cfg, bool *root, uid_t *uid, gid_t *gid,
                                struct ej_error *err)
{
    *root = geteuid() == 0;
    *uid = geteuid();
    *gid = getegid();
    if (!*root)
        return EJ_OK;
    struct passwd *pw = getpwnam(cfg->user);
    if (!pw)
        return ej_error_set(err, EJ_ECONFIG, _("user \"%s\" does not exist (run make deps, or set user)"),
                            cfg->user);
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return EJ_OK;
}

int server_fingerprint(const struct ej_config *cfg, bool create)
{
    struct ej_error err;
    bool root;
    uid_t uid;
    gid_t gid;
    if (service_user(cfg, &root, &uid, &gid, &err) != EJ_OK) {
        fprintf(stderr, "ejournald: %s\n", err.msg);
        return ej_err_exit_status(err.code);
    }
    char *path = config_host_key_path(cfg);
    ssh_key key = NULL;
    enum ej_err e = hostkey_load(path, create, root, uid, gid, &key, &err);
    if (e != EJ_OK) {
        fprintf(stderr, "ejournald: %s\n", err.msg);
        free(path);
        return ej_err_exit_status(e);
    }
    char *fp = hostkey_fingerprint(key);
    printf("256 %s %s (%s)\n", fp ? fp : "?", path, hostkey_type_name(key));
    free(fp);
    ssh_key_free(key);
    free(path);
    return 0;
}

/* OpenSSH order: groups, gid, uid; then make sure root cannot be regained. */
static enum ej_err drop_privileges(uid_t uid, gid_t gid, struct ej_error *err)
{
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0)
        return ej_error_set(err, EJ_ECONFIG, _("cannot drop privileges: %s"), strerror(errno));
    if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
        fatal("privileges could be regained after the drop");
    return EJ_OK;
}

static char *find_client(const struct ej_config *cfg)
{
    if (cfg->client_path && *cfg->client_path)
        return xstrdup(cfg->client_path);
    char *p = xasprintf("%s/ejournal", i18n_exe_dir());
    if (access(p, X_OK) == 0)
        return p;
    free(p);
    return xstrdup(EJ_BINDIR "/ejournal");
}

static int count_unauth(const struct listener *l, const char *addr)
{
    int n = 0;
    for (int i = 0; i < l->nkids; i++)
        if (!l->kids[i].authed && (!addr || strcmp(l->kids[i].addr, addr) == 0))
            n++;
    return n;
}

/* MaxStartups: a per-address cap, then random early drop between begin and full. */
static bool admit(struct listener *l, const char *addr)
{
    const struct ej_config *cfg = l->cfg;
    if (count_unauth(l, addr) >= cfg->login_per_address_startups)
        return false;
    int n = count_unauth(l, NULL);
    if (n >= cfg->login_startups_full)
        return false;
    if (n < cfg->login_startups_begin)
        return true;
    int span = cfg->login_startups_full - cfg->login_startups_begin;
    int p = cfg->login_startups_rate +
            (span > 0 ? (100 - cfg->login_startups_rate) * (n - cfg->login_startups_begin) / span : 0);
    l->rnd = l->rnd * 1103515245u + 12345u;
    return (int)((l->rnd >> 16) % 100) >= p;
}

static void kid_remove(struct listener *l, int i)
{
    if (l->kids[i].ctl >= 0)
        close(l->kids[i].ctl);
    l->kids[i] = l->kids[--l->nkids];
}

static void reap(struct listener *l)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        if (pid == l->relay_pid) {
            log_warn("the notification relay ended (%d); restarting it",
                     WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
            l->relay_pid = 0;
            l->relay_at = time(NULL) + 1;
            continue;
        }
        for (int i = 0; i < l->nkids; i++)
            if (l->kids[i].pid == pid) {
                log_debug("connection process %ld from %s ended (%d)", (long)pid, l->kids[i].addr,
                          WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
                kid_remove(l, i);
                break;
            }
    }
}

static void answer(struct listener *l, struct child *k, const char *line, bool stopping)
{
    if (line[0] == 'K')
        return;
    if (line[0] != 'A')
        return;
    long long account = strtoll(line + 1, NULL, 10);
    const char *reply = "Y\n";
    int total = 0, mine = 0;
    for (int i = 0; i < l->nkids; i++)
        if (l->kids[i].authed) {
            total++;
            mine += l->kids[i].account == account;
        }
    if (stopping)
        reply = "N s\n";
    else if (total >= l->cfg->session_max_sessions)
        reply = "N t\n";
    else if (mine >= l->cfg->session_max_per_account)
        reply = "N a\n";
    if (reply[0] == 'Y') {
        k->authed = true;
        k->account = account;
    }
    ssize_t w = write(k->ctl, reply, strlen(reply));
    (void)w;
}

static void read_ctl(struct listener *l, int i, bool stopping)
{
    struct child *k = &l->kids[i];
    ssize_t n = read(k->ctl, k->buf + k->len, sizeof k->buf - 1 - k->len);
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            close(k->ctl);
            k->ctl = -1;
        }
        return;
    }
    k->len += (size_t)n;
    k->buf[k->len] = '\0';
    char *nl;
    while ((nl = memchr(k->buf, '\n', k->len)) != NULL) {
        *nl = '\0';
        answer(l, k, k->buf, stopping);
        size_t used = (size_t)(nl - k->buf) + 1;
        memmove(k->buf, nl + 1, k->len - used);
        k->len -= used;
    }
    if (k->len >= sizeof k->buf - 1)
        k->len = 0; /* a misbehaving child: drop the garbage */
}

/* In a child just forked: default signals, none of the listener's sockets. */
static void in_child(struct listener *l)
{
    signals_reset_in_child();
    for (int i = 0; i < l->nfds; i++)
        close(l->fds[i]);
    for (int i = 0; i < l->nkids; i++)
        if (l->kids[i].ctl >= 0)
            close(l->kids[i].ctl);
}

static void spawn(struct listener *l, int sock, const char *addr)
{
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0) {
        log_error("socketpair: %s", strerror(errno));
        close(sock);
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        close(sock);
        close(sp[0]);
        close(sp[1]);
        return;
    }
    if (pid == 0) {
        in_child(l);
        close(sp[0]);
        if (l->relay_fd >= 0)
            close(l->relay_fd);
        struct conn_params p = { .cfg = l->cfg, .bind = l->bind, .sock = sock, .ctl = sp[1],
                                 .conninfo = l->sdb->app_conninfo, .client_path = l->client_path,
                                 .notify_path = l->relay_path };
        _exit(conn_main(&p));
    }
    close(sock);
    close(sp[1]);
    fcntl(sp[0], F_SETFL, O_NONBLOCK);
    if (l->nkids == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->kids = xreallocarray(l->kids, (size_t)l->cap, sizeof *l->kids);
    }
    struct child *k = &l->kids[l->nkids++];
    memset(k, 0, sizeof *k);
    k->pid = pid;
    k->ctl = sp[0];
    snprintf(k->addr, sizeof k->addr, "%s", addr);
}

/* The notification relay's socket, <state_dir>/notify, for this user only.  Without
 * it (a path too long for a Unix socket, an error) the applications LISTEN on their
 * own connections: slower under load, the same to the user. */
static void relay_open_socket(struct listener *l)
{
    l->relay_fd = -1;
    char *path = xasprintf("%s/notify", l->cfg->state_dir);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    if (strlen(path) >= sizeof sa.sun_path) {
        log_warn("%s is too long for a Unix socket: no notification relay", path);
        free(path);
        return;
    }
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path));
    unlink(path); /* left by a killed ejournald: the state lock says none runs now */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    mode_t old = umask(0077);
    bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 1024) == 0;
    umask(old);
    if (!ok) {
        log_warn("notification relay socket %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(path);
        return;
    }
    l->relay_fd = fd;
    l->relay_path = path;
}

static void relay_spawn(struct listener *l)
{
    if (l->relay_fd < 0 || l->relay_pid || time(NULL) < l->relay_at)
        return;
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        l->relay_at = time(NULL) + 1;
        return;
    }
    if (pid == 0) {
        in_child(l);
        relay_main(l->relay_fd, l->sdb->app_conninfo);
    }
    l->relay_pid = pid;
    log_info("notification relay started (pid %ld) on %s", (long)pid, l->relay_path);
}

static void relay_stop(struct listener *l)
{
    if (l->relay_pid) {
        kill(l->relay_pid, SIGTERM);
        waitpid(l->relay_pid, NULL, 0);
        l->relay_pid = 0;
    }
    if (l->relay_fd >= 0) {
        close(l->relay_fd);
        unlink(l->relay_path);
        l->relay_fd = -1;
    }
    free(l->relay_path);
    l->relay_path = NULL;
}

static void accept_all(struct listener *l, int fd)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int sock = accept4(fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
        if (sock < 0)
            return;
        char addr[64];
        int port = 0;
        listen_addr_str((struct sockaddr *)&ss, addr, sizeof addr, &port);
        if (!admit(l, addr)) {
            log_info("connection from %s:%d dropped: too many unauthenticated connections", addr, port);
            close(sock);
            continue;
        }
        listen_tune_accepted(sock);
        spawn(l, sock, addr);
    }
}

static void reload(struct listener *l)
{
    if (!l->opts->config_path) {
        log_info("SIGHUP: no configuration file to re-read");
        return;
    }
    struct ej_config fresh;
    struct ej_error err;
    config_defaults(&fresh);
    if (config_load(&fresh, l->opts->config_path, &err) != EJ_OK) {
        log_error("SIGHUP: %s; the previous settings stay in force", err.msg);
        config_free(&fresh);
        return;
    }
    /* Addresses, port, state and the database stay as started; limits change now. */
    struct ej_config *cfg = l->cfg;
    cfg->login_grace_time = fresh.login_grace_time;
    cfg->login_max_auth_tries = fresh.login_max_auth_tries;
    cfg->login_startups_begin = fresh.login_startups_begin;
    cfg->login_startups_rate = fresh.login_startups_rate;
    cfg->login_startups_full = fresh.login_startups_full;
    cfg->login_per_address_startups = fresh.login_per_address_startups;
    cfg->login_throttle_base_ms = fresh.login_throttle_base_ms;
    cfg->login_throttle_max_s = fresh.login_throttle_max_s;
    cfg->login_min_password_length = fresh.login_min_password_length;
    cfg->session_max_sessions = fresh.session_max_sessions;
    cfg->session_max_per_account = fresh.session_max_per_account;
    cfg->session_idle_lock = fresh.session_idle_lock;
    cfg->session_idle_disconnect = fresh.session_idle_disconnect;
    cfg->session_db_release = fresh.session_db_release;
    cfg->session_shutdown_wait = fresh.session_shutdown_wait;
    log_set_level((enum log_level)log_level_parse(fresh.log_level));
    config_free(&fresh);
    log_info("SIGHUP: configuration re-read from %s", l->opts->config_path);
}

static void drain_sig_pipe(void)
{
    char b[64];
    while (read(sig_pipe[0], b, sizeof b) > 0)
        ;
}

/* Stop: no new connections, tell the users, wait, then end what is left. */
static void shutdown_sessions(struct listener *l)
{
    for (int i = 0; i < l->nfds; i++)
        close(l->fds[i]);
    l->nfds = 0;
    for (int i = 0; i < l->nkids; i++)
        kill(l->kids[i].pid, SIGUSR1);
    log_info("stopping: %d connection(s) get %d s to finish", l->nkids, l->cfg->session_shutdown_wait);
    time_t until = time(NULL) + l->cfg->session_shutdown_wait;
    bool termed = false;
    time_t kill_at = 0;
    while (l->nkids > 0) {
        time_t now = time(NULL);
        if (!termed && now >= until) {
            for (int i = 0; i < l->nkids; i++)
                kill(l->kids[i].pid, SIGTERM);
            termed = true;
            kill_at = now + 5;
        }
        if (termed && now >= kill_at) {
            for (int i = 0; i < l->nkids; i++)
                kill(l->kids[i].pid, SIGKILL);
            kill_at = now + 3600;
        }
        struct pollfd pfd = { .fd = sig_pipe[0], .events = POLLIN };
        poll(&pfd, 1, 200);
        drain_sig_pipe();
        for (int i = 0; i < l->nkids; i++)
            if (l->kids[i].ctl >= 0)
                read_ctl(l, i, true);
        reap(l);
    }
}

static int serve_one(struct listener *l)
{
    /* -d: one connection, served in this process (for gdb). */
    struct pollfd pfd = { .fd = l->fds[0], .events = POLLIN };
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
        if (got_term)
            return 0;
    int sock = accept4(l->fds[0], NULL, NULL, SOCK_CLOEXEC);
    if (sock < 0)
        return 1;
    int fl = fcntl(sock, F_GETFL);
    fcntl(sock, F_SETFL, fl & ~O_NONBLOCK);
    listen_tune_accepted(sock);
    signals_reset_in_child();
    struct conn_params p = { .cfg = l->cfg, .bind = l->bind, .sock = sock, .ctl = -1,
                             .conninfo = l->sdb->app_conninfo, .client_path = l->client_path };
    return conn_main(&p);
}

int server_run(struct ej_config *cfg, struct server_opts *opts, struct server_db *sdb)
{
    struct listener l;
    struct ej_error err;
    memset(&l, 0, sizeof l);
    l.cfg = cfg;
    l.opts = opts;
    l.sdb = sdb;
    l.rnd = (unsigned)time(NULL) ^ (unsigned)getpid();
    l.relay_fd = -1;
    int rc = 0;
    bool root;
    uid_t uid;
    gid_t gid;
    ssh_key key = NULL;
    char *keypath = config_host_key_path(cfg);

    signals_setup();
    if (service_user(cfg, &root, &uid, &gid, &err) != EJ_OK ||
        hostkey_load(keypath, true, root, uid, gid, &key, &err) != EJ_OK ||
        listen_open(cfg, l.fds, &l.nfds, &err) != EJ_OK) {
        fprintf(stderr, "ejournald: %s\n", err.msg);
        rc = ej_err_exit_status(err.code);
        goto out;
    }
    l.bind = ssh_bind_new();
    if (!l.bind || ssh_bind_options_set(l.bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK)
        fatal("cannot give the host key to libssh");
    key = NULL; /* owned by the bind now */
    char *fp = NULL;
    {
        ssh_key again = NULL;
        if (hostkey_load(keypath, false, false, 0, 0, &again, &err) == EJ_OK) {
            fp = hostkey_fingerprint(again);
            ssh_key_free(again);
        }
    }
    if (opts->port_file) {
        FILE *f = fopen(opts->port_file, "w");
        if (!f || fprintf(f, "%d\n", listen_port(l.fds[0])) < 0 || fclose(f) != 0)
            log_error("cannot write %s", opts->port_file);
    }
    if (root && drop_privileges(uid, gid, &err) != EJ_OK) {
        fprintf(stderr, "ejournald: %s\n", err.msg);
        rc = ej_err_exit_status(err.code);
        free(fp);
        goto out;
    }
    l.client_path = find_client(cfg);
    if (access(l.client_path, X_OK) != 0)
        log_warn("the application %s is not executable by this user: sessions will fail (client_path)",
                 l.client_path);
    for (int i = 0; i < l.nfds; i++)
        log_info("listening on %s", listen_name(l.fds[i]));
    printf(_("ejournald: listening on %s; host key fingerprint ED25519 %s\n"), listen_name(l.fds[0]),
           fp ? fp : "?");
    fflush(stdout);
    free(fp);

    if (opts->debug_one) {
        rc = serve_one(&l);
        goto out;
    }
    relay_open_socket(&l);
    while (!got_term) {
        relay_spawn(&l);
        int n = l.nfds + 1 + l.nkids;
        struct pollfd *pf = xcalloc((size_t)n, sizeof *pf);
        int k = 0;
        for (int i = 0; i < l.nfds; i++)
            pf[k++] = (struct pollfd){ .fd = l.fds[i], .events = POLLIN };
        pf[k++] = (struct pollfd){ .fd = sig_pipe[0], .events = POLLIN };
        for (int i = 0; i < l.nkids; i++)
            pf[k++] = (struct pollfd){ .fd = l.kids[i].ctl, .events = POLLIN };
        int r = poll(pf, (nfds_t)n, 1000);
        if (r > 0) {
            for (int i = 0; i < l.nfds; i++)
                if (pf[i].revents & POLLIN)
                    accept_all(&l, l.fds[i]);
            for (int i = 0; i < l.nkids && l.nfds + 1 + i < n; i++)
                if (pf[l.nfds + 1 + i].revents && pf[l.nfds + 1 + i].fd == l.kids[i].ctl && l.kids[i].ctl >= 0)
                    read_ctl(&l, i, false);
        }
        free(pf);
        drain_sig_pipe();
        reap(&l);
        if (got_hup) {
            got_hup = 0;
            reload(&l);
        }
    }
    shutdown_sessions(&l);
    relay_stop(&l);
    log_info("stopped");
out:
    for (int i = 0; i < l.nfds; i++)
        close(l.fds[i]);
    if (key)
        ssh_key_free(key);
    if (l.bind)
        ssh_bind_free(l.bind);
    free(l.kids);
    free(l.client_path);
    free(keypath);
    return rc;
}
