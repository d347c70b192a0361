/*
 * ejvt — a PTY, the application on its slave side, libvterm on the master side.
 */
#include "ejvt.h"
#include "ejtest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct ejvt {
    pid_t pid;
    int fd;
    char *raw;      /* every byte the application wrote, for sequences libvterm drops */
    size_t rawlen, rawcap;
    VTerm *vt;
    VTermScreen *vs;
    int rows, cols;
    bool exited;
    int status;
};

static void output_cb(const char *s, size_t len, void *user)
{
    struct ejvt *v = user;
    while (len > 0) {
        ssize_t n = write(v->fd, s, len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

long long ejvt_account(const char *dbname, const char *login)
{
    char *sql = ejt_fmt("SELECT id FROM account WHERE login = '%s'", login);
    char *r = ejt_sql(dbname, sql, NULL);
    free(sql);
    long long id = r ? atoll(r) : 0;
    free(r);
    return id;
}


/* The emulator that reads what the program behind v->fd draws. */
static void attach_vterm(struct ejvt *v)
{
    fcntl(v->fd, F_SETFL, fcntl(v->fd, F_GETFL) | O_NONBLOCK);
    v->vt = vterm_new(v->rows, v->cols);
    vterm_set_utf8(v->vt, 1);
    vterm_output_set_callback(v->vt, output_cb, v);
    v->vs = vterm_obtain_screen(v->vt);
    vterm_screen_reset(v->vs, 1);
}

struct ejvt *ejvt_start(const char *dbname, const char *login, int rows, int cols,
                        const char *term, const char *const *env)
{
    long long acct = ejvt_account(dbname, login);
    ck_assert_msg(acct > 0, "no account %s", login);
    char *conninfo = ejt_conninfo(dbname, "ej_app");
    char *bin = ejt_fmt("%s/ejournal", ejt_env("EJ_TEST_BIN"));
    struct ejvt *v = calloc(1, sizeof *v);
    v->rows = rows;
    v->cols = cols;
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    v->pid = forkpty(&v->fd, NULL, NULL, &ws);
    ck_assert_msg(v->pid >= 0, "forkpty: %s", strerror(errno));
    if (v->pid == 0) {
        char acc[32];
        snprintf(acc, sizeof acc, "%lld", acct);
        setenv("EJ_ACCOUNT", acc, 1);
        setenv("EJ_CONNINFO", conninfo, 1);
        setenv("EJ_CLIENT_ADDR", "127.0.0.1", 1);
        setenv("EJ_IDLE_LOCK", "0", 1);
        setenv("EJ_IDLE_DISCONNECT", "0", 1);
        setenv("TERM", term ? term : "xterm-256color", 1);
        setenv("LANGUAGE", "ru", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        for (int i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        execl(bin, "ejournal", (char *)NULL);
        _exit(127);
    }
    free(conninfo);
    free(bin);
    attach_vterm(v);
    return v;
}

struct ejvt *ejvt_start_argv(const char *const *argv, int rows, int cols, const char *term,
                             const char *const *env)
{
    struct ejvt *v = calloc(1, sizeof *v);
    v->rows = rows;
    v->cols = cols;
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    v->pid = forkpty(&v->fd, NULL, NULL, &ws);
    ck_assert_msg(v->pid >= 0, "forkpty: %s", strerror(errno));
    if (v->pid == 0) {
        setenv("TERM", term ? term : "xterm-256color", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        for (int i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    attach_vterm(v);
    return v;
}

void ejvt_send(struct ejvt *v, const char *bytes)
{
    size_t len = strlen(bytes);
    while (len > 0) {
        ssize_t n = write(v->fd, bytes, len);
        if (n < 0 && errno == EAGAIN) {
            ejvt_pump(v, 10);
            continue;
        }
        if (n <= 0)
            return;
        bytes += n;
        len -= (size_t)n;
    }
}

void ejvt_key(struct ejvt *v, const char *name)
{
    /* Through libvterm's keyboard, so that the sequences follow the modes the
     * application set (DECCKM/keypad transmit), as a real terminal's would. */
    static const struct {
        const char *name;
        VTermKey key;
    } keys[] = {
        { "Enter", VTERM_KEY_ENTER },     { "Esc", VTERM_KEY_ESCAPE },
        { "Tab", VTERM_KEY_TAB },         { "Up", VTERM_KEY_UP },
        { "Down", VTERM_KEY_DOWN },       { "Right", VTERM_KEY_RIGHT },
        { "Left", VTERM_KEY_LEFT },       { "Home", VTERM_KEY_HOME },
        { "End", VTERM_KEY_END },         { "PgUp", VTERM_KEY_PAGEUP },
        { "PgDn", VTERM_KEY_PAGEDOWN },   { "Del", VTERM_KEY_DEL },
        { "Backspace", VTERM_KEY_BACKSPACE },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0) {
            vterm_keyboard_key(v->vt, keys[i].key, VTERM_MOD_NONE);
            ejvt_pump(v, keys[i].key == VTERM_KEY_ESCAPE ? 250 : 30);
            return;
        }
    if (strcmp(name, "BTab") == 0) {
        vterm_keyboard_key(v->vt, VTERM_KEY_TAB, VTERM_MOD_SHIFT);
        ejvt_pump(v, 30);
        return;
    }
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        vterm_keyboard_key(v->vt, VTERM_KEY_FUNCTION(atoi(name + 1)), VTERM_MOD_NONE);
        ejvt_pump(v, 30);
        return;
    }
    if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3]) {
        char c[2] = { (char)(name[2] & 0x1f), 0 };
        ejvt_send(v, c);
        return;
    }
    ejvt_send(v, name);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void ejvt_pump(struct ejvt *v, int ms)
{
    double end = now_ms() + ms;
    char buf[8192];
    for (;;) {
        double left = end - now_ms();
        if (left < 0)
            left = 0;
        struct pollfd p = { v->fd, POLLIN, 0 };
        int r = poll(&p, 1, (int)left);
        if (r > 0) {
            ssize_t n = read(v->fd, buf, sizeof buf);
            if (n > 0) {
                if (v->rawlen + (size_t)n + 1 > v->rawcap) {
                    v->rawcap = (v->rawlen + (size_t)n + 1) * 2;
                    v->raw = realloc(v->raw, v->rawcap);
                }
                memcpy(v->raw + v->rawlen, buf, (size_t)n);
                v->rawlen += (size_t)n;
                v->raw[v->rawlen] = '\0';
                vterm_input_write(v->vt, buf, (size_t)n);
            }
            else if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
                return; /* EOF: the application has exited */
        }
        if (left <= 0)
            return;
    }
}

char *ejvt_row(struct ejvt *v, int row)
{
    size_t cap = (size_t)v->cols * 4 + 8, len = 0;
    char *out = malloc(cap);
    for (int c = 0; c < v->cols; c++) {
        VTermScreenCell cell;
        VTermPos pos = { row, c };
        if (!vterm_screen_get_cell(v->vs, pos, &cell))
            continue;
        uint32_t cp = cell.chars[0];
        if (cell.width == 0)
            continue;
        if (cp == 0)
            cp = ' ';
        if (cp < 0x80) {
            out[len++] = (char)cp;
        } else if (cp < 0x800) {
            out[len++] = (char)(0xc0 | (cp >> 6));
            out[len++] = (char)(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out[len++] = (char)(0xe0 | (cp >> 12));
            out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            out[len++] = (char)(0x80 | (cp & 0x3f));
        } else {
            out[len++] = (char)(0xf0 | (cp >> 18));
            out[len++] = (char)(0x80 | ((cp >> 12) & 0x3f));
            out[len++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            out[len++] = (char)(0x80 | (cp & 0x3f));
        }
        if (c > 0 && cell.width == 2)
            c++;
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return out;
}

char *ejvt_screen(struct ejvt *v)
{
    size_t cap = (size_t)v->rows * ((size_t)v->cols * 4 + 2) + 1, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (int r = 0; r < v->rows; r++) {
        char *row = ejvt_row(v, r);
        size_t n = strlen(row);
        memcpy(out + len, row, n);
        len += n;
        out[len++] = '\n';
        out[len] = '\0';
        free(row);
    }
    return out;
}

bool ejvt_has(struct ejvt *v, const char *text)
{
    char *s = ejvt_screen(v);
    bool found = strstr(s, text) != NULL;
    free(s);
    return found;
}

int ejvt_find_row(struct ejvt *v, const char *text)
{
    for (int r = 0; r < v->rows; r++) {
        char *row = ejvt_row(v, r);
        bool found = strstr(row, text) != NULL;
        free(row);
        if (found)
            return r;
    }
    return -1;
}

bool ejvt_wait(struct ejvt *v, const char *text, int timeout_ms)
{
    double end = now_ms() + timeout_ms;
    for (;;) {
        if (ejvt_has(v, text)) {
            /* Read on until the output pauses (at most half a second): the rest of
             * the same redraw may come in later packets, and on a loaded machine later
             * than one pump's 50 ms, so what the test looks at next is there too. */
            double settle = now_ms() + 500;
            size_t before;
            do {
                before = v->rawlen;
                ejvt_pump(v, 20);
            } while (v->rawlen != before && now_ms() < settle);
            return true;
        }
        if (now_ms() >= end)
            return false;
        ejvt_pump(v, 50);
    }
}

bool ejvt_wait_gone(struct ejvt *v, const char *text, int timeout_ms)
{
    double end = now_ms() + timeout_ms;
    for (;;) {
        if (!ejvt_has(v, text))
            return true;
        if (now_ms() >= end)
            return false;
        ejvt_pump(v, 50);
    }
}

void ejvt_cursor(struct ejvt *v, int *row, int *col)
{
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(v->vt), &pos);
    *row = pos.row;
    *col = pos.col;
}

bool ejvt_highlighted(struct ejvt *v, int row, int col)
{
    VTermScreenCell cell;
    VTermPos pos = { row, col };
    if (!vterm_screen_get_cell(v->vs, pos, &cell))
        return false;
    return cell.attrs.reverse || !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg);
}

int ejvt_highlight_row(struct ejvt *v, int from, int col)
{
    for (int r = from; r < v->rows; r++)
        if (ejvt_highlighted(v, r, col))
            return r;
    return -1;
}

char *ejvt_highlight_text(struct ejvt *v, int row, int from_col)
{
    char *line = ejvt_row(v, row);
    /* Map columns to byte offsets of the (single-width) row text. */
    int start = -1, end = -1;
    for (int c = from_col; c < v->cols; c++) {
        bool h = ejvt_highlighted(v, row, c);
        if (h && start < 0)
            start = c;
        if (!h && start >= 0) {
            end = c;
            break;
        }
    }
    if (start < 0) {
        free(line);
        return strdup("");
    }
    if (end < 0)
        end = v->cols;
    const char *p = line;
    int c = 0;
    const char *bs = NULL, *be = NULL;
    while (*p && c <= end) {
        if (c == start)
            bs = p;
        if (c == end) {
            be = p;
            break;
        }
        p++;
        while ((*p & 0xc0) == 0x80)
            p++;
        c++;
    }
    if (!bs)
        bs = p;
    if (!be)
        be = p;
    char *out = strndup(bs, (size_t)(be - bs));
    free(line);
    return out;
}

void ejvt_resize(struct ejvt *v, int rows, int cols)
{
    v->rows = rows;
    v->cols = cols;
    vterm_set_size(v->vt, rows, cols);
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    ioctl(v->fd, TIOCSWINSZ, &ws);
}

pid_t ejvt_pid(struct ejvt *v)
{
    return v->pid;
}

void ejvt_kill9(struct ejvt *v)
{
    if (v->exited)
        return;
    kill(v->pid, SIGKILL);
    waitpid(v->pid, &v->status, 0);
    v->exited = true;
}

int ejvt_finish(struct ejvt *v, int timeout_ms)
{
    int result = -1;
    double end = now_ms() + timeout_ms;
    while (!v->exited) {
        ejvt_pump(v, 20);
        if (waitpid(v->pid, &v->status, WNOHANG) == v->pid) {
            v->exited = true;
            break;
        }
        if (now_ms() >= end) {
            kill(v->pid, SIGKILL);
            waitpid(v->pid, &v->status, 0);
            v->exited = true;
            v->status = -1;
            break;
        }
    }
    if (v->status != -1)
        result = WIFEXITED(v->status) ? WEXITSTATUS(v->status) : 128 + WTERMSIG(v->status);
    close(v->fd);
    vterm_free(v->vt);
    free(v->raw);
    free(v);
    return result;
}

char *ejvt_attrs(struct ejvt *v, int row)
{
    char *out = malloc((size_t)v->cols * 24 + 1);
    size_t len = 0;
    for (int c = 0; c < v->cols && c < 12; c++) {
        VTermScreenCell cell;
        VTermPos pos = { row, c };
        vterm_screen_get_cell(v->vs, pos, &cell);
        len += (size_t)sprintf(out + len, "[%x r%d b%d fg%x]", cell.bg.type, cell.attrs.reverse,
                               cell.attrs.bold, cell.fg.type);
    }
    out[len] = '\0';
    return out;
}

const char *ejvt_raw(struct ejvt *v, size_t *len)
{
    if (len)
        *len = v->rawlen;
    return v->raw ? v->raw : "";
}

void ejvt_retype(struct ejvt *v, const char *text)
{
    ejvt_key(v, "End");
    for (int i = 0; i < 60; i++)
        ejvt_key(v, "C-w");
    ejvt_send(v, text);
    ejvt_send(v, "\r");
}
