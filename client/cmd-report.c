/*
 * cmd-report — `report weekly|journal|summary …`: a printed document on stdout,
 * as PDF (default) or plain text (80 or 132 columns), or the plain text framed
 * for the terminal's own printer (ANSI passthrough, --passthrough CHARSET).
 *
 * The document is built and rendered completely in memory before the first byte
 * is written: a refusal, a bad class, period or date prints a message on stderr,
 * exits 1 (2 for bad usage), and leaves stdout empty — never a broken file.
 */
#include "calendar.h"
#include "cmd.h"
#include "db.h"
#include "doc.h"
#include "i18n.h"
#include "report.h"
#include "termprint.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_USAGE                                                                              \
    "report weekly --class 7А|--pupil ID|--school [--week YYYY-MM-DD] [--paper-only]\n"          \
    "       report journal --course ID --period N\n"                                             \
    "       report summary --class 9А [--year 2026/2027]\n"                                      \
    "       … [--format pdf|txt] [--width 80|132] [--passthrough utf8|cp866|cp1251]"

struct ropts {
    const char *kind;
    const char *class_name, *pupil, *week, *course, *period, *year, *format, *width, *passthrough;
    bool paper_only;
    bool school; /* weekly: every class of the school in one document */
};

static int usage(FILE *errf, const char *why)
{
    if (why)
        fprintf(errf, "ejournal: report: %s\n", why);
    fprintf(errf, _("usage: %s\n"), REPORT_USAGE);
    return EJ_EXIT_USAGE;
}

static int bad(FILE *errf, const char *fmt, const char *arg)
{
    fputs("ejournal: ", errf);
    fprintf(errf, fmt, arg);
    fputc('\n', errf);
    return EJ_EXIT_REFUSED;
}

/* A positive integer, whole string. */
static bool parse_id(const char *s, long long *v)
{
    if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
        return false;
    *v = atoll(s);
    return *v > 0;
}

static int parse(int argc, char **argv, struct ropts *o, FILE *errf)
{
    memset(o, 0, sizeof *o);
    if (argc < 2)
        return usage(errf, NULL);
    o->kind = argv[1];
    if (strcmp(o->kind, "weekly") && strcmp(o->kind, "journal") && strcmp(o->kind, "summary")) {
        char *why = xasprintf(_("unknown report \"%s\""), o->kind);
        int rc = usage(errf, why);
        free(why);
        return rc;
    }
    static const struct {
        const char *name;
        size_t off;
    } opts[] = {
        { "--class", offsetof(struct ropts, class_name) },
        { "--pupil", offsetof(struct ropts, pupil) },
        { "--week", offsetof(struct ropts, week) },
        { "--course", offsetof(struct ropts, course) },
        { "--period", offsetof(struct ropts, period) },
        { "--year", offsetof(struct ropts, year) },
        { "--format", offsetof(struct ropts, format) },
        { "--width", offsetof(struct ropts, width) },
        { "--passthrough", offsetof(struct ropts, passthrough) },
    };
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--paper-only")) {
            o->paper_only = true;
            continue;
        }
        if (!strcmp(a, "--school")) {
            o->school = true;
            continue;
        }
        bool found = false;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && !found; k++) {
            size_t n = strlen(opts[k].name);
            const char **slot = (const char **)((char *)o + opts[k].off);
            if (!strcmp(a, opts[k].name)) {
                if (i + 1 >= argc) {
                    char *why = xasprintf(_("%s needs a value"), a);
                    int rc = usage(errf, why);
                    free(why);
                    return rc;
                }
                *slot = argv[++i];
                found = true;
            } else if (!strncmp(a, opts[k].name, n) && a[n] == '=') {
                *slot = a + n + 1;
                found = true;
            }
        }
        if (!found) {
            char *why = xasprintf(_("unknown option \"%s\""), a);
            int rc = usage(errf, why);
            free(why);
            return rc;
        }
    }
    bool weekly = !strcmp(o->kind, "weekly"), journal = !strcmp(o->kind, "journal");
    if (weekly && (!!o->class_name + !!o->pupil + o->school) != 1)
        return usage(errf, _("weekly: give one of --class, --pupil or --school"));
    if (journal && (!o->course || !o->period))
        return usage(errf, _("journal: --course and --period are needed"));
    if (!weekly && !journal && !o->class_name)
        return usage(errf, _("summary: --class is needed"));
    if ((o->pupil && !weekly) || (o->week && !weekly) || (o->paper_only && !weekly) ||
        (o->school && !weekly) ||
        ((o->course || o->period) && !journal) || (o->year && (weekly || journal)) ||
        (o->class_name && journal))
        return usage(errf, _("an option that this report does not take"));
    if (o->paper_only && o->pupil)
        return usage(errf, _("--paper-only is for a class"));
    return EJ_EXIT_OK;
}

