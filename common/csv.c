/*
 * csv — the CSV reader and writer (the rules are in csv.h).  The reader works in
 * three passes over the bytes: checks that need no encoding (size, NUL and other
 * control bytes, UTF-16, a zipped spreadsheet), the encoding decision and the
 * conversion to UTF-8, then the line-length check and the RFC 4180 parse.  Every
 * pass knows the physical line it is on, so every error names it.
 */
#include "csv.h"
#include "i18n.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *csv_encoding_name(enum csv_encoding e)
{
    switch (e) {
    case CSV_UTF8:
        return "UTF-8";
    case CSV_UTF8_BOM:
        return "UTF-8 (BOM)";
    case CSV_CP1251:
        return "Windows-1251";
    }
    return "?";
}

/* The physical line (1-based) of byte offset off: CRLF, LF and a lone CR each end
 * a line. */
static int line_at(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
            line++;
    }
    return line;
}

/* Pass 1: what no text file holds, whatever its encoding. */
static enum ej_err check_bytes(const unsigned char *s, size_t len, struct ej_error *err)
{
    if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("line 1: this is a spreadsheet file (.xlsx or .ods), not CSV: save "
                              "it as CSV first"));
    if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)))
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("line 1: the file is in UTF-16 (\"Unicode text\"); save it as CSV "
                              "UTF-8 or as CSV with semicolons"));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == 0)
            return ej_error_set(err, EJ_EINVAL,
                                _("line %d: a NUL byte: this is not a text file"),
                                line_at((const char *)s, i));
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
            return ej_error_set(err, EJ_EINVAL,
                                _("line %d: a control character (byte 0x%02X) is not allowed "
                                  "in a CSV file"),
                                line_at((const char *)s, i), c);
    }
    return EJ_OK;
}

/* Pass 2: the encoding (csv.h states the rule) and the text as NUL-terminated
 * UTF-8 in *text (caller frees). */
static enum ej_err decode(const char *raw, size_t len, char **text, enum csv_encoding *enc,
                          struct ej_error *err)
{
    *text = NULL;
    bool bom = len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0;
    const char *s = bom ? raw + 3 : raw;
    size_t n = bom ? len - 3 : len;
    /* s has no NUL bytes (pass 1), so a NUL-terminated copy decodes in full. */
    char *copy = xstrndup(s, n);
    size_t nvalid = 0, ninvalid = 0, first_bad = (size_t)-1;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)copy[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = utf8_decode(copy + i, &cp);
        if (l > 0) {
            nvalid++;
            i += l;
        } else {
            if (first_bad == (size_t)-1)
                first_bad = i;
            ninvalid++;
            i++;
        }
    }
    if (ninvalid == 0) {
        *enc = bom ? CSV_UTF8_BOM : CSV_UTF8;
        *text = copy;
        return EJ_OK;
    }
    int line = line_at(copy, first_bad);
    unsigned bad = (unsigned char)copy[first_bad];
    if (bom || nvalid > ninvalid) {
        free(copy);
        return ej_error_set(err, EJ_EINVAL,
                            _("line %d: invalid UTF-8 (byte 0x%02X): the file is damaged or "
                              "mixes encodings"),
                            line, bad);
    }
    /* Windows-1251: one byte is one character of at most 3 UTF-8 bytes. */
    iconv_t cd = iconv_open("UTF-8", "CP1251");
    if (cd == (iconv_t)-1) {
        free(copy);
        return ej_error_set(err, EJ_EINTERNAL, "%s",
                            _("Windows-1251 conversion is not available on this system"));
    }
    size_t cap = n * 3 + 1;
    char *out = xmalloc(cap);
    char *in = copy, *o = out;
    size_t inleft = n, outleft = cap - 1;
    enum ej_err e = EJ_OK;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        size_t off = (size_t)(in - copy);
        e = ej_error_set(err, EJ_EINVAL,
                         _("line %d: byte 0x%02X is neither UTF-8 nor Windows-1251"),
                         line_at(copy, off), (unsigned char)copy[off]);
        free(out);
        out = NULL;
    } else {
        *o = '\0';
        *enc = CSV_CP1251;
    }
    iconv_close(cd);
    free(copy);
    *text = out;
    return e;
}

