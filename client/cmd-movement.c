/*
 * cmd-movement — the movement of pupils over SSH (clause 3.3), reached as verbs
 * of the pupils command (client/cmd-pupils.c) and written with
 * common/db-movement.h:
 *   pupils transfer --pupil ID --to 7Б --date DATE --order N
 *   pupils leave --pupil ID --date DATE --order N --reason TEXT [--to-school TEXT]
 *   pupils history --pupil ID      the pupil's classes with dates and orders (TSV)
 *   pupils register --from DATE --to DATE
 *                                  the movement register (книга движения): every move
 *                                  in the period, then per class the pupils at the
 *                                  start, arrived, left, transferred in and out, at the end
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
    "       pupils history --pupil ID\n"                                                       \
    "       pupils register --from DATE --to DATE"

static int usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), MOVE_USAGE);
    return EJ_EXIT_USAGE;
}

struct mopts {
    const char *pupil, *to, *date, *order, *reason, *school, *from, *until;
};

static int parse(int argc, char **argv, struct mopts *o)
{
    static const struct cmd_opt opts[] = {
        { "--pupil", offsetof(struct mopts, pupil), false },
        { "--to", offsetof(struct mopts, to), false },
        { "--date", offsetof(struct mopts, date), false },
        { "--order", offsetof(struct mopts, order), false },
        { "--reason", offsetof(struct mopts, reason), false },
        { "--to-school", offsetof(struct mopts, school), false },
        { "--from", offsetof(struct mopts, from), false },
        { "--to-date", offsetof(struct mopts, until), false },
    };
    memset(o, 0, sizeof *o);
    return cmd_options(argc, argv, 2, opts, sizeof opts / sizeof opts[0], o);
}

static int register_cmd(struct ej_ctx *ctx, const struct mopts *o, FILE *out, FILE *errf)
{
    int from, to;
    if (!o->from || !o->to || o->pupil || o->date || o->order || o->reason || o->school)
        return usage(errf);
    if (!cal_parse_user(o->from, &from) || !cal_parse_user(o->to, &to) || to < from) {
        fprintf(errf, "%s\n", _("ejournal: --from and --to: dates DD.MM.YYYY, the first not after "
                                "the second"));
        return EJ_EXIT_USAGE;
    }
    struct db_movement *m;
    struct db_class_moves *c;
    int nm, nc;
    struct ej_error err;
    if (db_movement_register(ctx->db, ctx, from, to, &m, &nm, &c, &nc, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    static const char *const kinds[] = { "arrived", "left", "transferred-in", "transferred-out" };
    char f[11], t[11];
    cal_iso(from, f);
    cal_iso(to, t);
    fprintf(out, "# %s\t%s\ndate\tpupil\tclass\tevent\torder\tnote\n", f, t);
    for (int i = 0; i < nm; i++) {
        char d[11];
        cal_iso(m[i].day, d);
        fprintf(out, "%s\t", d);
        cmd_field(out, m[i].pupil);
        fprintf(out, "\t%s\t%s\t", m[i].class_name, kinds[m[i].kind]);
        cmd_field(out, m[i].order);
        fputc('\t', out);
        cmd_field(out, m[i].note);
        fputc('\n', out);
    }
    fputs("# class\tstart\tarrived\tleft\tin\tout\tend\n", out);
    int tot[6] = { 0 };
    for (int i = 0; i < nc; i++) {
        fprintf(out, "%s\t%d\t%d\t%d\t%d\t%d\t%d\n", c[i].class_name, c[i].start, c[i].arrived,
                c[i].left, c[i].in, c[i].out, c[i].end);
        int v[6] = { c[i].start, c[i].arrived, c[i].left, c[i].in, c[i].out, c[i].end };
        for (int k = 0; k < 6; k++)
            tot[k] += v[k];
    }
    fprintf(out, "total\t%d\t%d\t%d\t%d\t%d\t%d\n", tot[0], tot[1], tot[2], tot[3], tot[4], tot[5]);
    free(m);
    free(c);
    return 0;
}

int cmd_pupils_move(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    if (!strcmp(argv[1], "register")) {
        struct mopts ro;
        /* --to is the end date here: parse it as such. */
        for (int i = 2; i < argc; i++)
            if (!strcmp(argv[i], "--to"))
                argv[i] = (char *)"--to-date";
        if (parse(argc, argv, &ro) != 0)
            return usage(errf);
        ro.to = ro.until;
        return register_cmd(ctx, &ro, out, errf);
    }
    struct mopts o;
    struct db_move m = { 0 };
    bool transfer = !strcmp(argv[1], "transfer"), history = !strcmp(argv[1], "history");
    if (parse(argc, argv, &o) != 0 || !cmd_id(o.pupil, &m.pupil_id))
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
