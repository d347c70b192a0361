/*
 * widget — the small building blocks screens share: a text editor (one line or
 * many; UTF-8 in and out, wide characters inside, cursor keys, Home/End, word
 * delete), a scrolling list position, and modal dialogs (choose from a list,
 * type a line, answer a question) that keep the frame alive while they wait.
 */
#ifndef EJ_WIDGET_H
#define EJ_WIDGET_H
#include "screen.h"

/* ---- widget-edit.c */
struct wedit {
    wchar_t *buf;
    size_t len, cap, cur;
    bool multiline;
    size_t maxlen;  /* characters */
    int top;        /* first visual line shown (multi-line) */
    bool changed;
};
void wedit_init(struct wedit *e, const char *utf8, bool multiline, size_t maxlen);
void wedit_free(struct wedit *e);
void wedit_set(struct wedit *e, const char *utf8);
/* Apply an editing action (ACT_CHAR with ch, ACT_LEFT … ACT_WORD_DEL, ACT_NEWLINE
 * in a multi-line editor).  Returns true if it was an editing action. */
bool wedit_action(struct wedit *e, enum action a, wint_t ch);
/* The text as UTF-8 (caller frees). */
char *wedit_text(const struct wedit *e);
/* Draw in h × w at (y, x), wrapping long lines; sets the terminal cursor when
 * focused.  Width-correct (wcwidth). */
void wedit_draw(struct wedit *e, struct tui *t, WINDOW *win, int y, int x, int h, int w,
                bool focused);

/* ---- widget-list.c: a selection in n rows shown `page` at a time */
struct wlist {
    int n, sel, top;
};
/* Move the selection for a navigation action; true if it was one. */
bool wlist_action(struct wlist *l, enum action a, int page);
/* Keep the selection visible in `page` rows. */
void wlist_scroll(struct wlist *l, int page);

/* An incremental search typed into buf (UTF-8, size bytes): ACT_CHAR adds a
 * printable character, ACT_BACKSPACE drops the last one.  True if buf changed. */
bool wsearch_action(char *buf, size_t size, enum action a, wint_t ch);

/* ---- widget-dialog.c (modal) */
/* Choose one of n items; returns its index, or -1 on Esc/F10. */
int dialog_choose(struct tui *t, const char *title, const char *const *items, int n, int sel);
/* Type one line; returns the text (caller frees) or NULL on Esc. */
char *dialog_input(struct tui *t, const char *title, const char *prompt, const char *initial);
/* Show text (wrapped to the screen) under a title until Enter or Esc. */
void dialog_message(struct tui *t, const char *title, const char *text);
/* A yes/no question (Д/д/Y/y/Enter = yes, Н/н/N/n = no, Esc = cancel): 1, 0 or -1. */
int dialog_ask(struct tui *t, const char *question);
#endif