/* Pass 3a: no physical line longer than CSV_MAX_LINE bytes. */
static enum ej_err check_lines(const char *s, struct ej_error *err)
{
    int line = 1;
    size_t start = 0, i = 0;
    for (;; i++) {
        char c = s[i];
        if (c == '\0' || c == '\n' || c == '\r') {
            if (i - start > CSV_MAX_LINE)
                return ej_error_set(err, EJ_EINVAL,
                                    _("line %d: the line is longer than %d KiB"), line,
                                    CSV_MAX_LINE / 1024);
            if (c == '\0')
                return EJ_OK;
            if (c == '\r' && s[i + 1] == '\n')
                i++;
            line++;
            start = i + 1;
        }
    }
}

/* The separator: the most frequent of ';', ',' and tab outside quotes on the first
 * non-empty line (tab: cells copied from a spreadsheet and pasted); ';' on a tie. */
static char detect_sep(const char *s)
{
    while (*s == '\r' || *s == '\n')
        s++;
    size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false;
    for (; *s; s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (!quoted && (*s == '\n' || *s == '\r'))
            break;
        else if (!quoted && *s == ';')
            semi++;
        else if (!quoted && *s == ',')
            comma++;
        else if (!quoted && *s == '\t')
            tab++;
    }
    if (tab > semi && tab > comma)
        return '\t';
    return comma > semi ? ',' : ';';
}

struct parser {
    const char *s;
    size_t i;
    int line;
    char sep;
    struct ej_buf field;
};

/* End of a line at p->i (CRLF, LF or CR): consume it and count it. */
static bool eol(struct parser *p)
{
    char c = p->s[p->i];
    if (c == '\r') {
        p->i += p->s[p->i + 1] == '\n' ? 2 : 1;
        p->line++;
        return true;
    }
    if (c == '\n') {
        p->i++;
        p->line++;
        return true;
    }
    return false;
}

static enum ej_err field_too_long(int line, struct ej_error *err)
{
    return ej_error_set(err, EJ_EINVAL, _("line %d: a field is longer than %d KiB"), line,
                        CSV_MAX_LINE / 1024);
}

/* One field at p->i into p->field; leaves p->i at the separator, the line end or
 * the end of the text. */
static enum ej_err parse_field(struct parser *p, struct ej_error *err)
{
    buf_reset(&p->field);
    const char *s = p->s;
    if (s[p->i] != '"') {
        size_t start = p->i;
        while (s[p->i] && s[p->i] != p->sep && s[p->i] != '\r' && s[p->i] != '\n')
            p->i++;
        buf_append(&p->field, s + start, p->i - start);
        return EJ_OK;
    }
    int qline = p->line;
    p->i++;
    for (;;) {
        char c = s[p->i];
        if (c == '\0')
            return ej_error_set(err, EJ_EINVAL,
                                _("line %d: a quoted field is not closed (a \" is missing)"),
                                qline);
        if (c == '"') {
            if (s[p->i + 1] == '"') {
                buf_append(&p->field, "\"", 1);
                p->i += 2;
                continue;
            }
            p->i++;
            break;
        }
        if (c == '\r' || c == '\n') {
            eol(p);
            buf_append(&p->field, "\n", 1);
        } else {
            buf_append(&p->field, &c, 1);
            p->i++;
        }
        if (p->field.len > CSV_MAX_LINE)
            return field_too_long(qline, err);
    }
    char c = s[p->i];
    if (c != '\0' && c != p->sep && c != '\r' && c != '\n')
        return ej_error_set(err, EJ_EINVAL,
                            _("line %d: text after a closing quote; a \" inside a quoted field "
                              "is written as \"\""),
                            p->line);
    return EJ_OK;
}

static void record_free(struct csv_record *r)
{
    for (int k = 0; k < r->nfields; k++)
        free(r->fields[k]);
    free(r->fields);
}

void csv_free(struct csv_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrecords; i++)
        record_free(&t->records[i]);
    free(t->records);
    free(t);
}

