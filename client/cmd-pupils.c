/*
 * cmd-pupils — pupils and class lists without a terminal (issue #5, cl. 3.3),
 * through common/db-pupils.c and its policy checks:
 *   pupils list [--class 7А] [--csv]      the pupils of a class (or of every class
 *                                         you may see): tab-separated, or CSV for a
 *                                         spreadsheet (UTF-8 with BOM, ';')
 *   pupils import --class 7А [--date DD.MM.YYYY] [--order N] [--apply] < list.csv
 *                                         check a class list; with --apply enroll
 *                                         every pupil in it, or none
 *   pupils edit ID [--surname S] [--name N] [--patronymic P] [--birth DD.MM.YYYY]
 *               [--sex М|Ж] [--file-no N] [--address TEXT] [--paper да|нет]
 *                                         change the pupil's personal data: every
 *                                         field checked first, one transaction
 * Pupils go to stdout (tab-separated), messages and problems to stderr.  Exit 0
 * success (a clean check), 1 refused or problems in the file (nothing written),
 * 2 usage, 3 database unavailable.
 */
#include "calendar.h"
#include "cmd.h"
#include "cmd-movement.h"
#include "csv.h"
#include "db-pupils.h"
#include "i18n.h"
#include "pupils.h"
#include "utf8.h"
#include "xmalloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PUPILS_USAGE                                                                              \
    "pupils list [--class 7А] [--csv] | pupils list --left\n"                                      \
    "       pupils import --class 7А [--date DD.MM.YYYY] [--order N] [--apply] < list.csv\n"        \
    "       pupils add --class 7А --surname S --name N [--patronymic P] --birth DD.MM.YYYY\n"     \
    "                  --sex М|Ж [--file-no N] [--address TEXT] [--date DD.MM.YYYY] [--order N]\n" \
    "       pupils edit ID [--surname S] [--name N] [--patronymic P] [--birth DD.MM.YYYY]\n"   \
    "                      [--sex М|Ж] [--file-no N] [--address TEXT] [--paper да|нет]"

#define MAX_ORDER 64

struct popts {
    const char *class_name, *date, *order;
    bool csv, apply, left;
};

static int usage(FILE *errf, const char *why)
{
    if (why)
        fprintf(errf, "ejournal: pupils: %s\n", why);
    fprintf(errf, _("usage: %s\n"), PUPILS_USAGE);
    return EJ_EXIT_USAGE;
}

static int usage_arg(FILE *errf, const char *fmt, const char *arg)
{
    char *why = xasprintf(fmt, arg);
    int rc = usage(errf, why);
    free(why);
    return rc;
}

/* argv[2…]: the options of `pupils list` (import false) or `pupils import`. */
static int parse(int argc, char **argv, bool import, struct popts *o, FILE *errf)
{
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--csv") && !import) {
            o->csv = true;
            continue;
        }
        if (!strcmp(a, "--left") && !import) {
            o->left = true;
            continue;
        }
        if (!strcmp(a, "--apply") && import) {
            o->apply = true;
            continue;
        }
        static const char *const names[] = { "--class", "--date", "--order" };
        const char **slots[] = { &o->class_name, &o->date, &o->order };
        int k = -1;
        const char *val = NULL;
        for (int n = 0; n < 3 && k < 0; n++) {
            size_t l = strlen(names[n]);
            if (n > 0 && !import)
                break;
            if (!strcmp(a, names[n])) {
                if (i + 1 >= argc)
                    return usage_arg(errf, _("%s needs a value"), a);
                k = n;
                val = argv[++i];
            } else if (!strncmp(a, names[n], l) && a[l] == '=') {
                k = n;
                val = a + l + 1;
            }
        }
        if (k < 0)
            return usage_arg(errf, _("unknown option \"%s\""), a);
        *slots[k] = val;
    }
    if (import && !o->class_name)
        return usage(errf, _("import: --class is needed"));
    return EJ_EXIT_OK;
}

/* A value for one tab-separated cell: no tabs or line breaks, nothing a terminal
 * would act on. */
