/*
 * tests/bench/ejload — the load client of `make bench` (tests/bench/run.sh): real SSH
 * sessions through the libssh client API, each with its own libvterm screen, driving
 * the real `ejournal` behind ejournald or behind a private OpenSSH sshd.  A step is
 * "done" when its result is drawn on that screen (the home screen with the status line
 * «Последний вход» of its first update, the grid's «Итог» column, the status line
 * «Сохранено: …» that the grid writes only after COMMIT).  One thread per session: blocking libssh calls, no shared screen state.
 *
 *   ejload login    -p PORT -u LOGIN -n N         N logins one after another
 *   ejload marks    -p PORT -U USERS -s N -t SECS  N sessions, each a mark a second
 *   ejload burst    -p PORT -u LOGIN -n N         one session, N marks back to back
 *   ejload rush     -p PORT -U USERS -s N -w SECS  the 8:00 rush
 *   ejload open     -p PORT -u LOGIN -n N         open the journal of today's first lesson N times
 *   ejload bytes    -p PORT -u LOGIN              bytes on the wire: journal page, one mark
 *   ejload capacity -p PORT -U USERS -S SRVPID -c MAX   idle sessions until login p99 > 1 s
 *   ejload trips    -A ACCOUNT -C CONNINFO -b EJOURNAL  SQL round trips of opening a journal
 *   ejload local    -A ACCOUNT -C CONNINFO -b EJOURNAL -n N  the application alone, to home
 *
 * Common options: -h HOST (127.0.0.1), -k KEY (private key), -r ROWS, -x COLS (30×100),
 * -P PREFIX (the name of the figures printed).  Output: lines "FIG name value" that
 * run.sh gathers into docs/BENCHMARKS.md, "CAP …" lines (capacity steps), and "LOG …"
 * lines on stderr for its log.  USERS is a file with one login per line (teachers whose
 * journals take marks).  EJLOAD_DEBUG=1 logs the steps of each login and the screen
 * when a journal does not open; EJLOAD_HOLD=SECS keeps the capacity sessions open.
 *
 * Keys sent are what an xterm sends (through vterm's keyboard, as ejvt does), and the
 * times are CLOCK_MONOTONIC around the whole step: TCP connect, key exchange,
 * authentication, channel, pty, shell, the application's start and first draw.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <libssh/libssh.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#define T_LONG 60000 /* ms: a step that takes longer is an error */

