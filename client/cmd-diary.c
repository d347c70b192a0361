/*
 * cmd-diary — a pupil's diary without a terminal, from the same common/diary.h
 * the diary screen draws (one code path, the same policy decision):
 *   children                               your own pupils: id, name, class (TSV)
 *   diary [--week DATE] [--pupil ID]       the week's lessons (TSV)
 *   marks [--period N] [--pupil ID]        per subject: marks, average, finals (TSV)
 * DATE is DD.MM.YYYY or YYYY-MM-DD.  Without --pupil: the account's only child
 * (or the pupil themself); a parent of several must choose.  Another family's
 * pupil is refused with exit 1 and nothing of them is printed.
 */
#include "calendar.h"
#include "cmd.h"
#include "diary.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf, const char *what)
{
    fprintf(errf, "ejournal: %s\n", what);
    return EJ_EXIT_USAGE;
}

/* The pupil a command is about: --pupil, else the only own child. */
static int which_pupil(struct ej_ctx *ctx, const char *arg, long long *pupil, FILE *errf)
{
    if (arg) {
        if (!cmd_id(arg, pupil))
            return usage(errf, _("--pupil: a pupil's number (see the command children)"));
        return 0;
    }
    struct diary_child *c;
    int n;
    struct ej_error err;
    if (db_diary_children(ctx->db, ctx, &c, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    int rc = 0;
    if (n == 1) {
        *pupil = c[0].pupil_id;
    } else if (n == 0) {
        fprintf(errf, "ejournal: %s\n",
                (ctx->roles & (ROLE_PARENT | ROLE_PUPIL))
                    ? _("No pupil is linked to this account. The class teacher links parents to "
                        "their children (cl. 3.4).")
                    : _("Give the pupil: --pupil ID"));
        rc = (ctx->roles & (ROLE_PARENT | ROLE_PUPIL)) ? EJ_EXIT_REFUSED : EJ_EXIT_USAGE;
    } else {
        rc = usage(errf, _("You have several children: choose one with --pupil ID (see the "
                           "command children)"));
    }
    free(c);
    return rc;
}

/* Options: --week/--period VALUE and --pupil ID, each at most once. */
static int options(int argc, char **argv, const char *valopt, const char **val,
                   const char **pupil, FILE *errf, const char *use)
{
    *val = *pupil = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = !strcmp(argv[i], valopt) ? val : !strcmp(argv[i], "--pupil") ? pupil : NULL;
        if (!slot || *slot || i + 1 >= argc)
            return usage(errf, use);
        *slot = argv[++i];
    }
    return 0;
}

static int children_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                         FILE *errf)
{
    (void)argv;
    (void)in;
    if (argc != 1)
        return usage(errf, _("usage: children"));
    struct diary_child *c;
    int n;
    struct ej_error err;
    if (db_diary_children(ctx->db, ctx, &c, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld\t", c[i].pupil_id);
        cmd_field(out, c[i].name);
        fputc('\t', out);
        cmd_field(out, c[i].class_name);
        fputc('\n', out);
    }
    free(c);
    return 0;
}

static int load(struct ej_ctx *ctx, const char *pupil_arg, int day, struct diary **d, FILE *errf)
{
    long long pupil = 0;
    int rc = which_pupil(ctx, pupil_arg, &pupil, errf);
    if (rc != 0)
        return rc;
    struct ej_error err;
    if (db_diary_load(ctx->db, ctx, pupil, day, d, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    return 0;
}

static int diary_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    (void)in;
    const char *week, *pupil;
    const char *use = _("usage: diary [--week DD.MM.YYYY] [--pupil ID]");
    int rc = options(argc, argv, "--week", &week, &pupil, errf, use);
    if (rc)
        return rc;
    int day = -1;
    if (week && !cal_parse_user(week, &day))
        return usage(errf, _("--week: a date DD.MM.YYYY, e.g. 26.11.2026"));
    struct diary *d;
    if ((rc = load(ctx, pupil, day, &d, errf)) != 0)
        return rc;
    int monday = diary_monday(day >= 0 ? day : d->today);
    char a[11], b[11];
    cal_iso(monday, a);
    cal_iso(monday + 6, b);
    fprintf(out, "# %lld\t", d->pupil_id);
    cmd_field(out, d->pupil);
    fprintf(out, "\t%s\t%s\t%s\n", d->class_name, a, b);
    fputs("date\tnum\ttime\tsubject\tmarks\tabsence\ttopic\thomework\n", out);
    int first, n = diary_lessons_between(d, monday, monday + 7, &first);
    for (int i = first; i < first + n; i++) {
        const struct diary_lesson *l = &d->lessons[i];
        char date[11], marks[64] = "";
        cal_iso(l->date, date);
        size_t o = 0;
        for (int k = 0; k < l->nmarks && o < sizeof marks; k++) {
            const struct diary_mark *m = &d->marks[l->mark0 + k];
            bool retake = k > 0 && d->marks[l->mark0 + k - 1].work_id == m->work_id;
            o += (size_t)snprintf(marks + o, sizeof marks - o, "%s%d %s", k == 0 ? "" : retake ? "/" : ", ",
                                  m->value, m->work_short);
        }
        fprintf(out, "%s\t%d\t%s\t", date, l->num, l->starts);
        cmd_field(out, d->courses[l->course].subject);
        fprintf(out, "\t%s\t%s\t", marks, rules_value_str(l->absence));
        cmd_field(out, l->held ? l->topic : _("the lesson did not take place"));
        fputc('\t', out);
        cmd_field(out, l->homework);
        fputc('\n', out);
    }
    diary_free(d);
    return 0;
}

static int marks_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    (void)in;
    const char *per, *pupil;
    const char *use = _("usage: marks [--period N] [--pupil ID]");
    int rc = options(argc, argv, "--period", &per, &pupil, errf, use);
    if (rc)
        return rc;
    long long pnum = 0;
    if (per && (!cmd_id(per, &pnum) || pnum > 4))
        return usage(errf, _("--period: the period's number, 1 to 4"));
    struct diary *d;
    if ((rc = load(ctx, pupil, -1, &d, errf)) != 0)
        return rc;
    int p = diary_period_at(d, d->today);
    if (pnum) {
        p = -1;
        for (int i = 0; i < d->nperiods; i++)
            if (d->periods[i].num == pnum)
                p = i;
        if (p < 0) {
            fprintf(errf, "ejournal: %s\n", _("The class has no such period this year"));
            diary_free(d);
            return EJ_EXIT_REFUSED;
        }
    }
    const struct diary_period *pe = p >= 0 ? &d->periods[p] : NULL;
    int from = pe ? pe->starts : d->year_starts, to = pe ? pe->ends : d->year_ends;
    fprintf(out, "# %lld\t", d->pupil_id);
    cmd_field(out, d->pupil);
    fprintf(out, "\t%s\t", d->class_name);
    cmd_field(out, pe ? pe->name : d->year);
    fprintf(out, "\t%s\n", d->weighted ? "weighted" : "arithmetic");
    fputs("subject\tmarks\taverage\tfinal\tyear\n", out);
    for (int c = 0; c < d->ncourses; c++) {
        cmd_field(out, d->courses[c].subject);
        if (*d->courses[c].group_name) {
            fputs(" (", out);
            cmd_field(out, d->courses[c].group_name);
            fputc(')', out);
        }
        fputc('\t', out);
        bool any = false;
        for (int i = 0; i < d->nmarks; i++) {
            const struct diary_mark *m = &d->marks[i];
            if (m->course != c || m->date < from || m->date > to)
                continue;
            bool retake = i > 0 && d->marks[i - 1].work_id == m->work_id;
            fprintf(out, "%s%d", !any ? "" : retake ? "/" : " ", m->value);
            any = true;
        }
        int count;
        double avg = diary_average(d, c, from, to, &count);
        if (count)
            fprintf(out, "\t%.2f", avg);
        else
            fputs("\t", out);
        fprintf(out, "\t%s\t%s\n",
                pe ? rules_value_str(diary_final(d, c, "period", pe->id)) : "",
                rules_value_str(diary_final(d, c, "year", 0)));
    }
    diary_free(d);
    return 0;
}

const struct cmd_entry cmd_children = {
    "children", "children", N_("the pupils whose diary you see: number, name, class"), 0,
    children_exec
};

const struct cmd_entry cmd_diary = {
    "diary", "diary [--week DD.MM.YYYY] [--pupil ID]",
    N_("a pupil's week: lessons, marks, absences, topics, homework (TSV)"), 0, diary_exec
};

const struct cmd_entry cmd_marks = {
    "marks", "marks [--period N] [--pupil ID]",
    N_("a pupil's marks by subject for a period, with the average and the finals (TSV)"), 0,
    marks_exec
};
