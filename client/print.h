/*
 * print — the print dialog behind F5 on every document screen: the school's CUPS
 * queue (lp), the printer of the user's own terminal (ANSI passthrough, in the
 * character set the user chose), or the command that downloads the PDF.
 */
#ifndef EJ_PRINT_H
#define EJ_PRINT_H
#include "err.h"

struct doc;
struct tui;

struct print_job {
    const char *title;    /* "Еженедельные отчёты, 7А, 23.11–29.11.2026" (lp -t, messages) */
    const char *download; /* the command's arguments: "report weekly --class 7А --week 2026-11-23" */
    const char *file;     /* the suggested file name: "7А-2026-11-23.pdf" */
    /* Build the document (called only when a way is chosen; the caller of the
     * dialog keeps arg alive meanwhile). */
    enum ej_err (*build)(void *arg, struct doc **out, struct ej_error *err);
    void *arg;
};

void print_dialog(struct tui *t, const struct print_job *job);
#endif