static void tsv_cell(FILE *out, const char *v)
{
    char *s = xstrdup(v ? v : "");
    for (char *p = s; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    char *inert = utf8_inert(s, false);
    fputs(inert, out);
    free(inert);
    free(s);
}

/* pupils list --left: who left the school this year (TSV: id, last class, surname,
 * name, patronymic, birth date, the first day out, order, reason → destination). */
static int cmd_pupils_left(struct ej_ctx *ctx, const struct popts *o, FILE *out, FILE *errf)
{
    if (o->class_name || o->csv)
        return usage(errf, _("--left: the whole school's, as tab-separated text"));
    struct db_pupil *v;
    int n;
    struct ej_error err;
    if (db_pupils_left(ctx->db, ctx, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        char birth[11], left[11];
        cal_ddmmyyyy(v[i].birth, birth);
        cal_ddmmyyyy(v[i].left, left);
        fprintf(out, "%lld\t%s\t", v[i].id, v[i].class_name);
        const char *f[] = { v[i].surname, v[i].name, v[i].patronymic, birth, left, v[i].order_out,
                            v[i].reason_out };
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
            if (k)
                fputc('\t', out);
            cmd_field(out, f[k]);
        }
        fputc('\n', out);
    }
    db_pupils_free(v, n);
    return 0;
}

static int cmd_pupils_list(struct ej_ctx *ctx, const struct popts *o, FILE *out, FILE *errf)
{
    if (o->left)
        return cmd_pupils_left(ctx, o, out, errf);
    struct db_pupil *v;
    int n;
    struct ej_error err;
    if (db_pupils_list(ctx->db, ctx, o->class_name, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    if (o->csv) {
        struct ej_buf b;
        buf_init(&b);
        csv_write_begin(&b);
        const char *head[] = { pupils_column(PF_SURNAME), pupils_column(PF_NAME),
                               pupils_column(PF_PATRONYMIC), pupils_column(PF_BIRTH),
                               pupils_column(PF_SEX), pupils_column(PF_FILE_NO),
                               pupils_column(PF_ADDRESS), pupils_column(PF_CLASS) };
        csv_write_row(&b, head, 8);
        for (int i = 0; i < n; i++) {
            char birth[11];
            cal_ddmmyyyy(v[i].birth, birth);
            const char *row[] = { v[i].surname, v[i].name, v[i].patronymic, birth,
                                  v[i].sex, v[i].file_no, v[i].address, v[i].class_name };
            csv_write_row(&b, row, 8);
        }
        fwrite(b.data, 1, b.len, out);
        buf_free(&b);
    } else {
        for (int i = 0; i < n; i++) {
            char birth[11], from[11];
            cal_ddmmyyyy(v[i].birth, birth);
            cal_ddmmyyyy(v[i].from, from);
            fprintf(out, "%lld\t", v[i].id);
            const char *cells[] = { v[i].class_name, v[i].surname, v[i].name, v[i].patronymic,
                                    birth, v[i].sex, v[i].file_no, v[i].address, from,
                                    v[i].order_in };
            for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
                if (k)
                    fputc('\t', out);
                tsv_cell(out, cells[k]);
            }
            fputc('\n', out);
        }
    }
    db_pupils_free(v, n);
    if (fflush(out) != 0) {
        fprintf(errf, _("ejournal: cannot write: %s\n"), strerror(errno));
        return EJ_EXIT_TEMP;
    }
    return EJ_EXIT_OK;
}

/* A date as DD.MM.YYYY (or YYYY-MM-DD). */
static bool parse_date(const char *s, int *day)
{
    if (cal_parse(s, day))
        return true;
    int d, m, y, used = 0;
    if (strlen(s) != 10 || sscanf(s, "%2d.%2d.%4d%n", &d, &m, &y, &used) != 3 || used != 10)
        return false;
    int z = cal_days(y, m, d), yy, mm, dd;
    cal_civil(z, &yy, &mm, &dd);
    if (m < 1 || m > 12 || yy != y || mm != m || dd != d)
        return false;
    *day = z;
    return true;
}

static void print_problem(FILE *errf, const struct pupil_problem *p)
{
    char *msg = utf8_inert(p->msg, false);
    if (p->line > 0) {
        fprintf(errf, _("line %d: %s"), p->line, msg);
        fputc('\n', errf);
    } else {
        fprintf(errf, "%s\n", msg);
    }
    free(msg);
}

static int cmd_pupils_import(struct ej_ctx *ctx, const struct popts *o, FILE *in, FILE *out,
                             FILE *errf)
{
    struct db_pupils_import a = { o->class_name, -1, o->order ? o->order : "", o->apply };
    if (o->date && !parse_date(o->date, &a.day)) {
        fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY, e.g. 01.09.2026\n"),
                o->date);
        return EJ_EXIT_REFUSED;
    }
    if (o->order) {
        bool bad = strlen(o->order) > MAX_ORDER || !utf8_valid(o->order);
        for (const char *p = o->order; *p && !bad; p++)
            bad = (unsigned char)*p < 0x20 || *p == 0x7f;
        if (bad) {
            fprintf(errf, _("ejournal: the order number is up to %d characters of text\n"),
                    MAX_ORDER);
            return EJ_EXIT_REFUSED;
        }
    }
    if (isatty(fileno(in)))
        return usage(errf, _("give the class list on standard input: pupils import --class 7А "
                             "< list.csv"));
    struct ej_buf b;
    int rc = cmd_read_input(in, &b, errf);
    if (rc)
        return rc;

    struct pupil_sheet s;
    int imported = 0;
    struct ej_error err;
    ej_error_clear(&err);
    enum ej_err e = db_pupils_import(ctx->db, ctx, &a, b.data ? b.data : "", b.len, &s,
                                     &imported, &err);
    buf_free(&b);
    if (s.sep) /* the file was read as CSV */
        fprintf(errf, _("ejournal: the file: %s, separator \"%c\"\n"),
                csv_encoding_name(s.encoding), s.sep);
    for (int i = 0; i < s.nwarnings; i++)
        print_problem(errf, &s.warnings[i]);
    for (int i = 0; i < s.nproblems; i++)
        print_problem(errf, &s.problems[i]);
    if (e != EJ_OK) {
        rc = cmd_fail(errf, &err);
        pupils_sheet_free(&s);
        return rc;
    }
    for (int i = 0; i < s.nrows; i++) {
        const struct pupil_row *r = &s.rows[i];
        char birth[11];
        cal_ddmmyyyy(r->birth, birth);
        fprintf(out, "%d\t", r->line);
        const char *cells[] = { r->f[PF_SURNAME], r->f[PF_NAME], r->f[PF_PATRONYMIC], birth,
                                r->f[PF_SEX], r->f[PF_FILE_NO], r->f[PF_ADDRESS] };
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
            if (k)
                fputc('\t', out);
            tsv_cell(out, cells[k]);
        }
        fputc('\n', out);
    }
    if (o->apply)
        fprintf(errf,
                P_("ejournal: %d pupil enrolled in %s\n", "ejournal: %d pupils enrolled in %s\n",
                   imported),
                imported, o->class_name);
    else
        fprintf(errf,
                P_("ejournal: %d pupil checked, no problems; nothing written yet: add --apply\n",
                   "ejournal: %d pupils checked, no problems; nothing written yet: add --apply\n",
                   s.nrows),
                s.nrows);
    pupils_sheet_free(&s);
    if (fflush(out) != 0) {
        fprintf(errf, _("ejournal: cannot write: %s\n"), strerror(errno));
        return EJ_EXIT_TEMP;
    }
    return EJ_EXIT_OK;
}

