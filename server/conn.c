/*
 * conn — the life of one connection process: signals, key exchange under the
 * login grace time, the event loop that drives authentication (auth.c) and the
 * session (channel.c), and the end.
 *
 * Signal handlers here do almost nothing: the grace-time handler and the handler
 * of SIGTERM before authentication only call _exit() (the regreSSHion lesson:
 * nothing that is not async-signal-safe runs in a handler); the others set a
 * flag and write one byte to a self-pipe that wakes the event loop.
 */
#include "conn.h"
#include "procinfo.h"
#include "i18n.h"
#include "listen.h"
#include "log.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/tcp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_authed; /* after authentication SIGTERM ends the session gently */
static volatile sig_atomic_t g_term, g_term_pid, g_warn;
static int g_wake_wr = -1;
static pid_t g_listener;

static void on_alarm(int sig)
{
    (void)sig;
    _exit(CONN_EXIT_GRACE);
}

static void wake(void)
{
    int saved = errno;
    if (g_wake_wr >= 0) {
        ssize_t w = write(g_wake_wr, "x", 1);
        (void)w;
    }
    errno = saved;
}

static void on_term(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (!g_authed)
        _exit(CONN_EXIT_TERM);
    g_term_pid = si ? (sig_atomic_t)si->si_pid : 0;
    g_term = 1;
    wake();
}

static void on_usr1(int sig)
{
    (void)sig;
    g_warn = 1;
    wake();
}

