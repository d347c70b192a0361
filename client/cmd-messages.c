/*
 * cmd-messages — messages without a terminal (clause 3.8), through the same
 * common/db-messages.h as the messages screen and under the same policy:
 *   messages [--sent]                      inbox (or sent), newest first (TSV)
 *   message show ID                        a thread, oldest first; marks it read
 *   message send --to LOGIN[,LOGIN…] | --class 7А  [--subject TEXT] [--reply ID]
 *                                          the text from standard input
 *   message contacts                       whom you may write to (TSV)
 * Text written by others is printed with control characters made inert.
 */
#include "cmd.h"
#include "db-messages.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>

#define MSG_USAGE                                                                                 \
    "messages [--sent]\n"                                                                         \
    "       message show ID\n"                                                                    \
    "       message send --to LOGIN[,LOGIN...]|--class 7А [--subject TEXT] [--reply ID] < text\n" \
    "       message contacts"

static int usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), MSG_USAGE);
    return EJ_EXIT_USAGE;
}

static int messages_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                         FILE *errf)
{
    (void)in;
    bool sent = argc == 2 && !strcmp(argv[1], "--sent");
    if (argc > 2 || (argc == 2 && !sent))
        return usage(errf);
    struct msg_item *v;
    int n;
    struct ej_error err;
    if (db_msg_list(ctx->db, ctx, sent, 500, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld\t%lld\t%s\t", v[i].id, v[i].thread, v[i].when);
        cmd_field(out, sent ? v[i].to : v[i].from);
        fprintf(out, "\t%s\t", v[i].unread ? "new" : "");
        cmd_field(out, v[i].subject);
        fputc('\n', out);
    }
    db_msg_free(v, n);
    return 0;
}

/* Standard input as text, at most `max` bytes (more: EJ_EXIT_REFUSED). */
static char *read_all(FILE *in, size_t max, FILE *errf, int *rc)
{
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    size_t k;
    while ((k = fread(buf + len, 1, cap - len - 1, in)) > 0) {
        len += k;
        if (len > max) {
            fprintf(errf, _("ejournal: the message is longer than %zu characters\n"),
                    (size_t)MSG_MAX_BODY);
            free(buf);
            *rc = EJ_EXIT_REFUSED;
            return NULL;
        }
        if (cap - len < 1024) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        fputs(_("ejournal: the message is not text (a NUL byte)\n"), errf);
        free(buf);
        *rc = EJ_EXIT_REFUSED;
        return NULL;
    }
    return buf;
}

static int send_cmd(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    const char *to = NULL, *cls = NULL, *subject = NULL, *reply = NULL;
    for (int i = 2; i < argc; i++) {
        const char **slot = !strcmp(argv[i], "--to")        ? &to
                            : !strcmp(argv[i], "--class")   ? &cls
                            : !strcmp(argv[i], "--subject") ? &subject
                            : !strcmp(argv[i], "--reply")   ? &reply
                                                            : NULL;
        if (!slot || *slot || i + 1 >= argc)
            return usage(errf);
        *slot = argv[++i];
    }
    long long reply_to = 0;
    if ((!to == !cls) || (reply && !cmd_id(reply, &reply_to)))
        return usage(errf);
    char *list = to ? xstrdup(to) : NULL;
    const char **logins = NULL;
    int n = 0;
    for (char *save = NULL, *t = list ? strtok_r(list, ",", &save) : NULL; t;
         t = strtok_r(NULL, ",", &save)) {
        logins = xreallocarray(logins, (size_t)n + 1, sizeof *logins);
        logins[n++] = t;
    }
    int rc = 0;
    char *body = read_all(in, (size_t)MSG_MAX_BODY * 4, errf, &rc);
    if (body) {
        long long id;
        struct ej_error err;
        if (db_msg_send(ctx->db, ctx, logins, n, cls, reply_to, subject, body, &id, &err) != EJ_OK)
            rc = cmd_fail(errf, &err);
        else
            fprintf(out, "sent\t%lld\n", id);
    }
    free(body);
    free(logins);
    free(list);
    return rc;
}

static int show_cmd(struct ej_ctx *ctx, long long id, FILE *out, FILE *errf)
{
    struct msg_item *v;
    int n;
    struct ej_error err;
    if (db_msg_thread(ctx->db, ctx, id, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%s# %lld\t%s\t", i ? "\n" : "", v[i].id, v[i].when);
        cmd_field(out, v[i].from);
        fputs(" → ", out);
        cmd_field(out, v[i].to);
        if (v[i].nto > 3)
            fprintf(out, " (+%d)", v[i].nto - 3);
        fputc('\t', out);
        cmd_field(out, v[i].subject);
        fputc('\n', out);
        char *text = utf8_inert(v[i].body, true);
        fputs(text, out);
        if (*text && text[strlen(text) - 1] != '\n')
            fputc('\n', out);
        free(text);
    }
    db_msg_free(v, n);
    return 0;
}

static int contacts_cmd(struct ej_ctx *ctx, FILE *out, FILE *errf)
{
    struct msg_contact *c;
    int n;
    struct ej_error err;
    if (db_msg_contacts(ctx->db, ctx, &c, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%s\t", c[i].login);
        cmd_field(out, c[i].name);
        fputc('\t', out);
        cmd_field(out, c[i].about);
        fputc('\n', out);
    }
    free(c);
    return 0;
}

static int message_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                        FILE *errf)
{
    if (argc >= 2 && !strcmp(argv[1], "send"))
        return send_cmd(ctx, argc, argv, in, out, errf);
    long long id;
    if (argc == 3 && !strcmp(argv[1], "show") && cmd_id(argv[2], &id))
        return show_cmd(ctx, id, out, errf);
    if (argc == 2 && !strcmp(argv[1], "contacts"))
        return contacts_cmd(ctx, out, errf);
    return usage(errf);
}

const struct cmd_entry cmd_messages = {
    "messages", "messages [--sent]", N_("your messages: inbox or sent (TSV)"), 0, messages_exec
};

const struct cmd_entry cmd_message = {
    "message", "message show ID | send … | contacts",
    N_("read a thread, write a message (text on standard input), whom you may write to"), 0,
    message_exec
};