static int cmd_pupils_edit(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    static const struct cmd_opt opts[] = {
        { "--surname", offsetof(struct pupil_change, f[PF_SURNAME]), false },
        { "--name", offsetof(struct pupil_change, f[PF_NAME]), false },
        { "--patronymic", offsetof(struct pupil_change, f[PF_PATRONYMIC]), false },
        { "--birth", offsetof(struct pupil_change, f[PF_BIRTH]), false },
        { "--sex", offsetof(struct pupil_change, f[PF_SEX]), false },
        { "--file-no", offsetof(struct pupil_change, f[PF_FILE_NO]), false },
        { "--address", offsetof(struct pupil_change, f[PF_ADDRESS]), false },
        { "--paper", offsetof(struct pupil_change, paper), false },
    };
    struct pupil_change c = { { NULL }, NULL };
    long long id;
    if (argc < 4 || !cmd_id(argv[2], &id))
        return usage(errf, _("edit: the pupil's number, then what to change"));
    if (cmd_options(argc, argv, 3, opts, sizeof opts / sizeof opts[0], &c) != 0)
        return usage(errf, NULL);
    struct ej_error err;
    if (db_pupil_edit(ctx->db, ctx, id, &c, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    fputs("saved\n", out);
    return EJ_EXIT_OK;
}

/* pupils add: one pupil arrives in a class (a class list of one row). */
struct arrival {
    struct pupil_change c;
    const char *class_name, *date, *order;
};

static int cmd_pupils_add(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf)
{
    static const struct cmd_opt opts[] = {
        { "--class", offsetof(struct arrival, class_name), false },
        { "--date", offsetof(struct arrival, date), false },
        { "--order", offsetof(struct arrival, order), false },
        { "--surname", offsetof(struct arrival, c.f[PF_SURNAME]), false },
        { "--name", offsetof(struct arrival, c.f[PF_NAME]), false },
        { "--patronymic", offsetof(struct arrival, c.f[PF_PATRONYMIC]), false },
        { "--birth", offsetof(struct arrival, c.f[PF_BIRTH]), false },
        { "--sex", offsetof(struct arrival, c.f[PF_SEX]), false },
        { "--file-no", offsetof(struct arrival, c.f[PF_FILE_NO]), false },
        { "--address", offsetof(struct arrival, c.f[PF_ADDRESS]), false },
    };
    struct arrival o;
    memset(&o, 0, sizeof o);
    if (cmd_options(argc, argv, 2, opts, sizeof opts / sizeof opts[0], &o) != 0 || !o.class_name)
        return usage(errf, NULL);
    int day = -1;
    if (o.date && !cal_parse_user(o.date, &day)) {
        fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY\n"), o.date);
        return EJ_EXIT_REFUSED;
    }
    struct db_pupils_import a = { o.class_name, day, o.order ? o.order : "", true };
    struct ej_error err;
    if (db_pupil_arrive(ctx->db, ctx, &a, &o.c, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    fputs("saved\n", out);
    return EJ_EXIT_OK;
}

static int pupils_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                       FILE *errf)
{
    if (argc < 2)
        return usage(errf, NULL);
    if (!strcmp(argv[1], "transfer") || !strcmp(argv[1], "leave") || !strcmp(argv[1], "history") ||
        !strcmp(argv[1], "register"))
        return cmd_pupils_move(ctx, argc, argv, out, errf);
    if (!strcmp(argv[1], "edit"))
        return cmd_pupils_edit(ctx, argc, argv, out, errf);
    if (!strcmp(argv[1], "add"))
        return cmd_pupils_add(ctx, argc, argv, out, errf);
    bool list = !strcmp(argv[1], "list"), import = !strcmp(argv[1], "import");
    if (!list && !import)
        return usage_arg(errf, _("unknown subcommand \"%s\""), argv[1]);
    struct popts o;
    int rc = parse(argc, argv, import, &o, errf);
    if (rc != EJ_EXIT_OK)
        return rc;
    return list ? cmd_pupils_list(ctx, &o, out, errf) : cmd_pupils_import(ctx, &o, in, out, errf);
}

const struct cmd_entry cmd_pupils = {
    "pupils", "pupils list|import|add|edit|transfer|leave|history|register …",
    N_("pupils of a class; check and import a class list from a CSV file"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_TEACHER, pupils_exec
};
