/*
 * cmd-year — the school year's calendar and classes, and the school's subjects
 * (clause 3.2, issue #8), for the deputy director and the administrator (the
 * rest of the staff read):
 *   year list                                 TSV: year, first day, last day, classes,
 *                                             school days
 *   year show [--year Y]                      the year: periods with their school days,
 *                                             holidays, calendar exceptions, classes
 *   year create 2027/2028 --from D --to D     a new year (with its 'year' period)
 *   year periods --scheme quarter|trimester|half D1-D2 … [--year Y]
 *   year holiday add NAME D1-D2 [--year Y] | year holiday remove ID
 *   year day D --as пн…сб | --off | --clear [--note TEXT] [--year Y]
 *                                             a moved working day, an extra day off
 *   year week 5|6                             five or six school days a week
 *   year class 8А [--teacher T|-] [--scheme S] [--shift 1|2] [--year Y]
 *                                             a class of the year, created or changed
 *   year bells [--shift N] [--csv]            the bells; year bells --shift N --set < CSV
 *                                             («Урок;Начало;Конец») replaces a shift's
 *   subjects list | subjects add NAME SHORT
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
            _("usage: year list | show [--year Y] | create 2027/2028 --from D --to D | periods "
              "--scheme S D1-D2 … [--year Y] | holiday add NAME D1-D2 [--year Y] | holiday remove "
              "ID | day D --as пн|--off|--clear [--note T] [--year Y] | week 5|6 | class 8А "
              "[--teacher T] [--scheme S] [--shift N] [--year Y] | bells [--shift N] [--set]"));
    return EJ_EXIT_USAGE;
}

static void day_cell(FILE *out, int day)
{
    char d[11] = "";
    if (day)
        cal_iso(day, d);
    fputs(d, out);
}

static int show(struct ej_ctx *ctx, const char *year, FILE *out, FILE *errf)
{
    struct db_year_show s;
    struct ej_error err;
    if (db_year_show(ctx->db, ctx, year, &s, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    fprintf(out, "year\t%s\t", s.year.name);
    day_cell(out, s.year.starts);
    fputc('\t', out);
    day_cell(out, s.year.ends);
    fprintf(out, "\t%d\t%s\n", s.year.workdays, s.six_days ? "6" : "5");
    for (int i = 0; i < s.nperiods; i++) {
        const struct db_year_period *p = &s.periods[i];
        fprintf(out, "period\t%s\t%d\t", p->scheme, p->num);
        cmd_field(out, p->name);
        fputc('\t', out);
        day_cell(out, p->starts);
        fputc('\t', out);
        day_cell(out, p->ends);
        fprintf(out, "\t%d\t", p->workdays);
        cmd_field(out, p->locked);
        fputc('\n', out);
    }
    for (int i = 0; i < s.nholidays; i++) {
        fprintf(out, "holiday\t%lld\t", s.holidays[i].id);
        cmd_field(out, s.holidays[i].name);
        fputc('\t', out);
        day_cell(out, s.holidays[i].starts);
        fputc('\t', out);
        day_cell(out, s.holidays[i].ends);
        fputc('\n', out);
    }
    for (int i = 0; i < s.ndays; i++) {
        fputs("day\t", out);
        day_cell(out, s.days[i].day);
        fprintf(out, "\t%s\t", s.days[i].as_weekday ? year_weekday_name(s.days[i].as_weekday)
                                                     : _("day off"));
        cmd_field(out, s.days[i].note);
        fputc('\n', out);
    }
    for (int i = 0; i < s.nclasses; i++) {
        const struct db_year_class *c = &s.classes[i];
        fprintf(out, "class\t%s\t", c->name);
        cmd_field(out, c->teacher);
        fprintf(out, "\t%s\t%d\t%d\t%d\t%d.%d\t%d\t%d\n", c->scheme, c->shift, c->pupils,
                c->subjects, c->hours10 / 10, c->hours10 % 10, c->slots, c->lessons);
    }
    db_year_show_free(&s);
    return 0;
}

static int bells(struct ej_ctx *ctx, const struct cmd_args *a, FILE *in, FILE *out, FILE *errf)
{
    /* options: 0 --year 1 --shift 2 --set 3 --csv */
    int shift = a->val[1] ? atoi(a->val[1]) : 0;
    if (a->val[1] && (shift < 1 || shift > 2 || strlen(a->val[1]) != 1))
        return usage(errf);
    struct ej_error err;
    if (!a->set[2]) {
        struct db_bell *v;
        int n;
        if (db_bells_list(ctx->db, ctx, shift, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        static const char *const head[] = { "Смена", "Урок", "Начало", "Конец" };
        struct cmd_table t;
        cmd_table_begin(&t, a->set[3], head, 4);
        for (int i = 0; i < n; i++) {
            char sh[8], num[8], s[16], e[16];
            snprintf(sh, sizeof sh, "%d", v[i].shift);
            snprintf(num, sizeof num, "%d", v[i].num);
            snprintf(s, sizeof s, "%02d:%02d", v[i].starts / 60, v[i].starts % 60);
            snprintf(e, sizeof e, "%02d:%02d", v[i].ends / 60, v[i].ends % 60);
            const char *row[] = { sh, num, s, e };
            cmd_table_row(&t, out, row, 4);
        }
        cmd_table_end(&t, out);
        free(v);
        return 0;
    }
    if (!shift)
        return usage(errf);
    struct csv_table *t;
    int rc = cmd_args_sheet(in, errf, "year bells --shift 1 --set < bells.csv", &t);
    if (rc)
        return rc;
    static const struct sheet_col cols[] = {
        { "Урок", "lesson", true }, { "Начало", "start", true }, { "Конец", "end", true }
    };
    int idx[3];
    struct db_bell *v = xcalloc((size_t)t->nrecords, sizeof *v);
    int n = 0;
    enum ej_err e = sheet_map(t, cols, 3, idx, &err);
    for (int i = 1; i < t->nrecords && e == EJ_OK; i++) {
        struct csv_record *r = &t->records[i];
        const char *num = sheet_get(r, idx[0]);
        char *end;
        long k = strtol(num, &end, 10);
        int s = year_time_parse(sheet_get(r, idx[1])), f = year_time_parse(sheet_get(r, idx[2]));
        if (!*num || *end || k < 0 || k > 10 || s < 0 || f < 0)
            e = ej_error_set(&err, EJ_EINVAL,
                             _("line %d: a lesson number and two times, e.g. 1;08:30;09:15"),
                             r->line);
        else
            v[n++] = (struct db_bell){ shift, (int)k, s, f };
    }
    if (e == EJ_OK)
        e = db_bells_set(ctx->db, ctx, shift, v, n, &err);
    free(v);
    csv_free(t);
    if (e != EJ_OK)
        return cmd_fail(errf, &err);
    fprintf(errf, P_("ejournal: %d bell of shift %d saved\n", "ejournal: %d bells of shift %d saved\n", n),
            n, shift);
    return 0;
}

static int year_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    static const char *const names[] = { "--year=", "--shift=", "--set", "--csv",  "--from=",
                                         "--to=",   "--scheme=", "--as=", "--off", "--clear",
                                         "--note=", "--teacher=" };
    enum { Y, SHIFT, SET, CSV, FROM, TO, SCHEME, AS, OFF, CLEAR, NOTE, TEACHER };
    struct cmd_args a;
    if (argc < 2 || !cmd_args_parse(argc, argv, 2, names, 12, &a))
        return usage(errf);
    const char *sub = argv[1];
    struct ej_error err;
    enum ej_err e;
    if (!strcmp(sub, "list")) {
        if (a.npos || a.set[Y])
            return usage(errf);
        struct db_year *v;
        int n;
        if (db_years_list(ctx->db, ctx, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            fprintf(out, "%s\t", v[i].name);
            day_cell(out, v[i].starts);
            fputc('\t', out);
            day_cell(out, v[i].ends);
            fprintf(out, "\t%d\t%d\n", v[i].classes, v[i].workdays);
        }
        free(v);
        return 0;
    }
    if (!strcmp(sub, "show"))
        return a.npos ? usage(errf) : show(ctx, a.val[Y], out, errf);
    if (!strcmp(sub, "bells"))
        return a.npos ? usage(errf) : bells(ctx, &a, in, out, errf);
    if (!strcmp(sub, "create")) {
        int from, to;
        if (a.npos != 1 || !a.val[FROM] || !a.val[TO])
            return usage(errf);
        if (!cmd_args_day(a.val[FROM], &from, errf) || !cmd_args_day(a.val[TO], &to, errf))
            return EJ_EXIT_REFUSED;
        if ((e = db_year_create(ctx->db, ctx, a.pos[0], from, to, &err)) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: the school year %s is created\n"), a.pos[0]);
        return 0;
    }
    if (!strcmp(sub, "periods")) {
        if (!a.val[SCHEME] || a.npos < 1)
            return usage(errf);
        int s[CMD_ARGS_MAX], f[CMD_ARGS_MAX];
        for (int i = 0; i < a.npos; i++)
            if (!year_range_parse(a.pos[i], &s[i], &f[i])) {
                fprintf(errf, _("ejournal: \"%s\" is not a range of dates: 01.09.2027-24.10.2027\n"),
                        a.pos[i]);
                return EJ_EXIT_REFUSED;
            }
        if (db_year_periods_set(ctx->db, ctx, a.val[Y], a.val[SCHEME], s, f, a.npos, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, _("ejournal: %d periods saved\n"), a.npos);
        return 0;
    }
    if (!strcmp(sub, "holiday")) {
        if (a.npos == 3 && !strcmp(a.pos[0], "add")) {
            int s, f;
            long long id;
            if (!year_range_parse(a.pos[2], &s, &f)) {
                fprintf(errf, _("ejournal: \"%s\" is not a range of dates: 01.09.2027-24.10.2027\n"),
                        a.pos[2]);
                return EJ_EXIT_REFUSED;
            }
            if (db_year_holiday_add(ctx->db, ctx, a.val[Y], a.pos[1], s, f, &id, &err) != EJ_OK)
                return cmd_fail(errf, &err);
            fprintf(out, "%lld\n", id);
            return 0;
        }
        long long id;
        if (a.npos != 2 || strcmp(a.pos[0], "remove") || !cmd_id(a.pos[1], &id) || a.set[Y])
            return usage(errf);
        if (db_year_holiday_remove(ctx->db, ctx, id, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    if (!strcmp(sub, "day")) {
        int day, wd = a.set[OFF] ? 0 : a.set[CLEAR] ? -1 : year_weekday_parse(a.val[AS]);
        if (a.npos != 1 || (a.set[AS] + a.set[OFF] + a.set[CLEAR]) != 1)
            return usage(errf);
        if (a.set[AS] && (wd < 1 || wd > 6)) {
            fprintf(errf, _("ejournal: \"%s\" is not a school day: пн, вт, ср, чт, пт, сб\n"),
                    a.val[AS]);
            return EJ_EXIT_REFUSED;
        }
        if (!cmd_args_day(a.pos[0], &day, errf))
            return EJ_EXIT_REFUSED;
        if (db_year_day_set(ctx->db, ctx, a.val[Y], day, wd, a.val[NOTE], &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    if (!strcmp(sub, "week")) {
        if (a.npos != 1 || (strcmp(a.pos[0], "5") && strcmp(a.pos[0], "6")) || a.set[Y])
            return usage(errf);
        if (db_school_week_set(ctx->db, ctx, a.pos[0][0] == '6', &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    if (!strcmp(sub, "class")) {
        if (a.npos != 1)
            return usage(errf);
        int shift = 0;
        if (a.val[SHIFT]) {
            shift = atoi(a.val[SHIFT]);
            if (strlen(a.val[SHIFT]) != 1 || (shift != 1 && shift != 2))
                return usage(errf);
        }
        bool created;
        if (db_year_class_set(ctx->db, ctx, a.val[Y], a.pos[0], a.val[TEACHER], a.val[SCHEME],
                              shift, &created, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(errf, created ? _("ejournal: the class %s is created\n")
                              : _("ejournal: the class %s is changed\n"),
                a.pos[0]);
        return 0;
    }
    return usage(errf);
}

const struct cmd_entry cmd_year = {
    "year", "year list|show|create|periods|class …",
    N_("the school year: periods, holidays, moved days, classes, bells"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, year_exec
};

static int subjects_usage(FILE *errf)
{
    fprintf(errf, "%s\n", _("usage: subjects list | subjects add NAME SHORT_NAME"));
    return EJ_EXIT_USAGE;
}

static int subjects_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                         FILE *errf)
{
    (void)in;
    struct ej_error err;
    if (argc == 2 && !strcmp(argv[1], "list")) {
        struct db_subject *v;
        int n;
        if (db_subjects_list(ctx->db, ctx, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            fprintf(out, "%lld\t", v[i].id);
            cmd_field(out, v[i].name);
            fputc('\t', out);
            cmd_field(out, v[i].short_name);
            fputc('\n', out);
        }
        free(v);
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "add")) {
        long long id;
        if (db_subject_add(ctx->db, ctx, argv[2], argv[3], &id, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(out, "%lld\n", id);
        return 0;
    }
    return subjects_usage(errf);
}

const struct cmd_entry cmd_subjects = {
    "subjects", "subjects list | add NAME SHORT", N_("the school's subjects"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, subjects_exec
};
