/*
 * cmd-classes — the school's classes and study groups (issue #5 item 2):
 *   classes list [--year 2026/2027]   TSV: class, year, class teacher, pupils,
 *                                     period scheme, shift
 *   classes groups --class 7А         TSV: subject, group, pupil, from, to
 */
#include "calendar.h"
#include "cmd.h"
#include "db-classes.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n", _("usage: classes list [--year 2026/2027] | classes groups --class 7А"));
    return EJ_EXIT_USAGE;
}

static int classes_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                        FILE *errf)
{
    (void)in;
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
    "classes", "classes list [--year Y] | groups --class 7А",
    N_("the classes of a year with class teachers and pupils; a class's study groups"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, classes_exec
};
