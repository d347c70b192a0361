/*
 * termprint — ANSI passthrough printing: sanitise, convert, frame (termprint.h).
 */
#include "termprint.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

bool termprint_charset_parse(const char *s, enum termprint_charset *cs)
{
    if (!strcasecmp(s, "utf8") || !strcasecmp(s, "utf-8"))
        *cs = TERMPRINT_UTF8;
    else if (!strcasecmp(s, "cp866") || !strcasecmp(s, "ibm866"))
        *cs = TERMPRINT_CP866;
    else if (!strcasecmp(s, "cp1251") || !strcasecmp(s, "windows-1251"))
        *cs = TERMPRINT_CP1251;
    else
        return false;
    return true;
}

const char *termprint_charset_name(enum termprint_charset cs)
{
    switch (cs) {
    case TERMPRINT_CP866:
        return "cp866";
    case TERMPRINT_CP1251:
        return "cp1251";
    case TERMPRINT_UTF8:
        break;
    }
    return "utf8";
}

/* The printable text: valid UTF-8, '\n' → CR LF, '\f' kept, any other control
 * character (C0, DEL, C1) and any invalid byte → '?'. */
static void sanitise(const char *text, size_t len, struct ej_buf *b)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t l = text[i] ? utf8_decode(text + i, &cp) : 0;
        if (l == 0 || i + l > len) {
            buf_puts(b, "?");
            i++;
            continue;
        }
        if (cp == '\n')
            buf_puts(b, "\r\n");
        else if (cp == '\f')
            buf_puts(b, "\f");
        else if (cp == '\r')
            ; /* CR comes only with LF */
        else if (utf8_is_control(cp))
            buf_puts(b, "?");
        else
            buf_append(b, text + i, l);
        i += l;
    }
}

static enum ej_err convert(const char *in, size_t inlen, const char *to, struct ej_buf *out,
                           struct ej_error *err)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return ej_error_set(err, EJ_EINTERNAL, _("Cannot convert to %s for the printer"), to);
    char *ip = (char *)in;
    size_t il = inlen;
    char chunk[4096];
    while (il > 0) {
        char *op = chunk;
        size_t ol = sizeof chunk;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        buf_append(out, chunk, (size_t)(op - chunk));
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* Not representable even transliterated, or cut short: one '?' per
             * character, then go on. */
            uint32_t cp;
            size_t l = utf8_decode(ip, &cp);
            if (l == 0 || l > il)
                l = 1;
            buf_puts(out, "?");
            ip += l;
            il -= l;
        }
    }
    char *op = chunk;
    size_t ol = sizeof chunk;
    iconv(cd, NULL, NULL, &op, &ol);
    buf_append(out, chunk, (size_t)(op - chunk));
    iconv_close(cd);
    return EJ_OK;
}

enum ej_err termprint_frame(const char *text, size_t len, enum termprint_charset cs,
                            struct ej_buf *out, struct ej_error *err)
{
    struct ej_buf clean, conv;
    buf_init(&clean);
    buf_init(&conv);
    sanitise(text, len, &clean);
    enum ej_err e = EJ_OK;
    if (cs == TERMPRINT_UTF8)
        buf_append(&conv, clean.data ? clean.data : "", clean.len);
    else
        e = convert(clean.data ? clean.data : "", clean.len,
                    cs == TERMPRINT_CP866 ? "CP866//TRANSLIT" : "CP1251//TRANSLIT", &conv, err);
    if (e == EJ_OK) {
        buf_puts(out, TERMPRINT_START);
        buf_append(out, conv.data ? conv.data : "", conv.len);
        buf_puts(out, TERMPRINT_END);
    }
    buf_free(&clean);
    buf_free(&conv);
    return e;
}

enum ej_err termprint_write(int fd, const char *text, size_t len, enum termprint_charset cs,
                            struct ej_error *err)
{
    struct ej_buf b;
    buf_init(&b);
    enum ej_err e = termprint_frame(text, len, cs, &b, err);
    size_t off = 0;
    while (e == EJ_OK && off < b.len) {
        ssize_t n = write(fd, b.data + off, b.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = ej_error_set(err, EJ_ETEMP, _("Cannot write to the terminal: %s"),
                             strerror(errno));
            break;
        }
        off += (size_t)n;
    }
    buf_free(&b);
    return e;
}
