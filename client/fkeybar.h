/*
 * fkeybar — the F-key bar in the manner of Midnight Commander: "1Помощь 2Урок …
 * 10Выход", generated from the active keymap and the actions' labels, showing
 * only the actions the user may take on this screen.
 */
#ifndef EJ_FKEYBAR_H
#define EJ_FKEYBAR_H
#include "screen.h"

/* Draw the bar on line y.  allowed(s, a) (may be NULL) hides actions not allowed. */
void fkeybar_draw(WINDOW *w, int y, int cols, struct screen *s);
#endif
