/*
 * cmd-classes — the school's classes and study groups (issue #5 item 2):
 *   classes list [--year 2026/2027]   TSV: class, year, class teacher, pupils,
 *                                     period scheme, shift
 *   classes groups --class 7А         TSV: subject, group, pupil, from, to
 *   classes groups list|add|rename|delete|put|remove|members|import …
 *                                     editing the groups (client/cmd-groups.c)
 *   classes promote --from 2026/2027 --to 2027/2028 [--keep-back ID,…] [--leave ID,…]
 *                   [--order N] [--apply]
 *                                     the year rollover: without --apply only the plan
 *                                     (new class, old class, pupils), then all or nothing
 */
#include "calendar.h"
#include "cmd.h"
#include "cmd-groups.h"
#include "db-classes.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: classes list [--year 2026/2027] | classes groups --class 7А | classes "
              "promote --from Y --to Y [--keep-back ID,…] [--leave ID,…] [--order N] [--apply]"));
    cmd_groups_usage(errf);
    return EJ_EXIT_USAGE;
}

static int promote(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    const char *from = NULL, *to = NULL, *keep = NULL, *leave = NULL, *order = NULL;
    bool apply = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--apply")) {
            apply = true;
            continue;
        }
        const char **slot = !strcmp(argv[i], "--from")        ? &from
                            : !strcmp(argv[i], "--to")        ? &to
                            : !strcmp(argv[i], "--keep-back") ? &keep
                            : !strcmp(argv[i], "--leave")     ? &leave
                            : !strcmp(argv[i], "--order")     ? &order
                                                              : NULL;
        if (!slot || *slot || i + 1 >= argc)
            return usage(errf);
        *slot = argv[++i];
    }
    struct db_promote a = { from, to, order, NULL, NULL, 0, 0, apply };
    long long *k = NULL, *l = NULL;
    if (!from || !to || !cmd_id_list(keep, &k, &a.nkeep) || !cmd_id_list(leave, &l, &a.nleave)) {
        free(k);
        free(l);
        return usage(errf);
    }
    a.keep_back = k;
    a.leave = l;
    char *plan = NULL;
    int moved, left;
    struct ej_error err;
    int rc = 0;
    if (db_classes_promote(ctx->db, ctx, &a, &plan, &moved, &left, &err) != EJ_OK) {
        rc = cmd_fail(errf, &err);
    } else {
        fputs(plan, out);
        fprintf(errf, apply ? _("ejournal: %d pupils moved to the next year, %d left\n")
                            : _("ejournal: would move %d pupils, %d would leave; nothing written "
                                "(--apply writes)\n"),
                moved, left);
    }
    free(plan);
    free(k);
    free(l);
    return rc;
}

static int classes_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                        FILE *errf)
{
    struct ej_error err;
    if (argc >= 2 && !strcmp(argv[1], "list") && (argc == 2 || (argc == 4 && !strcmp(argv[2], "--year")))) {
        struct db_class_row *v;
        int n;
        if (db_classes_list(ctx->db, ctx, argc == 4 ? argv[3] : NULL, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            fprintf(out, "%s\t%s\t", v[i].name, v[i].year);
            cmd_field(out, v[i].teacher);
            fprintf(out, "\t%d\t%s\t%d\n", v[i].pupils, v[i].scheme, v[i].shift);
        }
        free(v);
        return 0;
    }
    if (argc >= 3 && !strcmp(argv[1], "groups") && strncmp(argv[2], "--", 2) != 0)
        return cmd_classes_groups(ctx, argc, argv, in, out, errf);
    if (argc >= 2 && !strcmp(argv[1], "promote"))
        return promote(ctx, argc, argv, out, errf);
    if (argc == 4 && !strcmp(argv[1], "groups") && !strcmp(argv[2], "--class")) {
        struct db_group_member *v;
        int n;
        if (db_classes_groups(ctx->db, ctx, argv[3], &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            char f[11], t[11] = "";
            cal_iso(v[i].from, f);
            if (v[i].to)
                cal_iso(v[i].to, t);
            cmd_field(out, v[i].subject);
            fputc('\t', out);
            cmd_field(out, v[i].group);
            fputc('\t', out);
            cmd_field(out, v[i].pupil);
            fprintf(out, "\t%s\t%s\n", f, t);
        }
        free(v);
        return 0;
    }
    return usage(errf);
}

const struct cmd_entry cmd_classes = {
    "classes", "classes list|groups|promote …",
    N_("the classes of a year with class teachers and pupils; a class's study groups"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, classes_exec
};
