/*
 * print — F5 on a document (DESIGN.md §6, issue #6): one dialog, three ways out.
 *   1. the school's CUPS queue (school.print_queue): the PDF piped to
 *      `lp -d QUEUE -t TITLE` (run without a shell; its refusal is shown);
 *   2. the printer of the user's own terminal: the plain text (80 columns) framed
 *      by ESC [5i … ESC [4i in the character set the user chose for it (UTF-8,
 *      CP866 or CP1251; remembered per account), written straight to the
 *      terminal — PuTTY's "remote-controlled printing";
 *   3. download: the exact command to run on one's own computer.
 * The document is built only when a way is chosen, and nothing is printed unless
 * it was built completely.
 */
#include "print.h"
#include "db-account.h"
#include "doc.h"
#include "i18n.h"
#include "screen.h"
#include "termprint.h"
#include "widget.h"
#include "xmalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run `lp -d queue -t title` with data on its standard input.  0 on success, else
 * the exit status with lp's first line of output in msg. */
static int run_lp(const char *queue, const char *title, const char *data, size_t len, char *msg,
                  size_t msgsz)
{
    int in[2], out[2];
    msg[0] = '\0';
    if (pipe(in) != 0)
        return -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execlp("lp", "lp", "-d", queue, "-t", title, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(in[1], data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    close(in[1]);
    signal(SIGPIPE, old);
    size_t got = 0;
    for (;;) {
        ssize_t n = read(out[0], msg + got, got + 1 < msgsz ? msgsz - got - 1 : 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (got + 1 >= msgsz) {
            char sink[256];
            while (read(out[0], sink, sizeof sink) > 0)
                ;
            break;
        }
    }
    msg[got] = '\0';
    char *nl = strchr(msg, '\n');
    if (nl)
        *nl = '\0';
    close(out[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (off < len)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The document, or NULL with the error shown. */
static struct doc *build(struct tui *t, const struct print_job *job)
{
    struct doc *d = NULL;
    struct ej_error err;
    if (job->build(job->arg, &d, &err) != EJ_OK) {
        tui_error(t, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(t);
        return NULL;
    }
    return d;
}

static void to_queue(struct tui *t, const struct print_job *job, const char *queue)
{
    struct doc *d = build(t, job);
    if (!d)
        return;
    struct ej_buf b;
    buf_init(&b);
    struct ej_error err;
    enum ej_err e = doc_render_pdf(d, &b, &err);
    doc_free(d);
    if (e != EJ_OK) {
        buf_free(&b);
        tui_error(t, "%s", err.msg);
        return;
    }
    char msg[256];
    int rc = run_lp(queue, job->title, b.data, b.len, msg, sizeof msg);
    explicit_bzero(b.data, b.len);
    buf_free(&b);
    if (rc == 0)
        tui_status(t, _("Sent to the printer «%s»: %s"), queue, msg);
    else if (rc == 127)
        tui_error(t, "%s", _("Printing is not set up on the server (no lp command: install cups-client)"));
    else
        tui_error(t, _("The printer «%s» refused the document: %s"), queue, *msg ? msg : "lp");
}

static void to_terminal(struct tui *t, const struct print_job *job, enum termprint_charset cs)
{
    struct doc *d = build(t, job);
    if (!d)
        return;
    struct ej_buf text, framed;
    buf_init(&text);
    buf_init(&framed);
    struct ej_error err;
    enum ej_err e = doc_render_text(d, 80, 0, &text, &err);
    doc_free(d);
    if (e == EJ_OK)
        e = termprint_frame(text.data ? text.data : "", text.len, cs, &framed, &err);
    explicit_bzero(text.data, text.len);
    buf_free(&text);
    if (e != EJ_OK) {
        buf_free(&framed);
        tui_error(t, "%s", err.msg);
        return;
    }
    /* Straight to the terminal: curses has flushed its frame, the terminal routes
     * everything between the two sequences to its printer. */
    fflush(stdout);
    size_t off = 0;
    while (off < framed.len) {
        ssize_t n = write(STDOUT_FILENO, framed.data + off, framed.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    bool ok = off == framed.len;
    explicit_bzero(framed.data, framed.len);
    buf_free(&framed);
    clearok(curscr, TRUE); /* a terminal without a printer may have shown some of it */
    if (ok)
        tui_status(t, _("Sent to the printer of your terminal (%s)"), termprint_charset_name(cs));
    else
        tui_error(t, "%s", _("The terminal connection broke while printing"));
}

/* "ssh -p 2222 login@host ARGS --format pdf > FILE" from the session's own hint. */
static char *download_command(const struct ej_ctx *ctx, const struct print_job *job)
{
    const char *hint = ctx->ssh_hint;
    const char *at = strrchr(hint, '@');
    if (!at)
        return xasprintf("ejournal %s --format pdf > %s", job->download, job->file);
    const char *port = strstr(hint, " -p ");
    int plen = 0;
    if (port) {
        port += 4;
        plen = (int)strspn(port, "0123456789");
    }
    if (plen)
        return xasprintf("ssh -p %.*s %s%s %s --format pdf > %s", plen, port, ctx->login, at,
                         job->download, job->file);
    return xasprintf("ssh %s%s %s --format pdf > %s", ctx->login, at, job->download, job->file);
}

void print_dialog(struct tui *t, const struct print_job *job)
{
    struct ej_ctx *ctx = tui_ctx(t);
    char queue[128] = "", csname[16] = "utf8";
    struct ej_error err;
    if (db_account_print_prefs(ctx->db, ctx, queue, csname, &err) != EJ_OK) {
        tui_error(t, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(t);
        return;
    }
    enum termprint_charset cs = TERMPRINT_UTF8;
    termprint_charset_parse(csname, &cs);
    for (;;) {
        enum { W_QUEUE, W_TERM, W_CHARSET, W_DOWNLOAD } way[4];
        char *items[4];
        int n = 0;
        if (*queue) {
            way[n] = W_QUEUE;
            items[n++] = xasprintf(_("The school's printer (queue «%s»)"), queue);
        }
        way[n] = W_TERM;
        items[n++] = xasprintf(_("The printer of this terminal (%s)"), termprint_charset_name(cs));
        way[n] = W_CHARSET;
        items[n++] = xasprintf("%s", _("The character set of this terminal's printer…"));
        way[n] = W_DOWNLOAD;
        items[n++] = xasprintf("%s", _("Download the PDF to your computer: the command"));
        char *title = xasprintf(_("Print: %s"), job->title);
        int k = dialog_choose(t, title, (const char *const *)items, n, 0);
        free(title);
        for (int i = 0; i < n; i++)
            free(items[i]);
        if (k < 0)
            return;
        switch (way[k]) {
        case W_QUEUE:
            to_queue(t, job, queue);
            return;
        case W_TERM:
            to_terminal(t, job, cs);
            return;
        case W_CHARSET: {
            const char *names[] = { "UTF-8", "CP866", "CP1251" };
            int c = dialog_choose(t, _("The character set of this terminal's printer"), names, 3,
                                  (int)cs);
            if (c >= 0) {
                cs = (enum termprint_charset)c;
                if (db_account_set_print_charset(ctx->db, ctx, termprint_charset_name(cs),
                                                 &err) != EJ_OK)
                    tui_error(t, "%s", err.msg);
            }
            continue; /* back to the choice of the way */
        }
        case W_DOWNLOAD: {
            char *cmd = download_command(ctx, job);
            char *head = xasprintf("%s — %s", _("Download"), _("Run this on your computer:"));
            dialog_message(t, head, cmd);
            free(head);
            free(cmd);
            return;
        }
        }
    }
}
