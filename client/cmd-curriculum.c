/*
 * cmd-curriculum — the curriculum (учебный план) of each class and the teaching
 * load (clause 3.2, issue #8):
 *   curriculum list --class 8А [--year Y] [--csv]   subject, short name, hours a
 *                                                 week, graded (да/нет), lessons so far
 *   curriculum set --class 8А SUBJECT HOURS [--ungraded] [--year Y]
 *   curriculum remove --class 8А SUBJECT [--year Y]
 *   curriculum import --class 8А [--year Y] < CSV  «Предмет;Часов в неделю;Оценивается»
 *   curriculum copy --grade 8 --from 2026/2027 --to 2027/2028
 *   load list [--class 8А] [--teacher T] [--year Y] [--csv]
 *                                                 class, group, subject, teacher, login,
 *                                                 from, to, journal
 *   load set --class 8А SUBJECT --teacher T [--group NAME] [--from D] [--year Y]
 *   load import [--year Y] < CSV                  «Класс;Группа;Предмет;Логин;С», as list --csv
 */
#include "calendar.h"
#include "cmd-args.h"
#include "cmd.h"
#include "db-year.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: curriculum list --class 8А [--year Y] [--csv] | set --class 8А SUBJECT HOURS "
              "[--ungraded] | remove --class 8А SUBJECT | import --class 8А < file.csv | copy "
              "--grade 8 --from Y --to Y"));
    return EJ_EXIT_USAGE;
}

