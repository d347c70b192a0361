/*
 * xmalloc — allocation that cannot fail silently.  Out of memory is a broken
 * invariant here: every function below calls fatal() instead of returning NULL.
 */
#ifndef EJ_XMALLOC_H
#define EJ_XMALLOC_H
#include <stddef.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formatted string in a new allocation; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growing byte buffer (always NUL-terminated after any append). */
struct ej_buf {
    char *data;
    size_t len, cap;
};
void buf_init(struct ej_buf *b);
void buf_free(struct ej_buf *b);
void buf_reset(struct ej_buf *b);
void buf_append(struct ej_buf *b, const void *p, size_t n);
void buf_puts(struct ej_buf *b, const char *s);
void buf_printf(struct ej_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data over to the caller (who frees it) and reset the buffer. */
char *buf_steal(struct ej_buf *b);
#endif