static void on_chld(int sig)
{
    (void)sig;
    wake();
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void signals_setup(void)
{
    set_handler(SIGALRM, on_alarm);
    set_handler(SIGUSR1, on_usr1);
    set_handler(SIGCHLD, on_chld);
    set_handler(SIGPIPE, SIG_IGN);
    set_handler(SIGHUP, SIG_IGN);
    set_handler(SIGINT, SIG_DFL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_term;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
}

/* Start time of this process in clock ticks since boot (/proc/self/stat field 22):
 * with the pid, it names this process uniquely for `sessions end`. */

static void libssh_log(int priority, const char *function, const char *buffer, void *userdata)
{
    (void)priority;
    (void)userdata;
    char safe[512];
    log_debug("libssh: %s: %s", function ? function : "", log_safe(buffer, safe, sizeof safe));
}

static void drain_wake(struct conn *c)
{
    char buf[64];
    while (read(c->wake_rd, buf, sizeof buf) > 0)
        ;
}

static int wake_cb(socket_t fd, int revents, void *userdata)
{
    (void)fd;
    (void)revents;
    drain_wake(userdata);
    return 0;
}

static void handle_signals(struct conn *c)
{
    if (g_warn) {
        g_warn = 0;
        char msg[256];
        snprintf(msg, sizeof msg,
                 _("The server is stopping: this session ends in %d s. Everything shown saved is saved."),
                 c->cfg->session_shutdown_wait);
        channel_tell(c, msg);
    }
    if (g_term) {
        g_term = 0;
        bool from_listener = g_term_pid == (sig_atomic_t)g_listener;
        if (from_listener)
            channel_terminate(c, "shutdown", _("The server is stopping: the session is closed."));
        else
            channel_terminate(c, "admin", _("The session was ended by an administrator."));
    }
}

int conn_main(const struct conn_params *p)
{
    struct conn *c = xcalloc(1, sizeof *c);
    int status = CONN_EXIT_OK;
    int pipefd[2] = { -1, -1 };
    c->p = p;
    c->cfg = p->cfg;
    c->master = -1;
    c->in_fd = -1;
    c->out[0].fd = c->out[1].fd = -1;
    c->out[1].is_stderr = true;
    c->app = -1;
    for (int i = 0; i < 3; i++)
        c->watch[i].fd = -1;
    g_listener = getppid();
    g_authed = 0;
    signals_setup();
    alarm((unsigned)c->cfg->login_grace_time);

    if (pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0)
        fatal("pipe: %s", strerror(errno));
    c->wake_rd = pipefd[0];
    g_wake_wr = pipefd[1];

    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getpeername(p->sock, (struct sockaddr *)&ss, &sl) == 0)
        listen_addr_str((struct sockaddr *)&ss, c->addr, sizeof c->addr, &c->port);
    sl = sizeof ss;
    if (getsockname(p->sock, (struct sockaddr *)&ss, &sl) == 0)
        listen_addr_str((struct sockaddr *)&ss, c->laddr, sizeof c->laddr, &c->lport);
    if (gethostname(c->host, sizeof c->host) != 0)
        snprintf(c->host, sizeof c->host, "localhost");
    c->host[sizeof c->host - 1] = '\0';
    c->proc_start = proc_start_time(0);

    ssh_set_log_callback(libssh_log);
    ssh_set_log_level(SSH_LOG_WARNING);
    c->session = ssh_new();
    if (!c->session)
        fatal("ssh_new failed");
    if (ssh_bind_accept_fd(p->bind, c->session, p->sock) != SSH_OK) {
        log_warn("%s: %s", c->addr, ssh_get_error(p->bind));
        status = CONN_EXIT_ERROR;
        goto out;
    }
    c->server_cb.userdata = c;
    c->server_cb.auth_password_function = auth_password_cb;
    c->server_cb.auth_pubkey_function = auth_pubkey_cb;
    c->server_cb.channel_open_request_session_function = channel_open_cb;
    ssh_callbacks_init(&c->server_cb);
    ssh_set_server_callbacks(c->session, &c->server_cb);
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    ssh_set_message_callback(c->session, channel_message_cb, c);

    /* Under the grace alarm: a client that stalls here is ended by it.  Driven without
     * blocking, so that TCP_QUICKACK is set again before each wait: a client that
     * writes two key-exchange packets in a row without TCP_NODELAY (libssh's client
     * does) otherwise holds the second until our delayed ACK of the first, 40 ms on
     * Linux — a third of a whole login on a fast link (make bench, issue #9). */
    ssh_set_blocking(c->session, 0);
    int kex;
    while ((kex = ssh_handle_key_exchange(c->session)) == SSH_AGAIN) {
        int one = 1;
        setsockopt(p->sock, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        struct pollfd pf = { p->sock, POLLIN, 0 };
        if (poll(&pf, 1, 100) < 0 && errno != EINTR)
            break;
    }
    if (kex != SSH_OK) {
        char safe[300];
        log_debug("%s: key exchange failed: %s", c->addr,
                  log_safe(ssh_get_error(c->session), safe, sizeof safe));
        status = CONN_EXIT_ERROR;
        goto out;
    }
    if (p->ctl >= 0) {
        ssize_t w = write(p->ctl, "K\n", 2);
        (void)w;
    }
    c->event = ssh_event_new();
    if (!c->event || ssh_event_add_session(c->event, c->session) != SSH_OK)
        fatal("ssh_event failed");
    ssh_event_add_fd(c->event, c->wake_rd, POLLIN, wake_cb, c);
    bool session_in_event = true;

    while (!c->done) {
        ssh_event_dopoll(c->event, channel_timeout_ms(c));
        drain_wake(c);
        if (c->drop) {
            /* Too many failures: say so and read nothing more from this client. */
            ssh_session_set_disconnect_message(c->session,
                                               "Too many authentication failures");
            ssh_disconnect(c->session);
            status = CONN_EXIT_AUTHFAIL;
            break;
        }
        if (c->authenticated && !g_authed)
            g_authed = 1;
        handle_signals(c);
        bool connected = ssh_is_connected(c->session) &&
                         !(ssh_get_status(c->session) & (SSH_CLOSED | SSH_CLOSED_ERROR));
        if (!connected) {
            if (session_in_event) {
                ssh_event_remove_session(c->event, c->session);
                session_in_event = false;
            }
            if (!c->end_reason)
                c->end_reason = "gone";
            if (c->app <= 0 || c->app_reaped) {
                /* nothing (left) to wait for */
                channel_step(c);
                break;
            }
        }
        channel_step(c);
    }
out:
    alarm(0);
    auth_db_close(c);
    if (c->session) {
        if (ssh_is_connected(c->session))
            ssh_disconnect(c->session);
        if (c->event) {
            ssh_event_free(c->event);
            c->event = NULL;
        }
        ssh_free(c->session);
    }
    free(c->command);
    close(pipefd[0]);
    close(pipefd[1]);
    g_wake_wr = -1;
    free(c);
    return status;
}