static int report_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                       FILE *errf)
{
    (void)in;
    struct ropts o;
    int rc = parse(argc, argv, &o, errf);
    if (rc != EJ_EXIT_OK)
        return rc;

    /* Values: checked before anything is read. */
    struct cmd_docfmt fmt;
    if ((rc = cmd_docfmt_parse(o.format, o.width, o.passthrough, out, &fmt, errf)) != 0)
        return rc;
    long long pupil = 0, course = 0, period = 0;
    int week_day = -1;
    if (o.pupil && !parse_id(o.pupil, &pupil))
        return bad(errf, _("\"%s\" is not a pupil number"), o.pupil);
    if (o.course && !parse_id(o.course, &course))
        return bad(errf, _("\"%s\" is not a course number"), o.course);
    if (o.period && (!parse_id(o.period, &period) || period > 4))
        return bad(errf, _("\"%s\" is not a period number (1–4)"), o.period);
    if (o.week && !cal_parse_user(o.week, &week_day))
        return bad(errf, _("\"%s\" is not a date: YYYY-MM-DD, e.g. 2026-11-23"), o.week);

    struct ej_error err;
    struct doc *doc = NULL;
    enum ej_err e;
    if (!strcmp(o.kind, "weekly")) {
        if (week_day < 0) {
            char today[11];
            if ((e = db_today(ctx->db, ctx->school_id, today, &err)) != EJ_OK)
                return cmd_fail(errf, &err);
            cal_parse(today, &week_day);
        }
        if (o.school)
            e = report_weekly_school(ctx, week_day, o.paper_only, &doc, &err);
        else
            e = report_weekly(ctx, o.class_name, pupil, week_day, o.paper_only, &doc, &err);
    } else if (!strcmp(o.kind, "journal")) {
        e = report_journal(ctx, course, (int)period, &doc, &err);
    } else {
        e = report_summary(ctx, o.class_name, o.year, &doc, &err);
    }
    if (e != EJ_OK)
        return cmd_fail(errf, &err);

    return cmd_doc_write(doc, &fmt, out, errf);
}

int cmd_docfmt_parse(const char *format, const char *width, const char *passthrough, FILE *out,
                     struct cmd_docfmt *f, FILE *errf)
{
    f->pdf = true;
    f->width = 80;
    f->passthrough = passthrough != NULL;
    f->cs = TERMPRINT_UTF8;
    if (format && !strcmp(format, "txt"))
        f->pdf = false;
    else if (format && strcmp(format, "pdf"))
        return bad(errf, _("the format is pdf or txt, not \"%s\""), format);
    if (width) {
        if (!strcmp(width, "80"))
            f->width = 80;
        else if (!strcmp(width, "132"))
            f->width = 132;
        else
            return bad(errf, _("the width is 80 or 132 columns, not \"%s\""), width);
        if (f->pdf && format)
            return bad(errf, "%s", _("--width is for --format txt"));
        f->pdf = false;
    }
    if (passthrough) {
        enum termprint_charset cs;
        if (!termprint_charset_parse(passthrough, &cs))
            return bad(errf, _("the printer's character set is utf8, cp866 or cp1251, not \"%s\""),
                       passthrough);
        if (f->pdf && format)
            return bad(errf, "%s", _("the terminal's printer takes the text form (--format txt)"));
        f->cs = (int)cs;
        f->pdf = false;
    }
    if (f->pdf && isatty(fileno(out)))
        return bad(errf, "%s",
                   _("a PDF is not for the screen: redirect it to a file (> report.pdf) or use "
                     "--format txt"));
    return EJ_EXIT_OK;
}

int cmd_doc_write(struct doc *doc, const struct cmd_docfmt *f, FILE *out, FILE *errf)
{
    struct ej_error err;
    struct ej_buf b;
    buf_init(&b);
    enum ej_err e;
    if (f->pdf)
        e = doc_render_pdf(doc, &b, &err);
    else
        e = doc_render_text(doc, f->width, 0, &b, &err);
    doc_free(doc);
    if (e == EJ_OK && f->passthrough) {
        struct ej_buf framed;
        buf_init(&framed);
        e = termprint_frame(b.data ? b.data : "", b.len, (enum termprint_charset)f->cs,
                            &framed, &err);
        explicit_bzero(b.data, b.len);
        buf_free(&b);
        b = framed;
    }
    if (e != EJ_OK) {
        buf_free(&b);
        return cmd_fail(errf, &err);
    }
    int rc = EJ_EXIT_OK;
    if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
        fprintf(errf, _("ejournal: cannot write the document: %s\n"), strerror(errno));
        rc = EJ_EXIT_TEMP;
    }
    /* A document may hold temporary passwords (login slips): not left in memory. */
    explicit_bzero(b.data, b.len);
    buf_free(&b);
    return rc;
}

const struct cmd_entry cmd_report = {
    "report", "report weekly|journal|summary …",
    N_("print a document: weekly reports, a journal page, the year summary sheet"), 0,
    report_exec
};
