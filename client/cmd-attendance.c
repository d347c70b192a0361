/*
 * cmd-attendance — a class's attendance without a terminal (clause 3.4), through
 * the same functions as the class teacher's day screen:
 *   attendance --class 7А [--date DATE]
 *       pupils × the day's lessons (TSV): Н, Б, У, "" (present or not marked),
 *       "-" (a lesson of another study group)
 *   attendance set --class 7А --pupil ID --code Н|Б|У|- [--date DATE] [--lesson NUM]
 *       one lesson (by its number in the day), or the whole day in one step
 *   attendance summary --class 7А [--from DATE --to DATE | --week DATE]
 *       lessons missed per pupil by reason (TSV); default: this week
 * DATE is DD.MM.YYYY or YYYY-MM-DD.  Who may set which code is the policy's.
 */
#include "calendar.h"
#include "cmd.h"
#include "db-attendance.h"
#include "db-journal.h"
#include "diary.h"
#include "i18n.h"
#include "rules.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ATT_USAGE                                                                                 \
    "attendance --class 7А [--date DATE]\n"                                                       \
    "       attendance set --class 7А --pupil ID --code Н|Б|У|- [--date DATE] [--lesson NUM]\n"   \
    "       attendance summary --class 7А [--from DATE --to DATE | --week DATE]"

static int usage(FILE *errf, const char *why)
{
    if (why)
        fprintf(errf, "ejournal: attendance: %s\n", why);
    fprintf(errf, _("usage: %s\n"), ATT_USAGE);
    return EJ_EXIT_USAGE;
}

struct aopts {
    const char *class_name, *date, *pupil, *code, *lesson, *from, *to, *week;
};

static int parse(int argc, char **argv, int first, struct aopts *o, FILE *errf)
{
    static const struct {
        const char *name;
        size_t off;
    } opts[] = {
        { "--class", offsetof(struct aopts, class_name) }, { "--date", offsetof(struct aopts, date) },
        { "--pupil", offsetof(struct aopts, pupil) },      { "--code", offsetof(struct aopts, code) },
        { "--lesson", offsetof(struct aopts, lesson) },    { "--from", offsetof(struct aopts, from) },
        { "--to", offsetof(struct aopts, to) },            { "--week", offsetof(struct aopts, week) },
    };
    memset(o, 0, sizeof *o);
    for (int i = first; i < argc; i++) {
        const char **slot = NULL;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            if (!strcmp(argv[i], opts[k].name))
                slot = (const char **)((char *)o + opts[k].off);
        if (!slot || *slot || i + 1 >= argc)
            return usage(errf, NULL);
        *slot = argv[++i];
    }
    if (!o->class_name)
        return usage(errf, _("--class is needed"));
    return 0;
}

static int date_of(const char *s, int *day, FILE *errf)
{
    if (!s) {
        *day = -1;
        return 0;
    }
    if (!cal_parse_user(s, day)) {
        fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY, e.g. 26.11.2026\n"), s);
        return EJ_EXIT_USAGE;
    }
    return 0;
}

