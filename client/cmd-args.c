/*
 * cmd-args — options, dates and spreadsheets of the year-setup commands
 * (cmd-args.h).
 */
#include "cmd-args.h"
#include "calendar.h"
#include "cmd.h"
#include "err.h"
#include "i18n.h"
#include "xmalloc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

bool cmd_args_parse(int argc, char **argv, int first, const char *const *names, int nnames,
                    struct cmd_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = first; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) || !argv[i][2]) {
            if (a->npos == CMD_ARGS_MAX)
                return false;
            a->pos[a->npos++] = argv[i];
            continue;
        }
        int k = 0;
        size_t len = strlen(argv[i]);
        for (; k < nnames; k++)
            if (!strncmp(names[k], argv[i], len) &&
                (names[k][len] == '\0' || (names[k][len] == '=' && names[k][len + 1] == '\0')))
                break;
        if (k == nnames || a->set[k])
            return false;
        a->set[k] = true;
        if (names[k][len] == '=') {
            if (i + 1 >= argc)
                return false;
            a->val[k] = argv[++i];
        }
    }
    return true;
}

bool cmd_args_day(const char *s, int *day, FILE *errf)
{
    *day = 0;
    if (!s)
        return true;
    if (cal_parse_user(s, day))
        return true;
    fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY\n"), s);
    return false;
}

int cmd_args_sheet(FILE *in, FILE *errf, const char *example, struct csv_table **t)
{
    *t = NULL;
    if (isatty(fileno(in))) {
        fprintf(errf, _("ejournal: give the file on standard input: %s\n"), example);
        return EJ_EXIT_USAGE;
    }
    struct ej_buf b;
    int rc = cmd_read_input(in, &b, errf);
    if (rc)
        return rc;
    struct ej_error err;
    enum ej_err e = csv_read(b.data ? b.data : "", b.len, t, &err);
    buf_free(&b);
    if (e != EJ_OK)
        return cmd_fail(errf, &err);
    if ((*t)->nrecords < 2) {
        csv_free(*t);
        *t = NULL;
        fprintf(errf, "%s\n", _("ejournal: the file has a header line and no rows"));
        return EJ_EXIT_REFUSED;
    }
    return 0;
}

void cmd_table_begin(struct cmd_table *t, bool csv, const char *const *head, int n)
{
    buf_init(&t->b);
    t->csv = csv;
    if (csv) {
        csv_write_begin(&t->b);
        csv_write_row(&t->b, head, n);
    }
}

void cmd_table_row(struct cmd_table *t, FILE *out, const char *const *cells, int n)
{
    if (t->csv) {
        csv_write_row(&t->b, cells, n);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (i)
            fputc('\t', out);
        cmd_field(out, cells[i] ? cells[i] : "");
    }
    fputc('\n', out);
}

void cmd_table_end(struct cmd_table *t, FILE *out)
{
    fwrite(t->b.data ? t->b.data : "", 1, t->b.len, out);
    buf_free(&t->b);
}
