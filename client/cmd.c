/*
 * cmd — the command table and dispatch.
 */
#include "cmd.h"
#include "utf8.h"
#include "i18n.h"

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
