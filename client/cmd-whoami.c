/*
 * cmd-whoami — `whoami`: the account, its name and roles, one field per line.
 */
#include "cmd.h"
#include "i18n.h"

static int whoami_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                       FILE *errf)
{
    (void)argv;
    (void)in;
    if (argc != 1) {
        fprintf(errf, "%s\n", _("usage: whoami"));
        return 2;
    }
    static const struct {
        unsigned bit;
        const char *name;
    } roles[] = { { ROLE_ADMIN, "admin" },   { ROLE_DEPUTY, "deputy" },   { ROLE_SECRETARY, "secretary" },
                  { ROLE_HR, "hr" },         { ROLE_TEACHER, "teacher" }, { ROLE_PARENT, "parent" },
                  { ROLE_PUPIL, "pupil" } };
    fprintf(out, "login\t%s\nname\t%s\nschool\t%s\nroles\t", ctx->login, ctx->display_name,
            ctx->school_name);
    const char *sep = "";
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (ctx->roles & roles[i].bit) {
            fprintf(out, "%s%s", sep, roles[i].name);
            sep = ",";
        }
    fputc('\n', out);
    return 0;
}

const struct cmd_entry cmd_whoami = { "whoami", "whoami", N_("show your login, name and roles"), 0,
                                      whoami_exec };
