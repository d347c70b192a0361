/*
 * cmd-journal — journals without a terminal, through the same common/ functions
 * the screens use (db-journal.c, journal.c, policy.c):
 *   journal list                          the journals you may open (TSV)
 *   journal show COURSE [--period ID]      one journal as TSV: pupils × lessons, averages, final
 *   journal mark LESSON PUPIL VALUE [WORK] set a mark 2-5, an absence Н/Б/У, or "-" to clear
 */
#include "calendar.h"
#include "cmd.h"
#include "db-journal.h"
#include "i18n.h"
#include "journal.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: journal list | journal show COURSE [--period ID] | "
              "journal mark LESSON PUPIL VALUE [WORK]"));
    return EJ_EXIT_USAGE;
}

static int cmd_journal_list(struct ej_ctx *ctx, FILE *out, FILE *errf)
{
    struct db_course *c;
    int n;
    struct ej_error err;
    if (db_journal_courses(ctx->db, ctx, &c, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++)
        fprintf(out, "%lld\t%s\t%s\t%s\t%s\t%s\n", c[i].id, c[i].class_name, c[i].group_name,
                c[i].subject, c[i].teacher, c[i].mine ? "edit" : "read");
    free(c);
    return 0;
}

static int cmd_journal_show(struct ej_ctx *ctx, long long course, long long period, FILE *out,
                        FILE *errf)
{
    struct journal *j;
    struct ej_error err;
    if (db_journal_load(ctx->db, ctx, course, period, &j, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    const struct journal_period *per = journal_period(j);
    fprintf(out, "# %s%s%s\t%s\t%s\t%s\n", j->class_name, *j->group_name ? " " : "", j->group_name,
            j->subject_name, j->teacher_name, per ? per->name : "");
    fputs("pupil", out);
    for (int c = 0; c < j->ncols; c++) {
        char d[6];
        cal_ddmm(j->lessons[j->cols[c].lesson].date, d);
        const struct journal_work *w = journal_col_work(j, c);
        fprintf(out, "\t%s%s%s", d, w ? " " : "", w ? j->types[w->type].short_name : "");
    }
    fputs("\tavg\tweighted\tfinal\tsuggested\n", out);
    for (int p = 0; p < j->npupils; p++) {
        fputs(j->pupils[p].label, out);
        for (int c = 0; c < j->ncols; c++) {
            char t[16];
            journal_cell_text(j, p, c, t);
            fprintf(out, "\t%s", journal_cell_active(j, p, c) ? t : "x");
        }
        struct journal_avg a;
        journal_average(j, p, &a);
        fprintf(out, "\t%.2f\t%.2f\t%s\t%s\n", a.arith, a.weighted,
                rules_value_str((enum rules_value)j->finals[p]),
                rules_value_str(journal_suggest(j, p)));
    }
    journal_free(j);
    return 0;
}

static int cmd_journal_mark(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    long long lesson, pupil, work = 0;
    if (!cmd_id(argv[2], &lesson) || !cmd_id(argv[3], &pupil) ||
        (argc == 6 && !cmd_id(argv[5], &work)))
        return usage(errf);
    const char *val = argv[4];
    enum rules_value v = strcmp(val, "-") == 0 ? RV_NONE : rules_value_parse(val);
    struct ej_error err;
    enum ej_err e;
    if (strcmp(val, "-") != 0 && v == RV_NONE) {
        fprintf(errf, "ejournal: %s\n", rules_refusal(RULES_CELL_MARK, true));
        return EJ_EXIT_REFUSED;
    }
    if (rules_is_absence(v)) {
        e = db_journal_absence_set(ctx->db, ctx, lesson, pupil, v, &err);
    } else if (v == RV_NONE && !work) {
        e = db_journal_absence_set(ctx->db, ctx, lesson, pupil, RV_NONE, &err);
    } else {
        if (v == RV_K) {
            fprintf(errf, "ejournal: %s\n",
                    _("К is only a period final for a subject without marks (cl. 3.5)"));
            return EJ_EXIT_REFUSED;
        }
        e = db_journal_mark_set(ctx->db, ctx, lesson, work, pupil, 1, (int)v, &work, &err);
    }
    if (e != EJ_OK)
        return cmd_fail(errf, &err);
    fprintf(out, "saved\n");
    return 0;
}

static int journal_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                        FILE *errf)
{
    (void)in;
    if (argc >= 2 && strcmp(argv[1], "list") == 0 && argc == 2)
        return cmd_journal_list(ctx, out, errf);
    if (argc >= 3 && strcmp(argv[1], "show") == 0) {
        long long course, period = 0;
        if (!cmd_id(argv[2], &course))
            return usage(errf);
        if (argc == 5 && strcmp(argv[3], "--period") == 0) {
            if (!cmd_id(argv[4], &period))
                return usage(errf);
        } else if (argc != 3) {
            return usage(errf);
        }
        return cmd_journal_show(ctx, course, period, out, errf);
    }
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "mark") == 0)
        return cmd_journal_mark(ctx, argc, argv, out, errf);
    return usage(errf);
}

const struct cmd_entry cmd_journal = {
    "journal", "journal list | show COURSE [--period ID] | mark LESSON PUPIL VALUE [WORK]",
    N_("journals as tab-separated text; set a mark or an absence"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_TEACHER, journal_exec
};