static int curriculum_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                           FILE *errf)
{
    static const char *const names[] = { "--year=", "--class=", "--csv", "--ungraded",
                                         "--grade=", "--from=", "--to=" };
    enum { Y, CLASS, CSV, UNGRADED, GRADE, FROM, TO };
    struct cmd_args a;
    if (argc < 2 || !cmd_args_parse(argc, argv, 2, names, 7, &a))
        return usage(errf);
    const char *sub = argv[1];
    struct ej_error err;
    if (!strcmp(sub, "copy")) {
        char *end;
        long g = a.val[GRADE] ? strtol(a.val[GRADE], &end, 10) : 0;
        if (!a.val[GRADE] || *end || !a.val[FROM] || !a.val[TO] || a.npos || a.val[CLASS])
            return usage(errf);
        if (g < 1 || g > 11)
            g = 0; /* refused below, with the rule */
        int classes, rows;
        if (db_curriculum_copy(ctx->db, ctx, a.val[FROM], a.val[TO], (int)g, &classes, &rows,
                               &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d subjects copied into %d classes\n"), rows, classes);
        return 0;
    }
    if (!a.val[CLASS])
        return usage(errf);
    if (!strcmp(sub, "list")) {
        if (a.npos)
            return usage(errf);
        struct db_curriculum *v;
        int n;
        if (db_curriculum_list(ctx->db, ctx, a.val[Y], a.val[CLASS], &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        static const char *const head[] = { "Предмет", "Сокращение", "Часов в неделю",
                                            "Оценивается", "Уроков" };
        struct cmd_table t;
        cmd_table_begin(&t, a.set[CSV], head, 5);
        for (int i = 0; i < n; i++) {
            char lessons[16];
            snprintf(lessons, sizeof lessons, "%d", v[i].lessons);
            const char *row[] = { v[i].subject, v[i].short_name, v[i].hours,
                                  v[i].graded ? "да" : "нет", lessons };
            cmd_table_row(&t, out, row, 5);
        }
        cmd_table_end(&t, out);
        free(v);
        return 0;
    }
    if (!strcmp(sub, "set")) {
        if (a.npos != 2)
            return usage(errf);
        if (db_curriculum_set(ctx->db, ctx, a.val[Y], a.val[CLASS], a.pos[0], a.pos[1],
                              !a.set[UNGRADED], &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    if (!strcmp(sub, "remove")) {
        if (a.npos != 1)
            return usage(errf);
        if (db_curriculum_remove(ctx->db, ctx, a.val[Y], a.val[CLASS], a.pos[0], &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    if (!strcmp(sub, "import")) {
        if (a.npos)
            return usage(errf);
        struct csv_table *t;
        int rc = cmd_args_sheet(in, errf, "curriculum import --class 8А < plan.csv", &t), rows;
        if (rc)
            return rc;
        enum ej_err e = db_curriculum_import(ctx->db, ctx, a.val[Y], a.val[CLASS], t, &rows, &err);
        csv_free(t);
        if (e != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d subjects in the curriculum of %s\n"), rows, a.val[CLASS]);
        return 0;
    }
    return usage(errf);
}

const struct cmd_entry cmd_curriculum = {
    "curriculum", "curriculum list|set|import|copy …",
    N_("the curriculum of a class: subjects, hours a week, graded or not"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, curriculum_exec
};

static int load_usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: load list [--class 8А] [--teacher T] [--year Y] [--csv] | load set --class "
              "8А SUBJECT --teacher T [--group NAME] [--from D] [--year Y] | load import [--year Y] "
              "< file.csv"));
    return EJ_EXIT_USAGE;
}

static int load_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    static const char *const names[] = { "--year=", "--class=", "--csv", "--teacher=", "--group=",
                                         "--from=" };
    enum { Y, CLASS, CSV, TEACHER, GROUP, FROM };
    struct cmd_args a;
    if (argc < 2 || !cmd_args_parse(argc, argv, 2, names, 6, &a))
        return load_usage(errf);
    struct ej_error err;
    if (!strcmp(argv[1], "list")) {
        if (a.npos || a.val[GROUP] || a.val[FROM])
            return load_usage(errf);
        struct db_load *v;
        int n;
        if (db_load_list(ctx->db, ctx, a.val[Y], a.val[CLASS], a.val[TEACHER], &v, &n, &err) !=
            EJ_OK)
            return cmd_fail(errf, &err);
        static const char *const head[] = { "Класс", "Группа", "Предмет", "Учитель",
                                            "Логин", "С",      "По",      "Журнал" };
        struct cmd_table t;
        cmd_table_begin(&t, a.set[CSV], head, 8);
        for (int i = 0; i < n; i++) {
            char f[11] = "", to[11] = "", co[32];
            if (v[i].from)
                cal_ddmmyyyy(v[i].from, f);
            if (v[i].to)
                cal_ddmmyyyy(v[i].to, to);
            snprintf(co, sizeof co, "%lld", v[i].course_id);
            const char *row[] = { v[i].cls, v[i].group, v[i].subject, v[i].teacher, v[i].login,
                                  f, to, co };
            cmd_table_row(&t, out, row, 8);
        }
        cmd_table_end(&t, out);
        free(v);
        return 0;
    }
    if (!strcmp(argv[1], "import")) {
        if (a.npos || a.val[CLASS] || a.val[TEACHER] || a.val[GROUP] || a.val[FROM] || a.set[CSV])
            return load_usage(errf);
        struct csv_table *t;
        int rc = cmd_args_sheet(in, errf, "load import --year 2027/2028 < load.csv", &t), rows;
        if (rc)
            return rc;
        enum ej_err e = db_load_import(ctx->db, ctx, a.val[Y], t, &rows, &err);
        csv_free(t);
        if (e != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d lines of the teaching load saved\n"), rows);
        return 0;
    }
    if (!strcmp(argv[1], "set")) {
        int from;
        if (a.npos != 1 || !a.val[CLASS] || !a.val[TEACHER] || a.set[CSV])
            return load_usage(errf);
        if (!cmd_args_day(a.val[FROM], &from, errf))
            return EJ_EXIT_REFUSED;
        long long course;
        if (db_load_set(ctx->db, ctx, a.val[Y], a.val[CLASS], a.pos[0], a.val[GROUP],
                        a.val[TEACHER], from, &course, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(out, "%lld\n", course);
        return 0;
    }
    return load_usage(errf);
}

const struct cmd_entry cmd_load = {
    "load", "load list|set|import …",
    N_("the teaching load: who teaches which subject to which class, from when"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, load_exec
};
