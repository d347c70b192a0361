/*
 * log — leveled logging to stderr (journald picks it up), one line per event.
 * Strings that come from the network (logins, commands, addresses) must pass
 * through log_safe() first: a log never receives raw terminal escapes.
 */
#ifndef EJ_LOG_H
#define EJ_LOG_H
#include <stddef.h>

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR };

void log_init(const char *ident, enum log_level level);
void log_set_level(enum log_level level);
/* Parse "debug", "info", "warning", "error"; returns -1 when unknown. */
int log_level_parse(const char *s);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A hook run by fatal() before it prints (the client restores the terminal). */
void log_set_fatal_hook(void (*hook)(void));
/* Broken invariant or out of memory: log and exit(70).  Never for user errors. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Copy `in` into `out` (size `outsz`, always terminated) with every control
 * character, DEL, and invalid UTF-8 byte written as \xNN.  Returns `out`.
 */
char *log_safe(const char *in, char *out, size_t outsz);
#endif