/* Pass 3b: records. */
static enum ej_err parse(const char *text, size_t start, int line, struct csv_table *t,
                         struct ej_error *err)
{
    struct parser p = { .s = text, .i = start, .line = line, .sep = t->sep };
    buf_init(&p.field);
    enum ej_err e = EJ_OK;
    int cap = 0;
    while (text[p.i]) {
        if (eol(&p)) /* an empty line */
            continue;
        struct csv_record r = { .line = p.line, .nfields = 0, .fields = NULL };
        int fcap = 0;
        for (;;) {
            if ((e = parse_field(&p, err)) != EJ_OK) {
                record_free(&r);
                goto out;
            }
            if (r.nfields == fcap) {
                fcap = fcap ? fcap * 2 : 8;
                r.fields = xreallocarray(r.fields, (size_t)fcap, sizeof *r.fields);
            }
            r.fields[r.nfields++] = xstrdup(p.field.data ? p.field.data : "");
            if (text[p.i] == p.sep) {
                p.i++;
                continue;
            }
            eol(&p);
            break;
        }
        if (t->nrecords == cap) {
            cap = cap ? cap * 2 : 64;
            t->records = xreallocarray(t->records, (size_t)cap, sizeof *t->records);
        }
        t->records[t->nrecords++] = r;
    }
    if (t->nrecords == 0)
        e = ej_error_set(err, EJ_EINVAL, "%s", _("line 1: the file is empty"));
out:
    buf_free(&p.field);
    return e;
}

enum ej_err csv_read(const void *data, size_t len, struct csv_table **out, struct ej_error *err)
{
    *out = NULL;
    const char *raw = data;
    if (len == 0)
        return ej_error_set(err, EJ_EINVAL, "%s", _("line 1: the file is empty"));
    if (len > CSV_MAX_FILE)
        return ej_error_set(err, EJ_EINVAL, _("line %d: the file is longer than %d MiB"),
                            line_at(raw, CSV_MAX_FILE), CSV_MAX_FILE / (1024 * 1024));
    enum ej_err e = check_bytes((const unsigned char *)raw, len, err);
    if (e != EJ_OK)
        return e;
    char *text;
    enum csv_encoding enc;
    if ((e = decode(raw, len, &text, &enc, err)) != EJ_OK)
        return e;
    if ((e = check_lines(text, err)) != EJ_OK) {
        free(text);
        return e;
    }
    struct csv_table *t = xcalloc(1, sizeof *t);
    t->encoding = enc;
    /* Excel's «sep=;» first line names the separator and is not a record. */
    size_t start = 0;
    int line = 1;
    if (!strncmp(text, "sep=", 4) && strchr(";,\t", text[4]) && text[4] &&
        (text[5] == '\r' || text[5] == '\n' || text[5] == '\0')) {
        t->sep = text[4];
        start = 5 + (text[5] == '\r' && text[6] == '\n') + (text[5] != '\0');
        line = 2;
    } else {
        t->sep = detect_sep(text);
    }
    e = parse(text, start, line, t, err);
    free(text);
    if (e != EJ_OK) {
        csv_free(t);
        return e;
    }
    *out = t;
    return EJ_OK;
}

/* ------------------------------------------------------------------ writer */

void csv_write_begin(struct ej_buf *b)
{
    buf_append(b, "\xef\xbb\xbf", 3);
}

static void write_cell(struct ej_buf *b, const char *v)
{
    if (!v)
        v = "";
    /* A formula a spreadsheet would run («=HYPERLINK(…)», «+7 …», «-1», «@SUM»)
     * becomes text. */
    bool neutral = strchr("=+-@\t\r", *v) != NULL && *v != '\0';
    bool quote = strpbrk(v, ";\"\r\n") != NULL;
    if (quote)
        buf_append(b, "\"", 1);
    if (neutral)
        buf_append(b, "'", 1);
    for (const char *c = v; *c; c++) {
        if (*c == '"')
            buf_append(b, "\"\"", 2);
        else
            buf_append(b, c, 1);
    }
    if (quote)
        buf_append(b, "\"", 1);
}

void csv_write_row(struct ej_buf *b, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_append(b, ";", 1);
        write_cell(b, cells[i]);
    }
    buf_append(b, "\r\n", 2);
}
