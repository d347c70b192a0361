/*
 * i18n — gettext set-up.  English msgids in the code, Russian in the po/ru/ catalog parts.
 * The programs run under C.UTF-8 (a Debian machine often has no ru_RU locale)
 * with LANGUAGE=ru, so ncursesw and iconv see UTF-8 and gettext answers in Russian.
 */
#ifndef EJ_I18N_H
#define EJ_I18N_H
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, n)

/* Set the locale (C.UTF-8 unless a UTF-8 locale is already in effect), LANGUAGE=ru
 * unless set, and bind the catalog: $EJ_LOCALEDIR, then <exe dir>/locale (build tree),
 * then <exe dir>/../share/locale (installed), then the compiled-in EJ_LOCALEDIR. */
void i18n_init(void);
/* The directory holding this executable, e.g. "/usr/local/bin" (static storage). */
const char *i18n_exe_dir(void);
#endif
