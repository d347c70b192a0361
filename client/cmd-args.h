/*
 * cmd-args — what the year-setup commands (cmd-year.c, cmd-curriculum.c,
 * cmd-timetable.c) share: options by name, dates as people type them, and a
 * spreadsheet from standard input.
 */
#ifndef EJ_CMD_ARGS_H
#define EJ_CMD_ARGS_H
#include "csv.h"
#include "xmalloc.h"
#include <stdbool.h>
#include <stdio.h>

#define CMD_ARGS_MAX 12

struct cmd_args {
    const char *val[CMD_ARGS_MAX]; /* the value of option i (NULL: not given) */
    bool set[CMD_ARGS_MAX];        /* option i given (a flag, or an option with a value) */
    const char *pos[CMD_ARGS_MAX]; /* the other words, in order */
    int npos;
};

/* argv[first…] against names: "--year=" takes a value, "--csv" is a flag.  false
 * on an unknown option, one given twice, or a value missing. */
bool cmd_args_parse(int argc, char **argv, int first, const char *const *names, int nnames,
                    struct cmd_args *a);
/* A day as people type it (DD.MM.YYYY or YYYY-MM-DD) into *day; false after saying
 * so on errf. NULL s leaves *day 0 and is true. */
bool cmd_args_day(const char *s, int *day, FILE *errf);
/* The whole of standard input as a spreadsheet; 0, or the exit status after saying
 * why on errf.  A terminal on standard input is a usage error naming `example`. */
int cmd_args_sheet(FILE *in, FILE *errf, const char *example, struct csv_table **t);
/* A list as TSV (cells made inert, cmd_field) or, with csv, as a spreadsheet with
 * the header head (the same column names the import commands read). */
struct cmd_table {
    struct ej_buf b;
    bool csv;
};
void cmd_table_begin(struct cmd_table *t, bool csv, const char *const *head, int n);
void cmd_table_row(struct cmd_table *t, FILE *out, const char *const *cells, int n);
void cmd_table_end(struct cmd_table *t, FILE *out);
#endif
