/*
 * cmd-timetable — the weekly timetable, the lessons generated from it,
 * substitutions, and the calendar-thematic plan (КТП) (clause 3.2, issue #8):
 *   timetable show --class 8А | --teacher T [--on D] [--year Y] [--csv]
 *                              day, lesson, subject, group, room, teacher, bell (and,
 *                              for a teacher, the class)
 *   timetable set --class 8А [--from D] [--year Y] < CSV
 *                              «День;Урок;Предмет;Группа;Кабинет» from day D on;
 *                              a clash is refused and named
 *   timetable generate [--class 8А] [--from D] [--to D] [--year Y] [--apply]
 *                              lessons for the school days; without --apply the plan
 *   timetable substitute LESSON --teacher T | --clear
 *   plan list JOURNAL [--csv]   «№;Тема;Часов» and the dates of the lessons taking it
 *   plan import JOURNAL < CSV   «Тема;Часов» (optional «№»), laid over the lessons
 *   plan add JOURNAL TOPIC [--hours N]  one topic typed at the end of the plan
 *   plan spread JOURNAL         lay it over the lessons again
 */
#include "calendar.h"
#include "cmd-args.h"
#include "cmd.h"
#include "db-year.h"
#include "i18n.h"
#include "year.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: timetable show --class 8А|--teacher T [--on D] [--year Y] [--csv] | set --class 8А "
              "[--from D] [--year Y] < file.csv | generate [--class 8А] [--from D] [--to D] "
              "[--year Y] [--apply] | substitute LESSON --teacher T|--clear"));
    return EJ_EXIT_USAGE;
}

static void print_item(FILE *out, const struct db_gen_item *it)
{
    char d[11];
    cal_ddmmyyyy(it->day, d);
    fprintf(out, "%c\t%s\t%s\t", it->what, d, it->cls);
    cmd_field(out, it->subject);
    fputc('\t', out);
    cmd_field(out, it->group);
    fprintf(out, "\t%d\t", it->num);
    if (it->what == '>')
        fprintf(out, "%d", it->new_num);
    fputc('\n', out);
}

