/*
 * cmd-guardians — parents' data over SSH (clause 3.4), for the class teacher of
 * the pupil's class and the office, through common/db-guardians.h:
 *   guardians --pupil ID
 *       the pupil's parents (TSV): id, relation, surname, name, patronymic,
 *       phone, e-mail, address, work, login
 *   guardians add --pupil ID --surname S --name N [--patronymic P] [--relation R]
 *                 [--phone T] [--email E] [--address A] [--work W]
 *   guardians set --pupil ID --guardian G [any of the fields above]
 *   guardians link|unlink --pupil ID --guardian G [--relation R]
 * Values are checked before anything is written; each change is one audited
 * transaction.
 */
#include "cmd.h"
#include "db-guardians.h"
#include "i18n.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define GUARDIANS_USAGE                                                                           \
    "guardians --pupil ID\n"                                                                      \
    "       guardians add --pupil ID --surname S --name N [--patronymic P] [--relation R] "       \
    "[--phone T] [--email E] [--address A] [--work W]\n"                                          \
    "       guardians set --pupil ID --guardian G [fields as for add]\n"                          \
    "       guardians link|unlink --pupil ID --guardian G [--relation R]"

static int usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), GUARDIANS_USAGE);
    return EJ_EXIT_USAGE;
}

struct gopts {
    const char *pupil, *guardian;
    struct guardian_change c;
};

static int parse(int argc, char **argv, int first, struct gopts *o)
{
    static const struct cmd_opt opts[] = {
        { "--pupil", offsetof(struct gopts, pupil), false },
        { "--guardian", offsetof(struct gopts, guardian), false },
        { "--surname", offsetof(struct gopts, c.surname), false },
        { "--name", offsetof(struct gopts, c.name), false },
        { "--patronymic", offsetof(struct gopts, c.patronymic), false },
        { "--relation", offsetof(struct gopts, c.relation), false },
        { "--phone", offsetof(struct gopts, c.phone), false },
        { "--email", offsetof(struct gopts, c.email), false },
        { "--address", offsetof(struct gopts, c.address), false },
        { "--work", offsetof(struct gopts, c.work), false },
    };
    memset(o, 0, sizeof *o);
    return cmd_options(argc, argv, first, opts, sizeof opts / sizeof opts[0], o);
}

static bool any_field(const struct guardian_change *c)
{
    return c->surname || c->name || c->patronymic || c->relation || c->phone || c->email ||
           c->address || c->work;
}

static int guardians_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                          FILE *errf)
{
    (void)in;
    const char *verb = argc >= 2 && strncmp(argv[1], "--", 2) ? argv[1] : "";
    struct gopts o;
    long long pupil = 0, guardian = 0;
    if (parse(argc, argv, *verb ? 2 : 1, &o) != 0 || !cmd_id(o.pupil, &pupil) ||
        (o.guardian && !cmd_id(o.guardian, &guardian)))
        return usage(errf);
    struct ej_error err;
    enum ej_err e;
    if (!*verb) {
        if (o.guardian || any_field(&o.c))
            return usage(errf);
        struct guardian_rec *g;
        int n;
        if (db_guardians_of(ctx->db, ctx, pupil, &g, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            fprintf(out, "%lld", g[i].id);
            const char *f[] = { g[i].relation, g[i].surname, g[i].name, g[i].patronymic,
                                g[i].phone, g[i].email, g[i].address, g[i].work, g[i].login };
            for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
                fputc('\t', out);
                cmd_field(out, f[k]);
            }
            fputc('\n', out);
        }
        free(g);
        return 0;
    }
    if (!strcmp(verb, "add")) {
        if (o.guardian)
            return usage(errf);
        long long id;
        if ((e = db_guardian_add(ctx->db, ctx, pupil, &o.c, &id, &err)) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(out, "added\t%lld\n", id);
        return 0;
    }
    if (!strcmp(verb, "set")) {
        if (!o.guardian || !any_field(&o.c))
            return usage(errf);
        if ((e = db_guardian_set(ctx->db, ctx, pupil, guardian, &o.c, &err)) != EJ_OK)
            return cmd_fail(errf, &err);
        fputs("saved\n", out);
        return 0;
    }
    if (!strcmp(verb, "link") || !strcmp(verb, "unlink")) {
        bool link = !strcmp(verb, "link");
        struct guardian_change rel = { .relation = o.c.relation };
        o.c.relation = NULL;
        if (!o.guardian || any_field(&o.c) || (!link && rel.relation))
            return usage(errf);
        if ((e = db_guardian_link(ctx->db, ctx, pupil, guardian, rel.relation, link, &err)) !=
            EJ_OK)
            return cmd_fail(errf, &err);
        fputs(link ? "linked\n" : "unlinked\n", out);
        return 0;
    }
    return usage(errf);
}

const struct cmd_entry cmd_guardians = {
    "guardians", "guardians [add|set|link|unlink] --pupil ID …",
    N_("a pupil's parents: contacts and relation, for the class teacher and the office"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_TEACHER, guardians_exec
};