static struct {
    const char *host, *key, *user, *users, *prefix, *conninfo, *bin;
    int port, n, sessions, secs, rows, cols, cap;
    long long account;
    pid_t srvpid;
} O = { "127.0.0.1", NULL, NULL, NULL, "x", NULL, NULL, 0, 100, 1, 30, 30, 100, 1500, 0, 0 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void fig(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fig(const char *name, const char *fmt, ...)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&mu);
    printf("FIG %s_%s ", O.prefix, name);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    pthread_mutex_unlock(&mu);
    va_end(ap);
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("LOG ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* "a_b" in a small per-thread ring of buffers (figure names). */
static char *ejname(const char *a, const char *b)
{
    static __thread char buf[8][128];
    static __thread int k;
    char *s = buf[k++ % 8];
    snprintf(s, 128, "%s_%s", a, b);
    return s;
}

/* ---- samples ---- */

struct samples {
    double *v;
    int n, cap;
    pthread_mutex_t mu;
};

static void sample_add(struct samples *s, double v)
{
    pthread_mutex_lock(&s->mu);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, (size_t)s->cap * sizeof *s->v);
        if (!s->v)
            abort();
    }
    s->v[s->n++] = v;
    pthread_mutex_unlock(&s->mu);
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile (p in 0..100) of s; sorts s. */
static double pct(struct samples *s, double p)
{
    if (s->n == 0)
        return 0;
    qsort(s->v, (size_t)s->n, sizeof *s->v, dcmp);
    int k = (int)(p / 100.0 * s->n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > s->n)
        k = s->n;
    return s->v[k - 1];
}

static void report(const char *name, struct samples *s)
{
    fig(ejname(name, "n"), "%d", s->n);
    fig(ejname(name, "p50_ms"), "%.1f", pct(s, 50));
    fig(ejname(name, "p99_ms"), "%.1f", pct(s, 99));
    fig(ejname(name, "max_ms"), "%.1f", s->n ? s->v[s->n - 1] : 0);
}

/* ---- one session: an SSH channel (or a local PTY) into a libvterm screen ---- */

struct sess {
    ssh_session ssh;
    ssh_channel ch;
    int ptyfd;      /* local mode (trips): the PTY master */
    pid_t pid;      /* local mode: the application */
    VTerm *vt;
    VTermScreen *vs;
    int rows, cols;
    long long app_rx;    /* channel payload bytes received */
    bool dead;
    char status[1024];   /* the last «Сохранено» status seen */
};

static void vt_out(const char *s, size_t len, void *user)
{
    struct sess *S = user;
    if (S->ch) {
        ssh_channel_write(S->ch, s, (uint32_t)len);
        return;
    }
    while (len > 0) {
        ssize_t n = write(S->ptyfd, s, len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

static void vt_attach(struct sess *S)
{
    S->vt = vterm_new(S->rows, S->cols);
    vterm_set_utf8(S->vt, 1);
    vterm_output_set_callback(S->vt, vt_out, S);
    S->vs = vterm_obtain_screen(S->vt);
    vterm_screen_reset(S->vs, 1);
}

/* Bytes the kernel received on the session's TCP socket (SSH framing, MAC and all). */
static long long wire_rx(struct sess *S)
{
    struct tcp_info ti;
    socklen_t len = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (!S->ssh || getsockopt(ssh_get_fd(S->ssh), IPPROTO_TCP, TCP_INFO, &ti, &len) != 0)
        return -1;
    return (long long)ti.tcpi_bytes_received;
}

static void sess_free(struct sess *S)
{
    if (S->ch) {
        ssh_channel_free(S->ch);
        S->ch = NULL;
    }
    if (S->ssh) {
        ssh_disconnect(S->ssh);
        ssh_free(S->ssh);
        S->ssh = NULL;
    }
    if (S->pid > 0) {
        kill(S->pid, SIGKILL);
        waitpid(S->pid, NULL, 0);
        close(S->ptyfd);
    }
    if (S->vt)
        vterm_free(S->vt);
    memset(S, 0, sizeof *S);
}

/* Connect, authenticate with the key, open a pty channel with a shell.  On failure
 * the reason is in why and false is returned (S freed). */
static bool sess_open(struct sess *S, const char *user, char *why, size_t whylen)
{
    memset(S, 0, sizeof *S);
    S->rows = O.rows;
    S->cols = O.cols;
    ssh_key key = NULL;
    if (ssh_pki_import_privkey_file(O.key, NULL, NULL, NULL, &key) != SSH_OK) {
        snprintf(why, whylen, "cannot read key %s", O.key);
        return false;
    }
    S->ssh = ssh_new();
    bool no = false;
    long timeout = 60;
    ssh_options_set(S->ssh, SSH_OPTIONS_HOST, O.host);
    ssh_options_set(S->ssh, SSH_OPTIONS_PORT, &O.port);
    ssh_options_set(S->ssh, SSH_OPTIONS_USER, user);
    ssh_options_set(S->ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
    ssh_options_set(S->ssh, SSH_OPTIONS_KEY_EXCHANGE, "curve25519-sha256");
    ssh_options_set(S->ssh, SSH_OPTIONS_HOSTKEYS, "ssh-ed25519");
    ssh_options_set(S->ssh, SSH_OPTIONS_CIPHERS_C_S, "chacha20-poly1305@openssh.com");
    ssh_options_set(S->ssh, SSH_OPTIONS_CIPHERS_S_C, "chacha20-poly1305@openssh.com");
    ssh_options_set(S->ssh, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(S->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    ssh_options_set(S->ssh, SSH_OPTIONS_TIMEOUT, &timeout);
    const char *step = "connect";
    double t0 = now_ms();
    if (ssh_connect(S->ssh) != SSH_OK)
        goto fail;
    double t1 = now_ms();
    step = "publickey";
    if (ssh_userauth_publickey(S->ssh, NULL, key) != SSH_AUTH_SUCCESS)
        goto fail;
    double t2 = now_ms();
    step = "channel";
    S->ch = ssh_channel_new(S->ssh);
    if (!S->ch || ssh_channel_open_session(S->ch) != SSH_OK)
        goto fail;
    double t3 = now_ms();
    step = "pty";
    if (ssh_channel_request_pty_size(S->ch, "xterm-256color", S->cols, S->rows) != SSH_OK)
        goto fail;
    step = "shell";
    if (ssh_channel_request_shell(S->ch) != SSH_OK)
        goto fail;
    if (getenv("EJLOAD_DEBUG"))
        logf_("connect+kex %.1f ms, auth %.1f ms, channel %.1f ms, pty+shell %.1f ms", t1 - t0,
              t2 - t1, t3 - t2, now_ms() - t3);
    ssh_key_free(key);
    vt_attach(S);
    return true;
fail:
    snprintf(why, whylen, "%s %s: %s", user, step, ssh_get_error(S->ssh));
    ssh_key_free(key);
    sess_free(S);
    return false;
}

/* Local mode: EJOURNAL on a PTY with the environment ejournald would give it. */
static bool sess_local(struct sess *S, const char *strace_out)
{
    memset(S, 0, sizeof *S);
    S->rows = O.rows;
    S->cols = O.cols;
    struct winsize ws = { .ws_row = (unsigned short)S->rows, .ws_col = (unsigned short)S->cols };
    S->pid = forkpty(&S->ptyfd, NULL, NULL, &ws);
    if (S->pid < 0)
        return false;
    if (S->pid == 0) {
        char acc[32];
        snprintf(acc, sizeof acc, "%lld", O.account);
        setenv("EJ_ACCOUNT", acc, 1);
        setenv("EJ_CONNINFO", O.conninfo, 1);
        setenv("EJ_CLIENT_ADDR", "127.0.0.1", 1);
        setenv("EJ_IDLE_LOCK", "0", 1);
        setenv("EJ_IDLE_DISCONNECT", "0", 1);
        setenv("TERM", "xterm-256color", 1);
        if (strace_out)
            execlp("strace", "strace", "-f", "-qq", "-e", "trace=sendto,sendmsg", "-o", strace_out,
                   O.bin, (char *)NULL);
        else
            execl(O.bin, "ejournal", (char *)NULL);
        _exit(127);
    }
    fcntl(S->ptyfd, F_SETFL, fcntl(S->ptyfd, F_GETFL) | O_NONBLOCK);
    vt_attach(S);
    return true;
}

/* Read what arrives for up to ms (at least one read attempt) into the screen. */
static void sess_pump(struct sess *S, int ms)
{
    char buf[32768];
    if (S->dead)
        return;
    if (!S->ch) {
        struct pollfd p = { S->ptyfd, POLLIN, 0 };
        if (poll(&p, 1, ms) > 0) {
            for (;;) {
                ssize_t n = read(S->ptyfd, buf, sizeof buf);
                if (n > 0) {
                    vterm_input_write(S->vt, buf, (size_t)n);
                    S->app_rx += n;
                    continue;
                }
                if (n == 0 || errno != EAGAIN)
                    S->dead = n == 0 || errno != EINTR;
                break;
            }
        }
        return;
    }
    int n = ssh_channel_read_timeout(S->ch, buf, sizeof buf, 0, ms);
    while (n > 0) {
        vterm_input_write(S->vt, buf, (size_t)n);
        S->app_rx += n;
        n = ssh_channel_read_nonblocking(S->ch, buf, sizeof buf, 0);
    }
    if (n == SSH_ERROR || ssh_channel_is_eof(S->ch) || !ssh_channel_is_open(S->ch))
        S->dead = true;
}

/* One row of the screen as UTF-8 (buf of at least cols*4+1). */
static void sess_row(struct sess *S, int row, char *out)
{
    size_t len = 0;
    for (int c = 0; c < S->cols; c++) {
        VTermScreenCell cell;
        VTermPos pos = { row, c };
        if (!vterm_screen_get_cell(S->vs, pos, &cell) || cell.width == 0)
            continue;
        uint32_t cp = cell.chars[0] ? cell.chars[0] : ' ';
        if (cp < 0x80) {
            out[len++] = (char)cp;
        } else if (cp < 0x800) {
            out[len++] = (char)(0xc0 | (cp >> 6));
            out[len++] = (char)(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out[len++] = (char)(0xe0 | (cp >> 12));
            out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            out[len++] = (char)(0x80 | (cp & 0x3f));
        }
        if (cell.width == 2)
            c++;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
}

/* The row that holds text, copied to out (may be NULL), or -1. */
static int sess_find(struct sess *S, const char *text, char *out)
{
    char row[1024];
    for (int r = 0; r < S->rows; r++) {
        sess_row(S, r, row);
        if (strstr(row, text)) {
            if (out)
                strcpy(out, row);
            return r;
        }
    }
    return -1;
}

static bool sess_wait(struct sess *S, const char *text, int timeout_ms)
{
    double end = now_ms() + timeout_ms;
    while (sess_find(S, text, NULL) < 0) {
        double left = end - now_ms();
        if (left <= 0 || S->dead)
            return false;
        sess_pump(S, left > 200 ? 200 : (int)left + 1);
    }
    return true;
}

/* Wait until a status «Сохранено: …» different from the last one seen is drawn;
 * false on a timeout or on any other new status line (a refusal, «НЕ сохранено»),
 * whose text is then in S->status.  Only the status line (the row above the F-key bar)
 * is read, and only when bytes have arrived since it was last read: 200 sessions share
 * the two cores with the servers, and reading the whole screen after every packet was
 * most of this client's CPU per mark. */
static bool sess_wait_saved(struct sess *S, const char *before, int timeout_ms)
{
    double end = now_ms() + timeout_ms;
    char row[1024];
    long long seen = -1;
    for (;;) {
        if (S->app_rx != seen) {
            seen = S->app_rx;
            sess_row(S, S->rows - 2, row);
            bool saved = strstr(row, "Сохранено:") != NULL;
            if (saved && strcmp(row, S->status) != 0) {
                snprintf(S->status, sizeof S->status, "%s", row);
                return true;
            }
            if (!saved && strcmp(row, before) != 0) {
                snprintf(S->status, sizeof S->status, "%s", row);
                return false;
            }
        }
        double left = end - now_ms();
        if (left <= 0 || S->dead) {
            snprintf(S->status, sizeof S->status, "%s", S->dead ? "session ended" : "timeout");
            return false;
        }
        sess_pump(S, left > 200 ? 200 : (int)left + 1);
    }
}

/* Read on until nothing more arrives for quiet_ms. */
static void sess_quiet(struct sess *S, int quiet_ms)
{
    long long before;
    do {
        before = S->app_rx;
        sess_pump(S, quiet_ms);
    } while (S->app_rx != before && !S->dead);
}

static void sess_key(struct sess *S, VTermKey k)
{
    vterm_keyboard_key(S->vt, k, VTERM_MOD_NONE);
}

static void sess_text(struct sess *S, const char *text)
{
    vt_out(text, strlen(text), S);
}

/* The home screen is drawn: the status line that the application sets before its first
 * draw (the home screen's lists and the F-key bar go out in the same update). */
#define HOME_TEXT "Последний вход"
#define GRID_TEXT "Итог"

/* Log in and wait for the home screen; the time from TCP connect to drawn in *ms. */
static bool login(struct sess *S, const char *user, double *ms, char *why, size_t whylen)
{
    double t0 = now_ms();
    if (!sess_open(S, user, why, whylen))
        return false;
    double t1 = now_ms();
    if (getenv("EJLOAD_DEBUG")) {
        while (S->app_rx == 0 && !S->dead && now_ms() - t1 < T_LONG)
            sess_pump(S, 50);
        logf_("shell to first byte %.1f ms", now_ms() - t1);
    }
    if (!sess_wait(S, HOME_TEXT, T_LONG)) {
        char row[1024];
        sess_row(S, 0, row);
        row[200] = '\0';
        snprintf(why, whylen, "%s: home screen not drawn (top row: %.200s)", user, row);
        sess_free(S);
        return false;
    }
    *ms = now_ms() - t0;
    if (getenv("EJLOAD_DEBUG"))
        logf_("shell to home drawn %.1f ms, login %.1f ms", now_ms() - t1, *ms);
    return true;
}

/* From the home screen: Enter on the first journal of the list «Мои журналы». */
/* The row of the home list's cursor (reverse video or a coloured background in the
 * first columns), or -1. */
static int sess_cursor_row(struct sess *S)
{
    for (int r = 1; r < S->rows - 2; r++) {
        VTermScreenCell cell;
        VTermPos pos = { r, 3 };
        if (vterm_screen_get_cell(S->vs, pos, &cell) &&
            (cell.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg)))
            return r;
    }
    return -1;
}

/* Wait up to ms for the cursor to be drawn on a row other than prev; its row or -1. */
static int cursor_moved(struct sess *S, int prev, int ms)
{
    double end = now_ms() + ms;
    int r;
    while (((r = sess_cursor_row(S)) < 0 || r == prev) && now_ms() < end && !S->dead)
        sess_pump(S, 20);
    return r;
}

/* From the home screen, open the journal at the first item of the list: today's
 * first lesson (what a teacher does at 8:00; the lesson stays selected when the list
 * reloads because of other sessions' writes).  The time from Enter to the grid drawn
 * in *ms (may be NULL). */
static bool open_first_journal(struct sess *S, double *ms)
{
    if (cursor_moved(S, -2, 5000) < 0)
        return false;
    double t0 = now_ms();
    sess_key(S, VTERM_KEY_ENTER);
    bool ok = sess_wait(S, GRID_TEXT, T_LONG);
    if (ms)
        *ms = now_ms() - t0;
    if (!ok && getenv("EJLOAD_DEBUG")) {
        char row[1024];
        for (int k = 0; k < S->rows; k++) {
            sess_row(S, k, row);
            logf_("%2d%c %s", k, k == sess_cursor_row(S) ? '>' : ' ', row);
        }
    }
    return ok;
}

/* In the grid: a lesson outside the timetable today (F7, Enter), the cursor on the
 * first pupil: a fresh, empty column. */
static bool fresh_column(struct sess *S)
{
    vterm_keyboard_key(S->vt, VTERM_KEY_FUNCTION(7), VTERM_MOD_NONE);
    if (!sess_wait(S, "Урок вне расписания", T_LONG))
        return false;
    sess_key(S, VTERM_KEY_ENTER);
    if (!sess_wait(S, "Урок добавлен", T_LONG))
        return false;
    sess_key(S, VTERM_KEY_PAGEUP);
    sess_quiet(S, 50);
    return true;
}

/* Type one mark; consecutive marks differ so that the status line changes even when
 * the cursor stays on the last pupil. */
static bool type_mark(struct sess *S, int i, double *ms)
{
    static const char *vals[] = { "5", "4", "3", "5", "4", "2" };
    char before[1024];
    sess_row(S, S->rows - 2, before);
    double t0 = now_ms();
    sess_text(S, vals[i % 6]);
    bool ok = sess_wait_saved(S, before, 15000);
    *ms = now_ms() - t0;
    return ok;
}

/* ---- users ---- */

static char **users;
static int nusers;

static void load_users(void)
{
    if (!O.users)
        return;
    FILE *f = fopen(O.users, "r");
    if (!f) {
        perror(O.users);
        exit(2);
    }
    char line[256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        users = realloc(users, (size_t)(nusers + 1) * sizeof *users);
        users[nusers++] = strdup(line);
    }
    fclose(f);
}

static const char *user_at(int i)
{
    if (O.user)
        return O.user;
    if (nusers == 0) {
        fprintf(stderr, "ejload: no users (-u or -U)\n");
        exit(2);
    }
    return users[i % nusers];
}

/* ---- scenarios ---- */

static int cmd_login(void)
{
    struct samples s = { .mu = PTHREAD_MUTEX_INITIALIZER };
    int errors = 0;
    for (int i = 0; i < O.n; i++) {
        struct sess S;
        double ms;
        char why[512];
        if (!login(&S, user_at(i), &ms, why, sizeof why)) {
            logf_("login %d: %s", i, why);
            errors++;
            continue;
        }
        sample_add(&s, ms);
        sess_free(&S);
    }
    report("login", &s);
    fig("login_errors", "%d", errors);
    return 0;
}

static int cmd_burst(void)
{
    struct samples s = { .mu = PTHREAD_MUTEX_INITIALIZER };
    struct sess S;
    double ms;
    char why[512];
    if (!login(&S, user_at(0), &ms, why, sizeof why)) {
        logf_("%s", why);
        return 1;
    }
    if (!open_first_journal(&S, NULL) || !fresh_column(&S)) {
        logf_("burst: cannot open a fresh column");
        return 1;
    }
    int errors = 0;
    for (int i = 0; i < O.n; i++) {
        if (!type_mark(&S, i, &ms)) {
            logf_("burst: mark not saved: %s", S.status);
            errors++;
        } else {
            sample_add(&s, ms);
            if (getenv("EJLOAD_TRACE"))
                logf_("mark 0 %d %.1f", i, ms);
        }
        sess_quiet(&S, 20);
    }
    report("mark1", &s);
    fig("mark1_errors", "%d", errors);
    sess_free(&S);
    return 0;
}

/* Shared by marks and rush. */
struct worker {
    pthread_t th;
    int idx;
    double start_at;       /* ms on the common clock when this session starts */
    int ok_marks, errors;
};
static struct samples st_login, st_open, st_lesson, st_mark, st_topic, st_mark_warm;
static volatile int stop_flag;
static int marks_per_session = 30;
static int total_errors;
static pthread_mutex_t err_mu = PTHREAD_MUTEX_INITIALIZER;

static void werr_s(struct worker *w, const char *what, struct sess *S)
{
    char row[1024] = "";
    if (S && S->vt)
        sess_row(S, S->rows - 2, row);
    logf_("session %d (%s): %s; status line: %s", w->idx, user_at(w->idx), what, row);
}

static void werr(struct worker *w, const char *what)
{
    w->errors++;
    pthread_mutex_lock(&err_mu);
    total_errors++;
    pthread_mutex_unlock(&err_mu);
    logf_("session %d (%s): %s", w->idx, user_at(w->idx), what);
}

static void sleep_until(double t)
{
    for (;;) {
        double d = t - now_ms();
        if (d <= 0)
            return;
        long long us = (long long)(d * 1000);
        struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
        nanosleep(&ts, NULL);
    }
}

/* A moment of the second in [0, 1000) ms for session idx: splitmix64 of idx. */
static double phase_ms(int idx)
{
    uint64_t z = (uint64_t)idx + 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z % 1000000) / 1000;
}

/* 200 typing sessions: each logs in, opens a fresh column, then waits for the common
 * start and types one mark a second for O.secs seconds. */
static volatile int ready_count, typed_count;
static double typing_start;

static void *typing_worker(void *arg)
{
    struct worker *w = arg;
    struct sess S;
    double ms;
    char why[512];
    sleep_until(w->start_at);
    if (!login(&S, user_at(w->idx), &ms, why, sizeof why)) {
        werr(w, why);
        __sync_fetch_and_add(&ready_count, 1);
        __sync_fetch_and_add(&typed_count, 1);
        return NULL;
    }
    if (!open_first_journal(&S, NULL) || !fresh_column(&S)) {
        werr(w, "no fresh column");
        __sync_fetch_and_add(&ready_count, 1);
        __sync_fetch_and_add(&typed_count, 1);
        sess_free(&S);
        return NULL;
    }
    __sync_fetch_and_add(&ready_count, 1);
    while (typing_start == 0 && !S.dead)
        sess_pump(&S, 100);
    /* Each session types at its own moment of the second, drawn at random (the same
     * draw in every run), as independent typists do: some fall close together.  (Until
     * 2026-11-29 it was idx × 997 mod 1000, which put 200 sessions 3 ms apart into the
     * last 0.6 s of every second: 333 marks a second for 0.6 s, then none.) */
    double t = typing_start + phase_ms(w->idx);
    for (int i = 0; i < O.secs; i++, t += 1000) {
        while (now_ms() < t && !S.dead)
            sess_pump(&S, (int)(t - now_ms()) + 1);
        double sent = now_ms();
        if (!type_mark(&S, i, &ms)) {
            char m[1100];
            snprintf(m, sizeof m, "mark not saved: %s", S.status);
            werr(w, m);
            if (w->errors >= 3)
                break;
        } else {
            sample_add(&st_mark, ms);
            if (getenv("EJLOAD_TRACE")) /* session, mark, sent (ms since the start), took */
                logf_("mark %d %d %.0f %.1f", w->idx, i, sent - typing_start, ms);
            if (i >= 5)
                sample_add(&st_mark_warm, ms);
            w->ok_marks++;
        }
    }
    /* Stay until every session has typed its marks: the measured seconds are 200
     * sessions typing, not some of them logging out (closing is not this scenario's). */
    __sync_fetch_and_add(&typed_count, 1);
    while (typed_count < O.sessions && !S.dead)
        sess_pump(&S, 100);
    sess_free(&S);
    return NULL;
}

static pthread_attr_t small_stack(void)
{
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 512 * 1024);
    return a;
}

static int cmd_marks(void)
{
    load_users();
    struct worker *ws = calloc((size_t)O.sessions, sizeof *ws);
    pthread_attr_t a = small_stack();
    double t0 = now_ms();
    /* Log the sessions in, five a second (faster logins overload the 2 cores). */
    for (int i = 0; i < O.sessions; i++) {
        ws[i].idx = i;
        ws[i].start_at = t0 + i * 200.0;
        pthread_create(&ws[i].th, &a, typing_worker, &ws[i]);
    }
    while (ready_count < O.sessions)
        usleep(100000);
    logf_("marks: %d sessions ready in %.1f s, %d errors", O.sessions, (now_ms() - t0) / 1000,
          total_errors);
    typing_start = now_ms() + 500;
    if (getenv("EJLOAD_TRACE")) /* to line the marks up with a profile (perf -k CLOCK_MONOTONIC) */
        logf_("typing starts at %.3f s of CLOCK_MONOTONIC", typing_start / 1000);
    int ok = 0;
    for (int i = 0; i < O.sessions; i++) {
        pthread_join(ws[i].th, NULL);
        ok += ws[i].ok_marks;
    }
    char n[64];
    snprintf(n, sizeof n, "mark%d", O.sessions);
    report(n, &st_mark);
    /* Without each session's first five marks (its backend's first executions). */
    char w[64];
    snprintf(w, sizeof w, "mark%d_warm", O.sessions);
    report(w, &st_mark_warm);
    fig(ejname(n, "errors"), "%d", total_errors);
    fig(ejname(n, "saved"), "%d", ok);
    free(ws);
    return 0;
}

/* The rush: session i starts at i × window / N, logs in, opens a journal, adds a
 * lesson, types 15 marks, adds a second lesson, 15 more marks, and the topic of the
 * last lesson (Enter on the column opens the lesson form; F2 saves; Esc back). */
static void *rush_worker(void *arg)
{
    struct worker *w = arg;
    struct sess S;
    double ms, t;
    char why[512];
    sleep_until(w->start_at);
    if (!login(&S, user_at(w->idx), &ms, why, sizeof why)) {
        werr(w, why);
        return NULL;
    }
    sample_add(&st_login, ms);
    if (!open_first_journal(&S, &ms)) {
        werr(w, "journal not opened");
        goto out;
    }
    sample_add(&st_open, ms);
    for (int half = 0; half < 2; half++) {
        t = now_ms();
        if (!fresh_column(&S)) {
            werr_s(w, "lesson not added", &S);
            werr(w, "lesson not added");
            goto out;
        }
        sample_add(&st_lesson, now_ms() - t);
        for (int i = 0; i < marks_per_session / 2; i++) {
            if (!type_mark(&S, i, &ms)) {
                char m[1100];
                snprintf(m, sizeof m, "mark not saved: %s", S.status);
                werr(w, m);
                if (w->errors >= 3)
                    goto out;
                continue;
            }
            sample_add(&st_mark, ms);
            w->ok_marks++;
        }
    }
    t = now_ms();
    sess_key(&S, VTERM_KEY_ENTER);
    if (!sess_wait(&S, "Тема урока", T_LONG)) {
        werr(w, "lesson form not opened");
        goto out;
    }
    sess_text(&S, "Повторение пройденного");
    vterm_keyboard_key(S.vt, VTERM_KEY_FUNCTION(2), VTERM_MOD_NONE);
    if (!sess_wait(&S, "Урок сохранён", T_LONG)) {
        werr(w, "topic not saved");
        goto out;
    }
    sample_add(&st_topic, now_ms() - t);
out:
    sess_free(&S);
    return NULL;
}

static int cmd_rush(void)
{
    load_users();
    struct worker *ws = calloc((size_t)O.sessions, sizeof *ws);
    pthread_attr_t a = small_stack();
    double t0 = now_ms() + 200;
    for (int i = 0; i < O.sessions; i++) {
        ws[i].idx = i;
        ws[i].start_at = t0 + (double)i * O.secs * 1000.0 / O.sessions;
        pthread_create(&ws[i].th, &a, rush_worker, &ws[i]);
    }
    int typed = 0;
    for (int i = 0; i < O.sessions; i++) {
        pthread_join(ws[i].th, NULL);
        typed += ws[i].ok_marks;
    }
    fig("rush_seconds", "%.1f", (now_ms() - t0) / 1000);
    report("rush_login", &st_login);
    report("rush_open", &st_open);
    report("rush_lesson", &st_lesson);
    report("rush_mark", &st_mark);
    report("rush_topic", &st_topic);
    fig("rush_errors", "%d", total_errors);
    fig("rush_marks_shown_saved", "%d", typed);
    free(ws);
    return 0;
}

static int cmd_open(void)
{
    struct samples s = { .mu = PTHREAD_MUTEX_INITIALIZER };
    struct sess S;
    double ms;
    char why[512];
    if (!login(&S, user_at(0), &ms, why, sizeof why)) {
        logf_("%s", why);
        return 1;
    }
    int errors = 0;
    for (int i = 0; i < O.n; i++) {
        if (!open_first_journal(&S, &ms)) {
            errors++;
            break;
        }
        sample_add(&s, ms);
        sess_quiet(&S, 30);
        sess_key(&S, VTERM_KEY_ESCAPE);
        if (!sess_wait(&S, HOME_TEXT, T_LONG)) {
            errors++;
            break;
        }
        sess_quiet(&S, 100);
    }
    report("open", &s);
    fig("open_errors", "%d", errors);
    sess_free(&S);
    return errors != 0;
}

static int cmd_bytes(void)
{
    struct sess S;
    double ms;
    char why[512];
    if (!login(&S, user_at(0), &ms, why, sizeof why)) {
        logf_("%s", why);
        return 1;
    }
    sess_quiet(&S, 300);
    long long w0 = wire_rx(&S), a0 = S.app_rx;
    if (!open_first_journal(&S, NULL))
        return 1;
    sess_quiet(&S, 300);
    long long w1 = wire_rx(&S), a1 = S.app_rx;
    fig("open_wire_bytes", "%lld", w1 - w0);
    fig("open_tty_bytes", "%lld", a1 - a0);
    if (!fresh_column(&S))
        return 1;
    sess_quiet(&S, 300);
    long long wm = 0, am = 0;
    int n = 10;
    for (int i = 0; i < n; i++) {
        w0 = wire_rx(&S);
        a0 = S.app_rx;
        if (!type_mark(&S, i, &ms))
            return 1;
        sess_quiet(&S, 200);
        wm += wire_rx(&S) - w0;
        am += S.app_rx - a0;
    }
    fig("mark_wire_bytes", "%lld", wm / n);
    fig("mark_tty_bytes", "%lld", am / n);
    sess_free(&S);
    return 0;
}

/* ---- capacity ---- */

struct idle {
    pthread_t th;
    int idx;
    volatile int state; /* 0 starting, 1 up, 2 failed, 3 ended */
};
static volatile int idle_stop;

static void *idle_worker(void *arg)
{
    struct idle *d = arg;
    struct sess S;
    double ms;
    char why[512];
    if (!login(&S, user_at(d->idx), &ms, why, sizeof why)) {
        logf_("idle %d: %s", d->idx, why);
        d->state = 2;
        return NULL;
    }
    d->state = 1;
    while (!idle_stop && !S.dead)
        sess_pump(&S, 1000);
    if (S.dead && !idle_stop)
        logf_("idle %d: the session ended", d->idx);
    d->state = 3;
    sess_free(&S);
    return NULL;
}

static long long meminfo(const char *key)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long long v = -1;
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':')
            v = atoll(line + kl + 1);
    if (f)
        fclose(f);
    return v; /* kB */
}

static long long pss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    long long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "Pss:", 4) == 0)
            v = atoll(line + 4);
    if (f)
        fclose(f);
    return v;
}

/* PSS of the session processes: ejournald's per-connection processes (children of
 * the listener), the ejournal applications, the PostgreSQL backends of ej_app. */
static void session_pss(long long *conn, long long *app, long long *pg, int *nconn, int *napp,
                        int *npg)
{
    *conn = *app = *pg = 0;
    *nconn = *napp = *npg = 0;
    FILE *ls = popen("ls /proc", "r");
    char name[64];
    while (ls && fgets(name, sizeof name, ls)) {
        int pid = atoi(name);
        if (pid <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        char *rp = strrchr(buf, ')');
        char *lp = strchr(buf, '(');
        if (!rp || !lp)
            continue;
        char comm[32];
        snprintf(comm, sizeof comm, "%.*s", (int)(rp - lp - 1), lp + 1);
        int ppid = 0;
        char state;
        if (sscanf(rp + 2, "%c %d", &state, &ppid) != 2)
            continue;
        snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
        f = fopen(path, "r");
        n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = '\0';
        if (ppid == O.srvpid) {
            *conn += pss_kb(pid);
            (*nconn)++;
        } else if (strcmp(comm, "ejournal") == 0) {
            *app += pss_kb(pid);
            (*napp)++;
        } else if (strncmp(buf, "postgres: ej_app", 16) == 0) {
            *pg += pss_kb(pid);
            (*npg)++;
        }
    }
    if (ls)
        pclose(ls);
}

/* Figures PREFIX_pss_{conn,app,pg,total}_kib: PSS per session of n sessions up. */
static void pss_figs(const char *prefix, int n)
{
    long long conn, app, pg;
    int nconn, napp, npg;
    session_pss(&conn, &app, &pg, &nconn, &napp, &npg);
    char name[64];
    double d = n > 0 ? n : 1;
    snprintf(name, sizeof name, "%s_pss_conn_kib", prefix);
    fig(name, "%.0f", conn / d);
    snprintf(name, sizeof name, "%s_pss_app_kib", prefix);
    fig(name, "%.0f", app / d);
    snprintf(name, sizeof name, "%s_pss_pg_kib", prefix);
    fig(name, "%.0f", pg / d);
    snprintf(name, sizeof name, "%s_pss_total_kib", prefix);
    fig(name, "%.0f", (conn + app + pg) / d);
    snprintf(name, sizeof name, "%s_procs", prefix);
    fig(name, "%d/%d/%d", nconn, napp, npg);
}

static int cmd_capacity(void)
{
    load_users();
    struct idle *ds = calloc((size_t)O.cap, sizeof *ds);
    pthread_attr_t a = small_stack();
    int level = 0, step = 100, reached = 0;
    double last_p99 = 0;
    long long mem0 = meminfo("MemAvailable");
    while (level < O.cap) {
        int target = level + step > O.cap ? O.cap : level + step;
        double t0 = now_ms();
        /* Start the batch 8 at a time. */
        for (int i = level; i < target; i += 8) {
            for (int j = i; j < target && j < i + 8; j++) {
                ds[j].idx = j;
                pthread_create(&ds[j].th, &a, idle_worker, &ds[j]);
            }
            for (int j = i; j < target && j < i + 8; j++)
                while (ds[j].state == 0)
                    usleep(2000);
        }
        int up = 0, failed = 0;
        for (int j = 0; j < target; j++) {
            up += ds[j].state == 1;
            failed += ds[j].state == 2;
        }
        level = target;
        /* Probe: 20 logins (other accounts), each ended at once. */
        struct samples s = { .mu = PTHREAD_MUTEX_INITIALIZER };
        int perr = 0;
        for (int i = 0; i < 20; i++) {
            struct sess S;
            double ms;
            char why[512];
            if (!login(&S, user_at(O.cap + i), &ms, why, sizeof why)) {
                perr++;
                logf_("probe: %s", why);
                continue;
            }
            sample_add(&s, ms);
            sess_free(&S);
        }
        double p50 = pct(&s, 50), p99 = perr ? 1e9 : pct(&s, 99);
        long long avail = meminfo("MemAvailable");
        logf_("capacity: %d sessions up (%d failed) in %.1f s; login p50 %.0f ms p99 %.0f ms; "
              "MemAvailable %lld MiB",
              up, failed, (now_ms() - t0) / 1000, p50, p99, avail / 1024);
        printf("CAP %d %.1f %.1f %lld\n", up, p50, p99, avail / 1024);
        fflush(stdout);
        free(s.v);
        if (failed > 0 || p99 > 1000 || avail < 1024 * 1024) {
            logf_("capacity: stop (failed %d, p99 %.0f ms, MemAvailable %lld MiB)", failed, p99,
                  avail / 1024);
            break;
        }
        reached = up;
        last_p99 = p99;
        if (level == step) /* the first hundred, just logged in: each holds its connection */
            pss_figs("cap_active", up);
    }
    /* Idle: past session.db_release (60 s by default), when a session has given its
     * database connection back. */
    int wait = getenv("EJLOAD_IDLE_WAIT") ? atoi(getenv("EJLOAD_IDLE_WAIT")) : 65;
    logf_("capacity: %d s idle before measuring memory", wait);
    fig("cap_idle_wait_s", "%d", wait);
    sleep((unsigned)wait);
    int up = 0;
    for (int j = 0; j < level; j++)
        up += ds[j].state == 1;
    fig("cap_sessions", "%d", reached);
    fig("cap_login_p99_ms", "%.1f", last_p99);
    fig("cap_limit", "%d", O.cap);
    fig("cap_pss_sessions", "%d", up);
    pss_figs("cap", up);
    fig("cap_memavailable_used_mib", "%lld", (mem0 - meminfo("MemAvailable")) / 1024);
    /* EJLOAD_HOLD=SECS keeps the idle sessions that long (for an experiment beside). */
    if (getenv("EJLOAD_HOLD"))
        sleep((unsigned)atoi(getenv("EJLOAD_HOLD")));
    idle_stop = 1;
    for (int j = 0; j < level; j++)
        pthread_join(ds[j].th, NULL);
    free(ds);
    return 0;
}

/* ---- SQL round trips: the application on a local PTY under strace ---- */

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    int n = 0, c;
    while (f && (c = getc(f)) != EOF)
        n += c == '\n';
    if (f)
        fclose(f);
    return n;
}

static int cmd_trips(void)
{
    char out[256];
    snprintf(out, sizeof out, "/tmp/ejload-strace.%d", (int)getpid());
    struct sess S;
    if (!sess_local(&S, out))
        return 1;
    if (!sess_wait(&S, HOME_TEXT, T_LONG)) {
        logf_("trips: no home screen");
        return 1;
    }
    sess_quiet(&S, 500);
    /* The first opening in a connection: the grid, then (drawn, no key for a moment)
     * the warm-up of the connection's write path, once per connection. */
    int before = count_lines(out);
    if (!open_first_journal(&S, NULL)) {
        logf_("trips: no grid");
        return 1;
    }
    sess_quiet(&S, 500);
    int first = count_lines(out) - before;
    /* Every opening: back to the home screen, and the same journal again. */
    sess_key(&S, VTERM_KEY_ESCAPE);
    if (!sess_wait(&S, HOME_TEXT, T_LONG)) {
        logf_("trips: no home screen after Esc");
        return 1;
    }
    sess_quiet(&S, 500);
    before = count_lines(out);
    if (!open_first_journal(&S, NULL)) {
        logf_("trips: no grid the second time");
        return 1;
    }
    sess_quiet(&S, 500);
    int again = count_lines(out) - before;
    fig("open_sql_roundtrips", "%d", again);
    fig("open_warm_roundtrips", "%d", first - again);
    /* One mark: the write and the grid's re-read. */
    if (!fresh_column(&S))
        return 1;
    sess_quiet(&S, 500);
    before = count_lines(out);
    double ms;
    if (!type_mark(&S, 0, &ms))
        return 1;
    sess_quiet(&S, 500);
    fig("mark_sql_roundtrips", "%d", count_lines(out) - before);
    sess_free(&S);
    unlink(out);
    return 0;
}

/* The application alone: started on a local PTY (no SSH), time to the home screen. */
static int cmd_local(void)
{
    struct samples s = { .mu = PTHREAD_MUTEX_INITIALIZER };
    for (int i = 0; i < O.n; i++) {
        struct sess S;
        double t0 = now_ms();
        if (!sess_local(&S, NULL))
            return 1;
        if (!sess_wait(&S, HOME_TEXT, T_LONG)) {
            logf_("local: no home screen");
            return 1;
        }
        sample_add(&s, now_ms() - t0);
        sess_free(&S);
    }
    report("app_start", &s);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: ejload login|burst|marks|rush|open|bytes|capacity|trips [options]\n"
                    "(see the comment at the top of tests/bench/ejload.c)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    const char *cmd = argv[1];
    int c;
    optind = 2;
    while ((c = getopt(argc, argv, "h:p:u:U:n:s:t:w:k:r:x:P:c:S:A:C:b:")) != -1) {
        switch (c) {
        case 'h': O.host = optarg; break;
        case 'p': O.port = atoi(optarg); break;
        case 'u': O.user = optarg; break;
        case 'U': O.users = optarg; break;
        case 'n': O.n = atoi(optarg); break;
        case 's': O.sessions = atoi(optarg); break;
        case 't':
        case 'w': O.secs = atoi(optarg); break;
        case 'k': O.key = optarg; break;
        case 'r': O.rows = atoi(optarg); break;
        case 'x': O.cols = atoi(optarg); break;
        case 'P': O.prefix = optarg; break;
        case 'c': O.cap = atoi(optarg); break;
        case 'S': O.srvpid = atoi(optarg); break;
        case 'A': O.account = atoll(optarg); break;
        case 'C': O.conninfo = optarg; break;
        case 'b': O.bin = optarg; break;
        default: usage();
        }
    }
    signal(SIGPIPE, SIG_IGN);
    ssh_init();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (strcmp(cmd, "trips") != 0 && strcmp(cmd, "local") != 0 && !O.key)
        usage();
    if (strcmp(cmd, "login") == 0)
        return cmd_login();
    if (strcmp(cmd, "burst") == 0)
        return cmd_burst();
    if (strcmp(cmd, "marks") == 0)
        return cmd_marks();
    if (strcmp(cmd, "rush") == 0)
        return cmd_rush();
    if (strcmp(cmd, "open") == 0)
        return cmd_open();
    if (strcmp(cmd, "bytes") == 0)
        return cmd_bytes();
    if (strcmp(cmd, "capacity") == 0)
        return cmd_capacity();
    if (strcmp(cmd, "trips") == 0)
        return cmd_trips();
    if (strcmp(cmd, "local") == 0)
        return cmd_local();
    usage();
    return 2;
}
