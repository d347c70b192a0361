/*
 * log — process-wide logger.  The only global state is the ident, the level
 * and the fatal hook: process singletons, static here.
 */
#include "log.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *log_ident = "ejournal";
static enum log_level log_level = LOG_LVL_INFO;
static void (*log_fatal_hook)(void);

void log_init(const char *ident, enum log_level level)
{
    log_ident = ident;
    log_level = level;
}

void log_set_level(enum log_level level)
{
    log_level = level;
}

int log_level_parse(const char *s)
{
    static const char *names[] = { "debug", "info", "warning", "error" };
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    return -1;
}

static void log_v(enum log_level lvl, const char *fmt, va_list ap)
{
    static const char *tag[] = { "debug", "info", "warning", "error" };
    if (lvl < log_level)
        return;
    char line[2048];
    int n = snprintf(line, sizeof line, "%s[%ld]: %s: ", log_ident, (long)getpid(), tag[lvl]);
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    size_t len = strlen(line);
    if (len + 1 < sizeof line) {
        line[len++] = '\n';
        line[len] = '\0';
    }
    /* One write() per line so that lines of concurrent processes do not mix. */
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

#define LOG_FN(name, lvl)                                                                          \
    void name(const char *fmt, ...)                                                                \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        log_v(lvl, fmt, ap);                                                                       \
        va_end(ap);                                                                                \
    }
LOG_FN(log_debug, LOG_LVL_DEBUG)
LOG_FN(log_info, LOG_LVL_INFO)
LOG_FN(log_warn, LOG_LVL_WARN)
LOG_FN(log_error, LOG_LVL_ERROR)

void log_set_fatal_hook(void (*hook)(void))
{
    log_fatal_hook = hook;
}

void fatal(const char *fmt, ...)
{
    if (log_fatal_hook) {
        void (*h)(void) = log_fatal_hook;
        log_fatal_hook = NULL;
        h();
    }
    va_list ap;
    va_start(ap, fmt);
    log_v(LOG_LVL_ERROR, fmt, ap);
    va_end(ap);
    exit(70);
}

char *log_safe(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    if (outsz == 0)
        return out;
    while (*p && o + 5 < outsz) {
        uint32_t cp = 0;
        size_t n = utf8_decode((const char *)p, &cp);
        if (n > 1 && !utf8_is_control(cp)) {
            if (o + n + 1 > outsz)
                break;
            memcpy(out + o, p, n);
            o += n;
            p += n;
        } else if (n == 1 && *p >= 0x20 && *p != 0x7f && *p != '\\') {
            out[o++] = (char)*p++;
        } else {
            o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", *p++);
        }
    }
    out[o] = '\0';
    return out;
}
