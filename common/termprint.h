/*
 * termprint — printing on the printer attached to the user's own terminal by
 * ANSI passthrough ("media copy": ESC [5i starts, ESC [4i ends; PuTTY's
 * remote-controlled printing).  terminfo lacks these for TERM=putty, so the
 * application writes the sequences itself (DESIGN.md §6); tmux swallows them.
 *
 * The framed bytes are the plain-text form of a document, in the user's choice of
 * UTF-8 or, for printers that do not speak it, CP866 or CP1251 (iconv, with
 * transliteration; what a code page lacks prints as '?').  Lines end with CR LF,
 * form feeds are kept, and every other control character in the text becomes
 * '?', so no text can end the passthrough early or reach the terminal itself.
 */
#ifndef EJ_TERMPRINT_H
#define EJ_TERMPRINT_H
#include "err.h"
#include "xmalloc.h"
#include <stdbool.h>
#include <stddef.h>

enum termprint_charset { TERMPRINT_UTF8, TERMPRINT_CP866, TERMPRINT_CP1251 };

#define TERMPRINT_START "\033[5i"
#define TERMPRINT_END "\033[4i"

/* "utf8"/"utf-8", "cp866", "cp1251" (any case).  false if unknown. */
bool termprint_charset_parse(const char *s, enum termprint_charset *cs);
/* "utf8", "cp866", "cp1251"; static storage. */
const char *termprint_charset_name(enum termprint_charset cs);
/* Append to out: ESC[5i, the UTF-8 text (len bytes) converted to cs, ESC[4i.
 * EJ_EINTERNAL if the conversion cannot be set up; out is unchanged then. */
enum ej_err termprint_frame(const char *text, size_t len, enum termprint_charset cs,
                            struct ej_buf *out, struct ej_error *err);
/* Frame text and write it all to fd (a terminal).  EJ_ETEMP if the write fails. */
enum ej_err termprint_write(int fd, const char *text, size_t len, enum termprint_charset cs,
                            struct ej_error *err);
#endif
