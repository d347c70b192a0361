/*
 * cmd-movement — the movement of pupils over SSH (clause 3.3), reached as verbs
 * of the pupils command (client/cmd-pupils.c) and written with
 * common/db-movement.h:
 *   pupils transfer --pupil ID --to 7Б --date DATE --order N
 *   pupils leave --pupil ID --date DATE --order N --reason TEXT [--to-school TEXT]
 *   pupils history --pupil ID      the pupil's classes with dates and orders (TSV)
 * DATE is the first day in the new class (or out of the school), DD.MM.YYYY or
 * YYYY-MM-DD.  Exit 0 / 1 (refused or invalid) / 2 (usage).
 */
#include "calendar.h"
#include "cmd-movement.h"
#include "db-movement.h"
#include "i18n.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MOVE_USAGE                                                                                \
    "pupils transfer --pupil ID --to 7Б --date DATE --order N\n"                                  \
    "       pupils leave --pupil ID --date DATE --order N --reason TEXT [--to-school TEXT]\n"     \
    "       pupils history --pupil ID"

static int usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), MOVE_USAGE);
    return EJ_EXIT_USAGE;
}

struct mopts {
    const char *pupil, *to, *date, *order, *reason, *school;
};

static int parse(int argc, char **argv, struct mopts *o)
{
    static const struct {
        const char *name;
        size_t off;
    } opts[] = {
        { "--pupil", offsetof(struct mopts, pupil) },   { "--to", offsetof(struct mopts, to) },
        { "--date", offsetof(struct mopts, date) },     { "--order", offsetof(struct mopts, order) },
        { "--reason", offsetof(struct mopts, reason) }, { "--to-school", offsetof(struct mopts, school) },
    };
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        const char **slot = NULL;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            if (!strcmp(argv[i], opts[k].name))
                slot = (const char **)((char *)o + opts[k].off);
        if (!slot || *slot || i + 1 >= argc)
            return -1;
        *slot = argv[++i];
    }
    return 0;
}

static bool pupil_id(const char *s, long long *v)
{
    char *end;
    if (!s || !*s)
        return false;
    *v = strtoll(s, &end, 10);
    return !*end && *v > 0;
}

int cmd_pupils_move(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    struct mopts o;
    struct db_move m = { 0 };
    bool transfer = !strcmp(argv[1], "transfer"), history = !strcmp(argv[1], "history");
    if (parse(argc, argv, &o) != 0 || !pupil_id(o.pupil, &m.pupil_id))
        return usage(errf);
    struct ej_error err;
    if (history) {
        if (o.to || o.date || o.order || o.reason || o.school)
            return usage(errf);
        char name[200] = "";
        struct db_spell *v;
        int n;
        if (db_pupil_history(ctx->db, ctx, m.pupil_id, name, &v, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fputs("# ", out);
        cmd_field(out, name);
        fputs("\nclass\tyear\tfrom\tto\torder_in\treason_in\torder_out\treason_out\tdestination\n", out);
        for (int i = 0; i < n; i++) {
            char f[11], t[11] = "";
            cal_iso(v[i].from, f);
            if (v[i].to)
                cal_iso(v[i].to, t);
            fprintf(out, "%s\t%s\t%s\t%s", v[i].class_name, v[i].year, f, t);
            const char *x[] = { v[i].order_in, v[i].reason_in, v[i].order_out, v[i].reason_out,
                                v[i].destination };
            for (int k = 0; k < 5; k++) {
                fputc('\t', out);
                cmd_field(out, x[k]);
            }
            fputc('\n', out);
        }
        free(v);
        return 0;
    }
    if (!o.date || !o.order || (transfer ? (!o.to || o.reason || o.school) : (o.to || !o.reason)))
        return usage(errf);
    if (!cal_parse_user(o.date, &m.day)) {
        fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY, e.g. 26.11.2026\n"), o.date);
        return EJ_EXIT_USAGE;
    }
    m.order = o.order;
    m.to_class = o.to;
    m.reason = o.reason;
    m.destination = o.school ? o.school : "";
    enum ej_err e = transfer ? db_pupil_transfer(ctx->db, ctx, &m, &err)
                             : db_pupil_leave(ctx->db, ctx, &m, &err);
    if (e != EJ_OK)
        return cmd_fail(errf, &err);
    fputs(transfer ? "transferred\n" : "left\n", out);
    return 0;
}
