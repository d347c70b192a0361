/*
 * utf8 — decoding and sanitising.  Pure functions, no state.
 */
#include "utf8.h"
#include "i18n.h"
#include "xmalloc.h"

#include <string.h>

size_t utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c;
    size_t n;
    if (s[0] == 0)
        return 0;
    if (s[0] < 0x80) {
        if (cp)
            *cp = s[0];
        return 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        c = s[0] & 0x1f;
        n = 2;
    } else if ((s[0] & 0xf0) == 0xe0) {
        c = s[0] & 0x0f;
        n = 3;
    } else if ((s[0] & 0xf8) == 0xf0) {
        c = s[0] & 0x07;
        n = 4;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
        c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    if (cp)
        *cp = c;
    return n;
}

size_t utf8_valid_prefix(const char *s)
{
    return utf8_decode(s, NULL);
}

bool utf8_valid(const char *s)
{
    while (*s) {
        size_t n = utf8_decode(s, NULL);
        if (n == 0)
            return false;
        s += n;
    }
    return true;
}

size_t utf8_len(const char *s)
{
    size_t count = 0;
    while (*s) {
        size_t n = utf8_decode(s, NULL);
        s += n ? n : 1;
        count++;
    }
    return count;
}

bool utf8_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

char *utf8_inert(const char *s, bool keep_newlines)
{
    struct ej_buf b;
    buf_init(&b);
    buf_append(&b, "", 0);
    while (*s) {
        uint32_t cp;
        size_t n = utf8_decode(s, &cp);
        if (n == 0) {
            buf_puts(&b, "\xef\xbf\xbd");
            s++;
            continue;
        }
        if (utf8_is_control(cp) && !(keep_newlines && (cp == '\n' || cp == '\t')))
            buf_puts(&b, "\xef\xbf\xbd");
        else
            buf_append(&b, s, n);
        s += n;
    }
    return buf_steal(&b);
}

char *utf8_translit(const char *s)
{
    static const char *const lower[] = {
        /* а..я */
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    };
    struct ej_buf b;
    buf_init(&b);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if ((*p & 0xe0) == 0xc0 && p[1]) {
            cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
            p += 2;
        } else {
            p++;
            continue;
        }
        if (cp >= 0x410 && cp <= 0x42f)
            cp += 0x20; /* upper case Cyrillic to lower */
        if (cp == 0x401 || cp == 0x451) {
            buf_puts(&b, "e"); /* Ё ё */
        } else if (cp >= 0x430 && cp <= 0x44f) {
            buf_puts(&b, lower[cp - 0x430]);
        } else if (cp >= 'A' && cp <= 'Z') {
            char c = (char)(cp - 'A' + 'a');
            buf_append(&b, &c, 1);
        } else if (cp >= 'a' && cp <= 'z') {
            char c = (char)cp;
            buf_append(&b, &c, 1);
        }
    }
    return buf_steal(&b);
}

char *utf8_fold(const char *s)
{
    struct ej_buf b;
    buf_init(&b);
    while (s && *s) {
        uint32_t cp;
        size_t l = utf8_decode(s, &cp);
        if (l == 0) { /* an invalid byte: kept out of the key */
            s++;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        else if (cp >= 0x410 && cp <= 0x42f)
            cp += 0x20;
        if (cp == 0x401 || cp == 0x451)
            cp = 0x435; /* Ё, ё → е */
        char out[4];
        size_t n = utf8_encode(cp, out);
        buf_append(&b, out, n);
        s += l;
    }
    if (!b.data)
        buf_puts(&b, "");
    return buf_steal(&b);
}

enum ej_err utf8_field_check(const char *v, const char *what, size_t max, bool required,
                             struct ej_error *err)
{
    if (!v || (required && strspn(v, " ") == strlen(v)))
        return required ? ej_error_set(err, EJ_EINVAL, _("%s: required"), what) : EJ_OK;
    if (!utf8_valid(v))
        return ej_error_set(err, EJ_EINVAL, _("%s: not valid UTF-8 text"), what);
    for (const char *s = v; *s;) {
        uint32_t cp;
        size_t l = utf8_decode(s, &cp);
        if (utf8_is_control(cp))
            return ej_error_set(err, EJ_EINVAL, _("%s: one line, no control characters"), what);
        s += l;
    }
    if (utf8_len(v) > max)
        return ej_error_set(err, EJ_EINVAL, _("%s: at most %zu characters"), what, max);
    return EJ_OK;
}