static int timetable_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                          FILE *errf)
{
    static const char *const names[] = { "--year=", "--class=", "--csv",     "--on=",
                                         "--from=", "--to=",    "--apply",   "--teacher=",
                                         "--clear" };
    enum { Y, CLASS, CSV, ON, FROM, TO, APPLY, TEACHER, CLEAR };
    struct cmd_args a;
    if (argc < 2 || !cmd_args_parse(argc, argv, 2, names, 9, &a))
        return usage(errf);
    const char *sub = argv[1];
    struct ej_error err;
    int on, from, to;
    if (!cmd_args_day(a.val[ON], &on, errf) || !cmd_args_day(a.val[FROM], &from, errf) ||
        !cmd_args_day(a.val[TO], &to, errf))
        return EJ_EXIT_REFUSED;
    if (!strcmp(sub, "show")) {
        /* a class's, or a teacher's across classes */
        if (a.npos || !a.val[CLASS] == !a.val[TEACHER])
            return usage(errf);
        struct db_slot *v;
        int n;
        if (db_timetable_show(ctx->db, ctx, a.val[Y], a.val[CLASS], a.val[TEACHER], on, &v, &n,
                              &err) != EJ_OK)
            return cmd_fail(errf, &err);
        static const char *const head[] = { "День",    "Урок",    "Предмет", "Группа",
                                            "Кабинет", "Учитель", "Звонок",  "Класс" };
        struct cmd_table t;
        cmd_table_begin(&t, a.set[CSV], head, a.val[TEACHER] ? 8 : 7);
        for (int i = 0; i < n; i++) {
            char num[8];
            snprintf(num, sizeof num, "%d", v[i].num);
            const char *row[] = { year_weekday_name(v[i].weekday), num, v[i].subject, v[i].group,
                                  v[i].room, v[i].teacher, v[i].bell, v[i].cls };
            cmd_table_row(&t, out, row, a.val[TEACHER] ? 8 : 7);
        }
        cmd_table_end(&t, out);
        free(v);
        return 0;
    }
    if (!strcmp(sub, "set")) {
        if (a.npos || !a.val[CLASS])
            return usage(errf);
        struct csv_table *t;
        int rc = cmd_args_sheet(in, errf, "timetable set --class 8А < timetable.csv", &t), rows;
        if (rc)
            return rc;
        enum ej_err e = db_timetable_set(ctx->db, ctx, a.val[Y], a.val[CLASS], from, t, &rows, &err);
        csv_free(t);
        if (e != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d lessons a week in the timetable of %s\n"), rows, a.val[CLASS]);
        return 0;
    }
    if (!strcmp(sub, "generate")) {
        if (a.npos)
            return usage(errf);
        struct db_gen g;
        if (db_lessons_generate(ctx->db, ctx, a.val[Y], a.val[CLASS], from, to, a.set[APPLY], &g,
                                &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < g.nitems; i++)
            print_item(out, &g.items[i]);
        fprintf(errf,
                a.set[APPLY] ? _("ejournal: %d lessons added, %d empty ones removed, %d moved, %d "
                                 "kept (they hold marks, attendance, a topic or homework), %d "
                                 "already in place\n")
                             : _("ejournal: the plan: %d lessons to add, %d empty ones to remove, %d "
                                 "to move, %d to keep (they hold marks, attendance, a topic or "
                                 "homework), %d already in place; nothing is changed without "
                                 "--apply\n"),
                g.added, g.removed, g.moved, g.kept, g.unchanged);
        db_gen_free(&g);
        return 0;
    }
    if (!strcmp(sub, "substitute")) {
        long long lesson;
        if (a.npos != 1 || !cmd_id(a.pos[0], &lesson) || a.set[TEACHER] == a.set[CLEAR])
            return usage(errf);
        if (db_lesson_substitute(ctx->db, ctx, lesson, a.val[TEACHER], &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    return usage(errf);
}

const struct cmd_entry cmd_timetable = {
    "timetable", "timetable show|set|generate …",
    N_("the weekly timetable, the lessons made from it, substitutions"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, timetable_exec
};

static int plan_usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: plan list JOURNAL [--csv] | plan import JOURNAL < file.csv | plan add "
              "JOURNAL TOPIC [--hours N] | plan spread JOURNAL"));
    return EJ_EXIT_USAGE;
}

static int plan_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    static const char *const names[] = { "--csv", "--hours=" };
    struct cmd_args a;
    long long course;
    bool add = argc >= 2 && !strcmp(argv[1], "add");
    if (argc < 2 || !cmd_args_parse(argc, argv, 2, names, 2, &a) || a.npos != (add ? 2 : 1) ||
        !cmd_id(a.pos[0], &course) || (a.set[1] && !add))
        return plan_usage(errf);
    struct ej_error err;
    if (!strcmp(argv[1], "list")) {
        struct db_ktp_item *v;
        int n;
        if (db_plan_list(ctx->db, ctx, course, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        static const char *const head[] = { "№", "Тема", "Часов", "Первый урок", "Последний урок" };
        struct cmd_table t;
        cmd_table_begin(&t, a.set[0], head, 5);
        for (int i = 0; i < n; i++) {
            char num[16], hours[16], f[11] = "", l[11] = "";
            snprintf(num, sizeof num, "%d", v[i].num);
            snprintf(hours, sizeof hours, "%d", v[i].hours);
            if (v[i].first_day)
                cal_ddmmyyyy(v[i].first_day, f);
            if (v[i].last_day)
                cal_ddmmyyyy(v[i].last_day, l);
            const char *row[] = { num, v[i].topic, hours, f, l };
            cmd_table_row(&t, out, row, 5);
        }
        cmd_table_end(&t, out);
        free(v);
        return 0;
    }
    if (a.set[0])
        return plan_usage(errf);
    int items = 0, lessons = 0;
    if (!strcmp(argv[1], "import")) {
        struct csv_table *t;
        int rc = cmd_args_sheet(in, errf, "plan import JOURNAL < ktp.csv", &t);
        if (rc)
            return rc;
        enum ej_err e = db_plan_import(ctx->db, ctx, course, t, &items, &lessons, &err);
        csv_free(t);
        if (e != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d topics in the plan; %d lessons took their topics\n"), items,
                lessons);
        return 0;
    }
    if (add) {
        char *end;
        long h = a.val[1] ? strtol(a.val[1], &end, 10) : 1;
        if (a.val[1] && (*end || !*a.val[1] || h < 1 || h > 50))
            h = 0; /* refused below, with the rule */
        if (db_plan_add(ctx->db, ctx, course, a.pos[1], (int)h, &lessons, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d lessons took their topics\n"), lessons);
        return 0;
    }
    if (!strcmp(argv[1], "spread")) {
        if (db_plan_spread(ctx->db, ctx, course, &lessons, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d lessons took their topics\n"), lessons);
        return 0;
    }
    return plan_usage(errf);
}

const struct cmd_entry cmd_plan = {
    "plan", "plan list|import|add JOURNAL …",
    N_("the calendar-thematic plan (КТП) of a journal: topics in order"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, plan_exec
};
