/*
 * cmd-periods — the periods of the school year and their lock (clause 3.2):
 *   period list [--year 2026/2027]        TSV: scheme, number, name, from, to,
 *                                         locked at, locked by
 *   period lock|unlock --period N [--scheme quarter|half|trimester|year]
 *                                         [--year 2026/2027]
 * For the deputy director and the administrator; a locked period refuses every
 * change in the database itself, naming who locked it and when.
 */
#include "calendar.h"
#include "cmd.h"
#include "db-periods.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n",
            _("usage: period list [--year Y] | period lock|unlock --period N [--scheme S] "
              "[--year Y]"));
    return EJ_EXIT_USAGE;
}

static int period_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                       FILE *errf)
{
    (void)in;
    if (argc < 2)
        return usage(errf);
    const char *year = NULL, *scheme = NULL, *num = NULL;
    for (int i = 2; i < argc; i++) {
        const char **slot = !strcmp(argv[i], "--year")     ? &year
                            : !strcmp(argv[i], "--scheme") ? &scheme
                            : !strcmp(argv[i], "--period") ? &num
                                                           : NULL;
        if (!slot || *slot || i + 1 >= argc)
            return usage(errf);
        *slot = argv[++i];
    }
    struct ej_error err;
    if (!strcmp(argv[1], "list")) {
        if (scheme || num)
            return usage(errf);
        struct db_period *v;
        int n;
        if (db_periods_list(ctx->db, ctx, year, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            char a[11], b[11];
            cal_iso(v[i].starts, a);
            cal_iso(v[i].ends, b);
            fprintf(out, "%s\t%d\t", v[i].scheme, v[i].num);
            cmd_field(out, v[i].name);
            fprintf(out, "\t%s\t%s\t%s\t", a, b, v[i].locked_at);
            cmd_field(out, v[i].locked_by);
            fputc('\n', out);
        }
        free(v);
        return 0;
    }
    bool lock = !strcmp(argv[1], "lock");
    if (!lock && strcmp(argv[1], "unlock"))
        return usage(errf);
    char *end;
    long k = num ? strtol(num, &end, 10) : 0;
    if (!num || !*num || *end || k < 1 || k > 4)
        return usage(errf);
    if (!scheme)
        scheme = "quarter";
    if (strcmp(scheme, "quarter") && strcmp(scheme, "half") && strcmp(scheme, "trimester") &&
        strcmp(scheme, "year"))
        return usage(errf);
    if (db_period_lock(ctx->db, ctx, year, scheme, (int)k, lock, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    fputs(lock ? "locked\n" : "unlocked\n", out);
    return 0;
}

const struct cmd_entry cmd_period = {
    "period", "period list | lock|unlock --period N …",
    N_("the periods of the school year; lock a period after the council, reopen it"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER, period_exec
};