static int show_day(struct ej_ctx *ctx, const struct aopts *o, FILE *out, FILE *errf)
{
    if (o->pupil || o->code || o->lesson || o->from || o->to || o->week)
        return usage(errf, NULL);
    int day, rc = date_of(o->date, &day, errf);
    if (rc)
        return rc;
    struct att_day *a;
    struct ej_error err;
    if (db_attendance_day(ctx->db, ctx, o->class_name, day, &a, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    char iso[11];
    cal_iso(a->day, iso);
    fprintf(out, "# %s\t%s\n", a->class_name, iso);
    fputs("pupil\tname", out);
    for (int l = 0; l < a->nlessons; l++) {
        fprintf(out, "\t%d ", a->lessons[l].num);
        cmd_field(out, a->lessons[l].subject);
    }
    fputc('\n', out);
    for (int p = 0; p < a->npupils; p++) {
        fprintf(out, "%lld\t", a->pupils[p].id);
        cmd_field(out, a->pupils[p].name);
        for (int l = 0; l < a->nlessons; l++) {
            int c = att_cell(a, p, l);
            fprintf(out, "\t%s", c == ATT_NA ? "-" : rules_value_str((enum rules_value)c));
        }
        fputc('\n', out);
    }
    db_attendance_free(a);
    return 0;
}

static int set(struct ej_ctx *ctx, const struct aopts *o, FILE *out, FILE *errf)
{
    if (!o->pupil || !o->code || o->from || o->to || o->week)
        return usage(errf, _("set: --pupil and --code are needed"));
    char *end;
    long long pupil = strtoll(o->pupil, &end, 10);
    if (!*o->pupil || *end || pupil <= 0)
        return usage(errf, _("--pupil: a pupil's number"));
    enum rules_value code = strcmp(o->code, "-") ? rules_value_parse(o->code) : RV_NONE;
    if (strcmp(o->code, "-") && !rules_is_absence(code)) {
        fprintf(errf, "ejournal: %s\n",
                _("Attendance: only Н (absent), Б (ill) or У (excused reason) (cl. 3.4)"));
        return EJ_EXIT_REFUSED;
    }
    int num = -2;
    if (o->lesson) {
        long v = strtol(o->lesson, &end, 10);
        if (!*o->lesson || *end || v < 0 || v > 10)
            return usage(errf, _("--lesson: the lesson's number in the day, 0 to 10"));
        num = (int)v;
    }
    int day, rc = date_of(o->date, &day, errf);
    if (rc)
        return rc;
    struct att_day *a;
    struct ej_error err;
    if (db_attendance_day(ctx->db, ctx, o->class_name, day, &a, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    int p = -1;
    for (int i = 0; i < a->npupils; i++)
        if (a->pupils[i].id == pupil)
            p = i;
    long long *ids = calloc((size_t)a->nlessons + 1, sizeof *ids);
    int n = 0;
    for (int l = 0; p >= 0 && l < a->nlessons; l++)
        if (att_cell(a, p, l) != ATT_NA && (num == -2 || a->lessons[l].num == num))
            ids[n++] = a->lessons[l].id;
    rc = 0;
    if (p < 0) {
        fprintf(errf, _("ejournal: the pupil is not in class %s on that day\n"), o->class_name);
        rc = EJ_EXIT_REFUSED;
    } else if (n == 0) {
        fprintf(errf, "ejournal: %s\n",
                num == -2 ? _("The pupil has no lessons that day")
                          : _("The pupil has no lesson with that number that day"));
        rc = EJ_EXIT_REFUSED;
    } else if (db_journal_absence_set_many(ctx->db, ctx, ids, n, pupil, code, &err) != EJ_OK) {
        rc = cmd_fail(errf, &err);
    } else {
        fprintf(out, "saved\t%d\n", n);
    }
    free(ids);
    db_attendance_free(a);
    return rc;
}

static int summary(struct ej_ctx *ctx, const struct aopts *o, FILE *out, FILE *errf)
{
    if (o->pupil || o->code || o->lesson || o->date || (!o->from != !o->to) ||
        (o->week && o->from))
        return usage(errf, NULL);
    int from, to, rc;
    if (o->from) {
        if ((rc = date_of(o->from, &from, errf)) || (rc = date_of(o->to, &to, errf)))
            return rc;
        if (to < from)
            return usage(errf, _("--to is before --from"));
    } else {
        int day;
        if ((rc = date_of(o->week, &day, errf)))
            return rc;
        if (day < 0) {
            char today[11];
            struct ej_error err;
            if (db_today(ctx->db, ctx->school_id, today, &err) != EJ_OK)
                return cmd_fail(errf, &err);
            cal_parse(today, &day);
        }
        from = diary_monday(day);
        to = from + 6;
    }
    struct att_summary *s;
    int n;
    struct ej_error err;
    if (db_attendance_summary(ctx->db, ctx, o->class_name, from, to, &s, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    char f[11], t[11];
    cal_iso(from, f);
    cal_iso(to, t);
    fprintf(out, "# %s\t%s\t%s\n", o->class_name, f, t);
    fputs("pupil\tname\tlessons\tmissed\tН\tБ\tУ\n", out);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld\t", s[i].pupil_id);
        cmd_field(out, s[i].name);
        fprintf(out, "\t%d\t%d\t%d\t%d\t%d\n", s[i].lessons, s[i].n + s[i].b + s[i].u, s[i].n,
                s[i].b, s[i].u);
    }
    free(s);
    return 0;
}

static int attendance_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                           FILE *errf)
{
    (void)in;
    struct aopts o;
    int rc;
    if (argc >= 2 && !strcmp(argv[1], "set")) {
        if ((rc = parse(argc, argv, 2, &o, errf)))
            return rc;
        return set(ctx, &o, out, errf);
    }
    if (argc >= 2 && !strcmp(argv[1], "summary")) {
        if ((rc = parse(argc, argv, 2, &o, errf)))
            return rc;
        return summary(ctx, &o, out, errf);
    }
    if ((rc = parse(argc, argv, 1, &o, errf)))
        return rc;
    return show_day(ctx, &o, out, errf);
}

const struct cmd_entry cmd_attendance = {
    "attendance", "attendance [set|summary] --class 7А …",
    N_("a class's attendance for a day; set Н, Б, У for a lesson or the whole day; a summary"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_TEACHER, attendance_exec
};
