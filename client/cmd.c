/*
 * cmd — the command table and dispatch.
 */
#include "cmd.h"
#include "csv.h"
#include "utf8.h"
#include "xmalloc.h"
#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct cmd_entry *const cmd_table[] = {
#define CMD(name) &cmd_##name,
#include "cmd-list.h"
#undef CMD
};
#define NCMDS (sizeof cmd_table / sizeof cmd_table[0])

const struct cmd_entry *cmd_find(const char *name)
{
    for (size_t i = 0; i < NCMDS; i++)
        if (strcmp(cmd_table[i]->name, name) == 0)
            return cmd_table[i];
    return NULL;
}

int cmd_options(int argc, char **argv, int first, const struct cmd_opt *opts, size_t nopts,
                void *o)
{
    for (int i = first; i < argc; i++) {
        const struct cmd_opt *opt = NULL;
        for (size_t k = 0; k < nopts && !opt; k++)
            if (!strcmp(argv[i], opts[k].name))
                opt = &opts[k];
        if (!opt)
            return -1;
        if (opt->flag) {
            bool *flag = (bool *)((char *)o + opt->off);
            if (*flag)
                return -1;
            *flag = true;
            continue;
        }
        const char **slot = (const char **)((char *)o + opt->off);
        if (*slot || i + 1 >= argc)
            return -1;
        *slot = argv[++i];
    }
    return 0;
}

bool cmd_id(const char *s, long long *v)
{
    char *end;
    if (!s || !*s)
        return false;
    long long x = strtoll(s, &end, 10);
    if (*end || x <= 0)
        return false;
    *v = x;
    return true;
}

int cmd_read_input(FILE *in, struct ej_buf *b, FILE *errf)
{
    buf_init(b);
    char chunk[65536];
    size_t got;
    while (b->len <= CSV_MAX_FILE && (got = fread(chunk, 1, sizeof chunk, in)) > 0)
        buf_append(b, chunk, got);
    if (ferror(in)) {
        fprintf(errf, _("ejournal: cannot read the file: %s\n"), strerror(errno));
        buf_free(b);
        return EJ_EXIT_REFUSED;
    }
    return 0;
}

bool cmd_id_list(const char *s, long long **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!s)
        return true;
    const char *p = s;
    while (*p) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p || v <= 0 || (*end && *end != ',')) {
            free(*out);
            *out = NULL;
            return false;
        }
        *out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
        (*out)[(*n)++] = v;
        p = *end ? end + 1 : end;
    }
    return *n > 0;
}

int cmd_fail(FILE *errf, const struct ej_error *err)
{
    fprintf(errf, "ejournal: %s\n", err->msg);
    return ej_err_exit_status(err->code);
}

void cmd_field(FILE *out, const char *s)
{
    while (s && *s) {
        uint32_t cp;
        size_t n = utf8_decode(s, &cp);
        if (n == 0) { /* an invalid byte */
            fputs("\xEF\xBF\xBD", out);
            s++;
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            fputc(' ', out);
            s += n;
        } else if (utf8_is_control(cp)) {
            fputs("\xEF\xBF\xBD", out);
            s += n;
        } else {
            fwrite(s, 1, n, out);
            s += n;
        }
    }
}

int cmd_dispatch(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    const struct cmd_entry *c = cmd_find(argv[0]);
    if (!c) {
        fprintf(errf, _("ejournal: unknown command \"%s\"; the list: help\n"), argv[0]);
        return 2;
    }
    if (c->roles && !(ctx->roles & c->roles)) {
        fprintf(errf, _("ejournal: %s: not allowed for your account\n"), c->name);
        return 1;
    }
    return c->exec(ctx, argc, argv, in, out, errf);
}

static int help_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    (void)argc;
    (void)argv;
    (void)in;
    (void)errf;
    for (size_t i = 0; i < NCMDS; i++) {
        const struct cmd_entry *c = cmd_table[i];
        if (c->roles && !(ctx->roles & c->roles))
            continue;
        /* Pad by characters, not bytes: usages hold Cyrillic ("7А") and "…". */
        size_t w = utf8_valid(c->usage) ? utf8_len(c->usage) : strlen(c->usage);
        fprintf(out, "%s%*s %s\n", c->usage, w < 40 ? (int)(40 - w) : 0, "", _(c->help));
    }
    return 0;
}

const struct cmd_entry cmd_help = { "help", "help", N_("list the commands you may run"), 0,
                                    help_exec };
