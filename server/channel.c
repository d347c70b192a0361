/*
 * channel — the session channel of a connection: pty-req + shell runs the
 * full-screen application on a PTY; exec "COMMAND ARGS" runs `ejournal COMMAND
 * ARGS` with stdin, stdout and stderr over the channel and returns its exit
 * status.  The application is exec'd (never just forked), so its memory never
 * holds the host key, and it inherits no descriptor but its terminal or pipes.
 *
 * Rules kept here (each a known libssh 0.10 trap):
 *  - client data the application cannot take yet stays in libssh's buffer (the
 *    channel window then closes: flow control) and is drained with
 *    ssh_channel_read_nonblocking() as soon as the application reads again — a
 *    data callback that consumes less than it was given is never called again
 *    for the same bytes;
 *  - the application's output is read only while the client's window is open;
 *  - at the end: exit-status (or exit-signal), EOF, close, then wait for the
 *    client's close before the TCP connection is dropped;
 *  - subsystems (sftp), port forwarding, X11 and agent forwarding are refused
 *    and the user is told why.
 * The work is done in channel_step(), after each ssh_event_dopoll(); callbacks
 * only record what the client asked for.
 */
#include "cmdline.h"
#include "conn.h"
#include "ctx.h"
#include "db-auth.h"
#include "i18n.h"
#include "log.h"
#include "relay.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Seconds granted to the application between SIGHUP and SIGKILL, to output after
 * the application exited (a descendant holding the pipe), and to the client to
 * close the channel after ours. */
#define KILL_GRACE_S 3
#define DRAIN_GRACE_S 2
#define CLOSE_WAIT_S 5

