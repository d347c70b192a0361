/*
 * cmd — non-interactive commands: `ejournal COMMAND ARGS` (and so
 * `ssh host COMMAND ARGS`).  One table (cmd-list.h), one file per command family
 * (client/cmd-*.c), in the manner of tmux's cmd_table.  Commands write
 * machine-readable output on stdout, messages on stderr, and return an exit
 * status: 0 success, 1 refused or invalid data, 2 usage, 3 temporary failure.
 */
#ifndef EJ_CMD_H
#define EJ_CMD_H
#include "ctx.h"
#include <stdbool.h>
#include <stdio.h>

struct cmd_entry {
    const char *name;  /* "whoami", "keys" */
    const char *usage; /* "keys add|list|rm [N]" */
    const char *help;  /* English msgid, one line */
    unsigned roles;    /* roles that may run it (0: every account); the policy decides
                          per object inside the command as well */
    int (*exec)(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf);
};

/* Declared in cmd-list.h, one line per command: CMD(name). */
#define CMD(name) extern const struct cmd_entry cmd_##name;
#include "cmd-list.h"
#undef CMD

const struct cmd_entry *cmd_find(const char *name);
/* Run argv[0] as a command for ctx.  Prints the refusal on errf itself. */
int cmd_dispatch(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf);
/* Write text as one tab-separated cell: tabs and line breaks become spaces, control
 * characters and invalid bytes U+FFFD — nothing typed by one user reaches another's
 * terminal raw, and a line stays one record. */
void cmd_field(FILE *out, const char *s);
/* Output of a printed document (report, login slips): PDF (default), plain text of
 * 80 or 132 columns, or text framed for the terminal's own printer.  Parse the
 * options before anything is read or written (a PDF refuses a terminal); 0 or the
 * exit status after printing the message. */
struct doc;
struct cmd_docfmt {
    bool pdf;
    int width;
    bool passthrough;
    int cs; /* enum termprint_charset */
};
int cmd_docfmt_parse(const char *format, const char *width, const char *passthrough, FILE *out,
                     struct cmd_docfmt *f, FILE *errf);
/* Render and write doc (freed here); 0 or the exit status. */
int cmd_doc_write(struct doc *doc, const struct cmd_docfmt *f, FILE *out, FILE *errf);
/* An option of a command: "--name VALUE" sets the const char * at offset off of
 * the caller's options struct; a flag ("--csv") sets the bool there. */
struct cmd_opt {
    const char *name;
    size_t off;
    bool flag;
};
/* Parse argv[first…] into the options struct o (which the caller cleared): each
 * option at most once.  0, or -1 on an unknown or repeated option, or a value
 * missing. */
int cmd_options(int argc, char **argv, int first, const struct cmd_opt *opts, size_t nopts,
                void *o);
/* A positive number ("306") into *v; false on anything else or NULL. */
bool cmd_id(const char *s, long long *v);
/* A file from standard input (a CSV list) into b, which the caller frees: at most
 * one byte over CSV_MAX_FILE, so that the reader names where the limit was
 * crossed.  0, or the exit status after the message. */
struct ej_buf;
int cmd_read_input(FILE *in, struct ej_buf *b, FILE *errf);
/* "12,15" into ids (*out: caller frees); NULL gives none.  False on anything
 * else: an empty list, a zero, a letter. */
bool cmd_id_list(const char *s, long long **out, int *n);
/* The status and message for an ej_error (prints "ejournal: msg" on errf). */
int cmd_fail(FILE *errf, const struct ej_error *err);
#endif