static bool connected(const struct conn *c)
{
    return ssh_is_connected(c->session) &&
           !(ssh_get_status(c->session) & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

static bool chan_usable(const struct conn *c)
{
    return c->chan && connected(c) && !c->remote_closed && !c->finishing &&
           ssh_channel_is_open(c->chan);
}

static void note(struct conn *c, const char *msg)
{
    if (strstr(c->notes, msg))
        return;
    size_t len = strlen(c->notes);
    snprintf(c->notes + len, sizeof c->notes - len, "%s\n", msg);
}

/* Write a message as stderr data ("ejournald: …"), CR LF on a terminal. */
static void write_stderr_line(struct conn *c, const char *msg)
{
    if (!chan_usable(c))
        return;
    char *line = xasprintf("ejournald: %s%s", msg, c->pty ? "\r\n" : "\n");
    ssh_channel_write_stderr(c->chan, line, (uint32_t)strlen(line));
    free(line);
}

static void flush_notes(struct conn *c)
{
    char *save = NULL;
    for (char *l = strtok_r(c->notes, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        write_stderr_line(c, l);
    c->notes[0] = '\0';
}

void channel_tell(struct conn *c, const char *msg)
{
    if (!c->started || !chan_usable(c)) {
        note(c, msg);
        return;
    }
    if (c->pty && c->app > 0 && !c->app_reaped) {
        /* Over the application's status line: save the cursor, the last row in
         * reverse video, restore.  The next redraw of the application paints it over. */
        int rows = c->ws.ws_row > 0 ? c->ws.ws_row : 24;
        char *s = xasprintf("\0337\033[%d;1H\033[0;7m %s \033[K\033[0m\0338", rows, msg);
        ssh_channel_write(c->chan, s, (uint32_t)strlen(s));
        free(s);
        return;
    }
    write_stderr_line(c, msg);
}

/* ---- callbacks: record only ---- */

static int data_cb(ssh_session session, ssh_channel channel, void *data, uint32_t len,
                   int is_stderr, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (is_stderr)
        return (int)len; /* nothing reads a client's stderr */
    c->last_input = time(NULL);
    if (c->in_fd < 0) {
        if (c->started && (c->in_closed || c->app_reaped || c->app <= 0))
            return (int)len; /* nobody will ever read it */
        c->in_pending = true; /* the application is not started yet: keep it */
        return 0;
    }
    if (c->in_pending || c->inoff < c->inlen) {
        c->in_pending = true;
        return 0;
    }
    ssize_t n = write(c->in_fd, data, len);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return (int)len; /* the application is gone: drop it */
        n = 0;
    }
    if ((uint32_t)n < len)
        c->in_pending = true;
    return (int)n;
}

static void eof_cb(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    c->remote_eof = true;
}

static void close_cb(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    c->remote_closed = true;
}

static int pty_cb(ssh_session session, ssh_channel channel, const char *term, int width,
                  int height, int pxwidth, int pxheight, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (c->pty || c->req != REQ_NONE)
        return -1;
    /* TERM goes into the application's environment: a plain name or nothing. */
    size_t n = term ? strlen(term) : 0;
    bool ok = n > 0 && n < sizeof c->term;
    for (size_t i = 0; ok && i < n; i++)
        ok = (term[i] >= 'a' && term[i] <= 'z') || (term[i] >= 'A' && term[i] <= 'Z') ||
             (term[i] >= '0' && term[i] <= '9') || strchr("-_.+", term[i]);
    snprintf(c->term, sizeof c->term, "%s", ok ? term : "xterm-256color");
    c->pty = true;
    c->ws.ws_col = (unsigned short)(width > 0 && width < 10000 ? width : 80);
    c->ws.ws_row = (unsigned short)(height > 0 && height < 10000 ? height : 24);
    c->ws.ws_xpixel = (unsigned short)(pxwidth > 0 && pxwidth < 65536 ? pxwidth : 0);
    c->ws.ws_ypixel = (unsigned short)(pxheight > 0 && pxheight < 65536 ? pxheight : 0);
    return 0;
}

static int winch_cb(ssh_session session, ssh_channel channel, int width, int height,
                    int pxwidth, int pxheight, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (!c->pty)
        return -1;
    c->ws.ws_col = (unsigned short)(width > 0 && width < 10000 ? width : c->ws.ws_col);
    c->ws.ws_row = (unsigned short)(height > 0 && height < 10000 ? height : c->ws.ws_row);
    c->ws.ws_xpixel = (unsigned short)(pxwidth > 0 && pxwidth < 65536 ? pxwidth : 0);
    c->ws.ws_ypixel = (unsigned short)(pxheight > 0 && pxheight < 65536 ? pxheight : 0);
    /* At once: the kernel sends SIGWINCH to the application. */
    if (c->master >= 0)
        ioctl(c->master, TIOCSWINSZ, &c->ws);
    return 0;
}

static int shell_cb(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (c->req != REQ_NONE)
        return -1;
    c->req = REQ_SHELL;
    return 0;
}

static int exec_cb(ssh_session session, ssh_channel channel, const char *command, void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (c->req != REQ_NONE)
        return -1;
    c->req = REQ_EXEC;
    c->command_len = command ? strlen(command) : 0;
    c->command = xstrndup(command ? command : "", c->command_len);
    return 0;
}

static int subsystem_cb(ssh_session session, ssh_channel channel, const char *subsystem,
                        void *userdata)
{
    (void)session;
    (void)channel;
    struct conn *c = userdata;
    if (c->req != REQ_NONE)
        return -1;
    /* Accepted only to say clearly why it cannot be served (then exit status 1). */
    c->req = REQ_SUBSYSTEM;
    c->command = xstrdup(subsystem ? subsystem : "");
    return 0;
}

static int env_cb(ssh_session session, ssh_channel channel, const char *name, const char *value,
                  void *userdata)
{
    (void)session;
    (void)channel;
    (void)name;
    (void)value;
    (void)userdata;
    return -1; /* the application's environment is ejournald's to set */
}

static void agent_cb(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    /* No agent channel is ever opened back to the client: forwarding stays off. */
    note(userdata, _("agent forwarding is not available on this server"));
}

ssh_channel channel_open_cb(ssh_session session, void *userdata)
{
    struct conn *c = userdata;
    if (!c->authenticated)
        return NULL; /* whatever libssh thinks, no session before our own "yes" */
    if (c->chan) {
        note(c, _("one session per connection: open another connection"));
        return NULL;
    }
    c->chan = ssh_channel_new(session);
    if (!c->chan)
        return NULL;
    c->chan_cb.userdata = c;
    c->chan_cb.channel_data_function = data_cb;
    c->chan_cb.channel_eof_function = eof_cb;
    c->chan_cb.channel_close_function = close_cb;
    c->chan_cb.channel_pty_request_function = pty_cb;
    c->chan_cb.channel_pty_window_change_function = winch_cb;
    c->chan_cb.channel_shell_request_function = shell_cb;
    c->chan_cb.channel_exec_request_function = exec_cb;
    c->chan_cb.channel_subsystem_request_function = subsystem_cb;
    c->chan_cb.channel_env_request_function = env_cb;
    c->chan_cb.channel_auth_agent_req_function = agent_cb;
    ssh_callbacks_init(&c->chan_cb);
    ssh_set_channel_callbacks(c->chan, &c->chan_cb);
    c->nchannels++;
    return c->chan;
}

int channel_message_cb(ssh_session session, ssh_message msg, void *userdata)
{
    (void)session;
    struct conn *c = userdata;
    int type = ssh_message_type(msg), sub = ssh_message_subtype(msg);
    if (type == SSH_REQUEST_GLOBAL &&
        (sub == SSH_GLOBAL_REQUEST_TCPIP_FORWARD || sub == SSH_GLOBAL_REQUEST_CANCEL_TCPIP_FORWARD))
        note(c, _("port forwarding is not available on this server"));
    else if (type == SSH_REQUEST_CHANNEL_OPEN &&
             (sub == SSH_CHANNEL_DIRECT_TCPIP || sub == SSH_CHANNEL_FORWARDED_TCPIP))
        note(c, _("port forwarding is not available on this server"));
    else if ((type == SSH_REQUEST_CHANNEL_OPEN && sub == SSH_CHANNEL_X11) ||
             (type == SSH_REQUEST_CHANNEL && sub == SSH_CHANNEL_REQUEST_X11))
        note(c, _("X11 forwarding is not available on this server"));
    if (c->started && c->notes[0])
        flush_notes(c);
    return 1; /* the default reply: a refusal */
}

/* ---- the application ---- */

static void env_add(char ***env, int *n, const char *name, const char *value)
{
    *env = xreallocarray(*env, (size_t)*n + 2, sizeof **env);
    (*env)[(*n)++] = xasprintf("%s=%s", name, value);
    (*env)[*n] = NULL;
}

static void env_pass(char ***env, int *n, const char *name)
{
    const char *v = getenv(name);
    if (v)
        env_add(env, n, name, v);
}

static char **app_env(struct conn *c)
{
    char **env = NULL;
    int n = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%lld", c->account_id);
    env_add(&env, &n, EJ_ENV_ACCOUNT, buf);
    env_add(&env, &n, EJ_ENV_CONNINFO, c->p->conninfo);
    env_add(&env, &n, EJ_ENV_CLIENT_ADDR, c->addr);
    snprintf(buf, sizeof buf, "%lld", c->session_id);
    env_add(&env, &n, EJ_ENV_SESSION, buf);
    snprintf(buf, sizeof buf, "%d", c->cfg->session_idle_lock);
    env_add(&env, &n, EJ_ENV_IDLE_LOCK, buf);
    snprintf(buf, sizeof buf, "%d", c->cfg->session_idle_disconnect);
    env_add(&env, &n, EJ_ENV_IDLE_DISCONNECT, buf);
    snprintf(buf, sizeof buf, "%d", c->cfg->session_db_release);
    env_add(&env, &n, EJ_ENV_DB_RELEASE, buf);
    snprintf(buf, sizeof buf, "%d", c->cfg->login_min_password_length);
    env_add(&env, &n, EJ_ENV_MIN_PASSWORD, buf);
    if (c->lport == 22)
        snprintf(buf, sizeof buf, "ssh -t %s@%s", c->login, c->laddr);
    else
        snprintf(buf, sizeof buf, "ssh -t -p %d %s@%s", c->lport, c->login, c->laddr);
    env_add(&env, &n, EJ_ENV_SSH_HINT, buf);
    if (c->p->notify_path)
        env_add(&env, &n, EJ_ENV_NOTIFY, c->p->notify_path);
    snprintf(buf, sizeof buf, "%s %d %s %d", c->addr, c->port, c->laddr, c->lport);
    env_add(&env, &n, "SSH_CONNECTION", buf);
    env_add(&env, &n, "TERM", c->pty ? c->term : "dumb");
    env_add(&env, &n, "LANG", "C.UTF-8");
    env_add(&env, &n, "LC_ALL", "C.UTF-8");
    const char *lang = getenv("LANGUAGE");
    env_add(&env, &n, "LANGUAGE", lang && *lang ? lang : "ru");
    env_add(&env, &n, "PATH", "/usr/local/bin:/usr/bin:/bin");
    env_add(&env, &n, "HOME", "/");
    env_add(&env, &n, "USER", c->login);
    env_add(&env, &n, "LOGNAME", c->login);
    /* The administrator's and the test harness's settings for the application. */
    env_pass(&env, &n, "EJ_LOCALEDIR");
    env_pass(&env, &n, "TERMINFO_DIRS");
    env_pass(&env, &n, "TZ");
    env_pass(&env, &n, "ASAN_OPTIONS");
    env_pass(&env, &n, "UBSAN_OPTIONS");
    env_pass(&env, &n, "LSAN_OPTIONS");
    return env;
}

static void free_strv(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

/* In the forked child, before execve: nothing of ejournald's state survives. */
static void child_exec(struct conn *c, pid_t parent, char **argv, char **env)
{
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    static const int sigs[] = { SIGPIPE, SIGHUP, SIGTERM, SIGCHLD, SIGALRM, SIGUSR1, SIGINT };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
    /* The application ends with its connection process. */
    prctl(PR_SET_PDEATHSIG, SIGHUP);
    if (getppid() != parent)
        _exit(129);
    /* The SSH socket and every other descriptor of ejournald stay behind. */
    close_range(3, ~0U, 0);
    if (chdir("/") != 0)
        _exit(127);
    umask(077);
    execve(c->p->client_path, argv, env);
    char msg[256];
    int len = snprintf(msg, sizeof msg, "ejournald: cannot run %s: %s\n", c->p->client_path,
                       strerror(errno));
    ssize_t w = write(2, msg, (size_t)len);
    (void)w;
    _exit(127);
}

static bool spawn_pty(struct conn *c, char **argv, char **env)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char slave_name[128];
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
        ptsname_r(master, slave_name, sizeof slave_name) != 0) {
        log_error("cannot open a pty: %s", strerror(errno));
        if (master >= 0)
            close(master);
        return false;
    }
    ioctl(master, TIOCSWINSZ, &c->ws);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        close(master);
        return false;
    }
    if (pid == 0) {
        setsid();
        int slave = open(slave_name, O_RDWR);
        if (slave < 0)
            _exit(127);
        ioctl(slave, TIOCSCTTY, 0);
        struct termios t;
        if (tcgetattr(slave, &t) == 0) {
            t.c_iflag |= IUTF8; /* line editing that knows UTF-8 (the password form) */
            tcsetattr(slave, TCSANOW, &t);
        }
        dup2(slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        child_exec(c, parent, argv, env);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    c->master = master;
    c->in_fd = master;
    c->out[0].fd = master;
    c->app = pid;
    return true;
}

static bool spawn_pipes(struct conn *c, char **argv, char **env)
{
    int in[2] = { -1, -1 }, out[2] = { -1, -1 }, er[2] = { -1, -1 };
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(er, O_CLOEXEC) != 0) {
        log_error("pipe: %s", strerror(errno));
        goto fail;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        goto fail;
    }
    if (pid == 0) {
        setsid();
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(er[1], 2);
        child_exec(c, parent, argv, env);
    }
    close(in[0]);
    close(out[1]);
    close(er[1]);
    fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
    fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
    fcntl(er[0], F_SETFL, fcntl(er[0], F_GETFL) | O_NONBLOCK);
    c->in_fd = in[1];
    c->out[0].fd = out[0];
    c->out[1].fd = er[0];
    c->app = pid;
    return true;
fail:
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (out[i] >= 0)
            close(out[i]);
        if (er[i] >= 0)
            close(er[i]);
    }
    return false;
}

/* End the channel at once with a message and an exit status (nothing ran). */
static void finish_with(struct conn *c, int status, const char *msg)
{
    if (msg)
        write_stderr_line(c, msg);
    if (chan_usable(c)) {
        ssh_channel_request_send_exit_status(c->chan, status);
        ssh_channel_send_eof(c->chan);
        ssh_channel_close(c->chan);
    }
    c->finishing = true;
    c->finish_at = time(NULL);
    alarm(0);
}

static void start(struct conn *c)
{
    c->started = true;
    c->last_input = time(NULL);
    flush_notes(c);
    if (c->refused[0]) {
        finish_with(c, 1, c->refused);
        return;
    }
    if (c->req == REQ_SUBSYSTEM) {
        char safe[64], msg[300];
        log_safe(c->command, safe, sizeof safe);
        snprintf(msg, sizeof msg,
                 _("the subsystem \"%s\" is not available: files come with commands, e.g. "
                   "ssh host report … > file.pdf"),
                 safe);
        log_info("refused subsystem %s for %s from %s", safe, c->login, c->addr);
        finish_with(c, 1, msg);
        return;
    }
    char **words = NULL;
    int nwords = 0;
    if (c->req == REQ_EXEC) {
        const char *why = NULL;
        nwords = cmdline_split(c->command, c->command_len, &words, &why);
        if (nwords < 0) {
            char msg[200];
            snprintf(msg, sizeof msg, _("refused: %s"), _(why));
            log_info("refused command from %s (%s): %s", c->login, c->addr, why);
            finish_with(c, 2, msg);
            return;
        }
    }
    char **argv = xcalloc((size_t)nwords + 2, sizeof *argv);
    argv[0] = xstrdup("ejournal");
    for (int i = 0; i < nwords; i++)
        argv[i + 1] = xstrdup(words[i]);
    cmdline_free(words);
    if (nwords > 0) {
        char safe[128];
        log_info("exec for %s from %s: %s%s", c->login, c->addr, log_safe(argv[1], safe, sizeof safe),
                 nwords > 1 ? " …" : "");
    }

    const char *kind = c->pty ? "pty" : "exec";
    struct ej_error err;
    if (auth_db(c)) {
        if (db_auth_session_open(c->db, c->account_id, c->host, (int)getpid(), c->proc_start,
                                 c->addr, kind, &c->session_id, &err) != EJ_OK)
            log_warn("session record: %s", err.msg);
    }
    /* The application opens its own connection: this one is no longer needed. */
    auth_db_close(c);

    char **env = app_env(c);
    bool ok = c->pty ? spawn_pty(c, argv, env) : spawn_pipes(c, argv, env);
    free_strv(env);
    free_strv(argv);
    if (!ok) {
        finish_with(c, 3, _("the session could not be started: try again"));
        return;
    }
    alarm(0); /* the login is over: the grace time no longer applies */
}

/* ---- moving data ---- */

static void pump_input(struct conn *c)
{
    if (c->in_fd < 0)
        return;
    for (int rounds = 0; rounds < 64; rounds++) {
        if (c->inoff < c->inlen) {
            ssize_t n = write(c->in_fd, c->inbuf + c->inoff, c->inlen - c->inoff);
            if (n > 0) {
                c->inoff += (size_t)n;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            c->inoff = c->inlen = 0; /* the application stopped reading for good */
            c->in_pending = false;
            break;
        }
        c->inoff = c->inlen = 0;
        if (!c->in_pending || !c->chan || !connected(c))
            break;
        int n = ssh_channel_read_nonblocking(c->chan, c->inbuf, sizeof c->inbuf, 0);
        if (n > 0) {
            c->inlen = (size_t)n;
            c->last_input = time(NULL);
            continue;
        }
        c->in_pending = false; /* nothing more held (0), EOF or error */
        break;
    }
    /* The client's EOF reaches a command's stdin once everything before it did. */
    if (!c->pty && c->remote_eof && !c->in_pending && c->inoff >= c->inlen && !c->in_closed) {
        close(c->in_fd);
        c->in_fd = -1;
        c->in_closed = true;
    }
}

/* Hand data to the channel; returns how much it took. */
static size_t chan_write(struct conn *c, bool is_stderr, const char *buf, size_t len)
{
    if (!chan_usable(c))
        return len; /* nobody to read it: discard */
    int n = is_stderr ? ssh_channel_write_stderr(c->chan, buf, (uint32_t)len)
                      : ssh_channel_write(c->chan, buf, (uint32_t)len);
    if (n == SSH_ERROR)
        return len;
    return n > 0 ? (size_t)n : 0;
}

static void out_eof(struct conn *c, struct conn_out *o)
{
    o->eof = true;
    if (o->fd >= 0 && o->fd != c->master)
        close(o->fd);
    if (o->fd != c->master)
        o->fd = -1;
}

static void pump_output(struct conn *c)
{
    bool usable = chan_usable(c);
    for (int i = 0; i < 2; i++) {
        struct conn_out *o = &c->out[i];
        if (o->poff < o->plen) {
            o->poff += chan_write(c, o->is_stderr, o->pend + o->poff, o->plen - o->poff);
            if (o->poff < o->plen)
                continue;
        }
        o->poff = o->plen = 0;
        if (o->fd < 0 || o->eof)
            continue;
        for (int rounds = 0; rounds < 16; rounds++) {
            size_t room = sizeof o->pend;
            if (usable) {
                uint32_t win = ssh_channel_window_size(c->chan);
                if (win == 0)
                    break;
                if (win < room)
                    room = win;
            }
            ssize_t n = read(o->fd, o->pend, room);
            if (n > 0) {
                if (!c->pty)
                    c->last_input = time(NULL); /* a command at work is not idle */
                size_t took = chan_write(c, o->is_stderr, o->pend, (size_t)n);
                if (took < (size_t)n) {
                    o->plen = (size_t)n;
                    o->poff = took;
                    break;
                }
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n < 0 && errno == EINTR)
                continue;
            out_eof(c, o); /* 0, or EIO: the pty's last holder is gone */
            break;
        }
    }
}

/* ---- event registration of our descriptors ---- */

static int fd_cb(socket_t fd, int revents, void *userdata)
{
    (void)fd;
    (void)revents;
    (void)userdata;
    return 0; /* the work is done in channel_step() after the poll */
}

/* Our descriptors in the event, one registration per descriptor (libssh removes
 * every handle of a descriptor at once). */
static void watch_update(struct conn *c)
{
    struct { int fd; short events; } want[3] = { { -1, 0 }, { -1, 0 }, { -1, 0 } };
    int nw = 0;
    bool open = chan_usable(c);
    uint32_t win = open ? ssh_channel_window_size(c->chan) : 0;
    for (int i = 0; i < 2; i++) {
        struct conn_out *o = &c->out[i];
        if (o->fd >= 0 && !o->eof && o->poff >= o->plen && (win > 0 || !open)) {
            want[nw].fd = o->fd;
            want[nw++].events = POLLIN;
        }
    }
    if (c->in_fd >= 0 && c->inoff < c->inlen) {
        int k;
        for (k = 0; k < nw && want[k].fd != c->in_fd; k++)
            ;
        want[k].fd = c->in_fd;
        want[k].events |= POLLOUT;
        if (k == nw)
            nw++;
    }
    /* removals first, then additions */
    for (int i = 0; i < 3; i++) {
        if (c->watch[i].fd < 0)
            continue;
        bool keep = false;
        for (int k = 0; k < nw; k++)
            keep |= want[k].fd == c->watch[i].fd && want[k].events == c->watch[i].events;
        if (!keep) {
            ssh_event_remove_fd(c->event, c->watch[i].fd);
            c->watch[i].fd = -1;
            c->watch[i].events = 0;
        }
    }
    for (int k = 0; k < nw; k++) {
        bool have = false;
        for (int i = 0; i < 3; i++)
            have |= c->watch[i].fd == want[k].fd;
        if (have)
            continue;
        for (int i = 0; i < 3; i++) {
            if (c->watch[i].fd >= 0)
                continue;
            if (ssh_event_add_fd(c->event, want[k].fd, want[k].events, fd_cb, c) == SSH_OK) {
                c->watch[i].fd = want[k].fd;
                c->watch[i].events = want[k].events;
            }
            break;
        }
    }
}

/* ---- the end ---- */

void channel_terminate(struct conn *c, const char *reason, const char *msg)
{
    if (!c->end_reason || strcmp(c->end_reason, "closed") == 0)
        c->end_reason = reason;
    if (msg)
        channel_tell(c, msg);
    if (c->app > 0 && !c->app_reaped) {
        if (!c->hup_sent) {
            kill(-c->app, SIGHUP);
            kill(-c->app, SIGCONT);
            c->hup_sent = true;
            c->kill_at = time(NULL) + KILL_GRACE_S;
        }
    } else if (!c->finishing) {
        /* Nothing runs: close what is open and end. */
        if (chan_usable(c))
            finish_with(c, 1, NULL);
        else
            c->done = true;
    }
}

static void send_exit(struct conn *c)
{
    if (chan_usable(c)) {
        if (WIFSIGNALED(c->app_status)) {
            const char *name = sigabbrev_np(WTERMSIG(c->app_status));
            ssh_channel_request_send_exit_signal(c->chan, name ? name : "KILL",
                                                 WCOREDUMP(c->app_status) ? 1 : 0, "", "");
        } else {
            ssh_channel_request_send_exit_status(c->chan, WEXITSTATUS(c->app_status));
        }
        ssh_channel_send_eof(c->chan);
        ssh_channel_close(c->chan);
    } else if (c->chan && connected(c) && ssh_channel_is_open(c->chan)) {
        ssh_channel_close(c->chan);
    }
    c->finishing = true;
    c->finish_at = time(NULL);
}

static void record_end(struct conn *c)
{
    if (!c->session_id)
        return;
    /* A short alarm: a database that hangs must not keep this process. */
    alarm(15);
    struct ej_error err;
    if (auth_db(c)) {
        if (db_auth_session_close(c->db, c->session_id, c->end_reason ? c->end_reason : "closed",
                                  0, &err) != EJ_OK)
            log_warn("session record: %s", err.msg);
        auth_db_close(c);
    }
    alarm(0);
    c->session_id = 0;
}

static void close_fds(struct conn *c)
{
    for (int i = 0; i < 2; i++) {
        if (c->out[i].fd >= 0 && c->out[i].fd != c->master)
            close(c->out[i].fd);
        c->out[i].fd = -1;
    }
    if (c->in_fd >= 0 && c->in_fd != c->master)
        close(c->in_fd);
    c->in_fd = -1;
    if (c->master >= 0)
        close(c->master);
    c->master = -1;
}

void channel_step(struct conn *c)
{
    time_t now = time(NULL);
    bool up = connected(c);
    if (c->chan && !c->started && c->req != REQ_NONE && up && !c->remote_closed)
        start(c);
    if (c->notes[0] && c->started && chan_usable(c) && !c->finishing)
        flush_notes(c);

    if (c->app > 0) {
        if (!c->app_reaped) {
            int st;
            pid_t r = waitpid(c->app, &st, WNOHANG);
            if (r == c->app) {
                c->app_reaped = true;
                c->app_status = st;
                c->app_reaped_at = now;
            }
        }
        pump_input(c);
        pump_output(c);
        if (!c->app_reaped) {
            if ((!up || c->remote_closed) && !c->hup_sent)
                channel_terminate(c, up ? "closed" : "gone", NULL);
            if (c->pty && c->cfg->session_idle_disconnect > 0 && !c->hup_sent &&
                now - c->last_input >= c->cfg->session_idle_disconnect) {
                char msg[200];
                snprintf(msg, sizeof msg, _("The session was closed after %d min without activity."),
                         c->cfg->session_idle_disconnect / 60);
                channel_terminate(c, "idle", msg);
            }
            if (c->kill_at && now >= c->kill_at) {
                kill(-c->app, SIGKILL);
                kill(c->app, SIGKILL);
                c->kill_at = 0;
            }
        } else if (!c->finishing) {
            bool drained = (c->out[0].eof || c->out[0].fd < 0) &&
                           (c->out[1].eof || c->out[1].fd < 0) &&
                           c->out[0].poff >= c->out[0].plen && c->out[1].poff >= c->out[1].plen;
            if (drained || !up || c->remote_closed || now - c->app_reaped_at >= DRAIN_GRACE_S)
                send_exit(c);
        }
    }
    if (c->finishing && (c->remote_closed || !up || now - c->finish_at >= CLOSE_WAIT_S))
        c->done = true;
    if (!c->started && c->chan && c->remote_closed)
        c->done = true;
    if (c->done) {
        for (int i = 0; i < 3; i++)
            if (c->watch[i].fd >= 0 && c->event)
                ssh_event_remove_fd(c->event, c->watch[i].fd);
        record_end(c);
        close_fds(c);
    } else if (c->event) {
        watch_update(c);
    }
}

int channel_timeout_ms(const struct conn *c)
{
    time_t now = time(NULL);
    long best = 10000;
    if (!c->authenticated)
        return 1000;
    if (c->kill_at) {
        long ms = ((long)(c->kill_at - now)) * 1000;
        if (ms < best)
            best = ms;
    }
    if (c->app_reaped && !c->finishing)
        best = 200;
    if (c->finishing)
        best = 500;
    if (c->pty && c->app > 0 && !c->app_reaped && c->cfg->session_idle_disconnect > 0) {
        long ms = ((long)(c->last_input + c->cfg->session_idle_disconnect - now)) * 1000;
        if (ms < best)
            best = ms;
    }
    if (c->in_pending && c->in_fd >= 0 && c->inoff >= c->inlen)
        best = 0; /* libssh holds data and the application can take it */
    return best < 0 ? 0 : (int)best;
}
