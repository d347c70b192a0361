/*
 * widget-edit — a text editor for a topic (one line) or homework (many lines).
 * The text is kept as wide characters so that the cursor moves by characters,
 * and drawn by display width, wrapping long lines at the field's width.
 */
#include "widget.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static void reserve(struct wedit *e, size_t n)
{
    if (n + 1 > e->cap) {
        e->cap = (n + 1) * 2;
        e->buf = xreallocarray(e->buf, e->cap, sizeof *e->buf);
    }
}

void wedit_set(struct wedit *e, const char *utf8)
{
    e->len = 0;
    const char *p = utf8 ? utf8 : "";
    while (*p) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            p++;
            continue;
        }
        p += n;
        if (cp == '\r' || (utf8_is_control(cp) && !(cp == '\n' && e->multiline)))
            continue;
        reserve(e, e->len + 1);
        e->buf[e->len++] = (wchar_t)cp;
    }
    reserve(e, e->len);
    e->buf[e->len] = 0;
    e->cur = e->len;
    e->top = 0;
    e->changed = false;
}

void wedit_init(struct wedit *e, const char *utf8, bool multiline, size_t maxlen)
{
    memset(e, 0, sizeof *e);
    e->multiline = multiline;
    e->maxlen = maxlen ? maxlen : 4000;
    wedit_set(e, utf8);
}

void wedit_free(struct wedit *e)
{
    free(e->buf);
    memset(e, 0, sizeof *e);
}

char *wedit_text(const struct wedit *e)
{
    struct ej_buf b;
    buf_init(&b);
    for (size_t i = 0; i < e->len; i++) {
        char mb[4];
        size_t n = utf8_encode((uint32_t)e->buf[i], mb);
        buf_append(&b, mb, n);
    }
    return buf_steal(&b);
}

static void insert(struct wedit *e, wchar_t c)
{
    if (e->len >= e->maxlen)
        return;
    reserve(e, e->len + 1);
    memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur + 1) * sizeof *e->buf);
    e->buf[e->cur++] = c;
    e->len++;
    e->changed = true;
}

static void erase_range(struct wedit *e, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(e->buf + from, e->buf + to, (e->len - to + 1) * sizeof *e->buf);
    e->len -= to - from;
    e->cur = from;
    e->changed = true;
}

static size_t line_start(const struct wedit *e, size_t pos)
{
    while (pos > 0 && e->buf[pos - 1] != L'\n')
        pos--;
    return pos;
}

static size_t line_end(const struct wedit *e, size_t pos)
{
    while (pos < e->len && e->buf[pos] != L'\n')
        pos++;
    return pos;
}

static size_t word_left(const struct wedit *e, size_t pos)
{
    while (pos > 0 && iswspace((wint_t)e->buf[pos - 1]))
        pos--;
    while (pos > 0 && !iswspace((wint_t)e->buf[pos - 1]))
        pos--;
    return pos;
}

static size_t word_right(const struct wedit *e, size_t pos)
{
    while (pos < e->len && !iswspace((wint_t)e->buf[pos]))
        pos++;
    while (pos < e->len && iswspace((wint_t)e->buf[pos]))
        pos++;
    return pos;
}

/* Column (display width) of pos within its logical line. */
static int col_of(const struct wedit *e, size_t pos)
{
    int c = 0;
    for (size_t i = line_start(e, pos); i < pos; i++) {
        int w = wcwidth(e->buf[i]);
        c += w < 0 ? 1 : w;
    }
    return c;
}

static size_t pos_at_col(const struct wedit *e, size_t start, int col)
{
    size_t end = line_end(e, start), i = start;
    int c = 0;
    while (i < end) {
        int w = wcwidth(e->buf[i]);
        if (c + (w < 0 ? 1 : w) > col)
            break;
        c += w < 0 ? 1 : w;
        i++;
    }
    return i;
}

bool wedit_action(struct wedit *e, enum action a, wint_t ch)
{
    switch (a) {
    case ACT_CHAR:
        if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
            return true;
        insert(e, (wchar_t)ch);
        return true;
    case ACT_NEWLINE:
        if (!e->multiline)
            return false;
        insert(e, L'\n');
        return true;
    case ACT_LEFT:
        if (e->cur > 0)
            e->cur--;
        return true;
    case ACT_RIGHT:
        if (e->cur < e->len)
            e->cur++;
        return true;
    case ACT_HOME:
        e->cur = line_start(e, e->cur);
        return true;
    case ACT_END:
        e->cur = line_end(e, e->cur);
        return true;
    case ACT_UP:
    case ACT_DOWN: {
        if (!e->multiline)
            return false;
        size_t ls = line_start(e, e->cur);
        int col = col_of(e, e->cur);
        if (a == ACT_UP) {
            if (ls == 0)
                return true;
            e->cur = pos_at_col(e, line_start(e, ls - 1), col);
        } else {
            size_t le = line_end(e, e->cur);
            if (le >= e->len)
                return true;
            e->cur = pos_at_col(e, le + 1, col);
        }
        return true;
    }
    case ACT_BACKSPACE:
        if (e->cur > 0)
            erase_range(e, e->cur - 1, e->cur);
        return true;
    case ACT_DELETE:
        if (e->cur < e->len) {
            size_t c = e->cur;
            erase_range(e, c, c + 1);
        }
        return true;
    case ACT_WORD_DEL:
        erase_range(e, word_left(e, e->cur), e->cur);
        return true;
    case ACT_WORD_LEFT:
        e->cur = word_left(e, e->cur);
        return true;
    case ACT_WORD_RIGHT:
        e->cur = word_right(e, e->cur);
        return true;
    default:
        return false;
    }
}

void wedit_draw(struct wedit *e, struct tui *t, WINDOW *win, int y, int x, int h, int w,
                bool focused)
{
    if (h <= 0 || w <= 1)
        return;
    /* Lay out visual rows: (start, end) pairs. */
    size_t nrows = 0, caprows = 16;
    size_t *starts = xcalloc(caprows, sizeof *starts);
    size_t *ends = xcalloc(caprows, sizeof *ends);
    int cur_row = 0, cur_col = 0;
    size_t i = 0;
    for (;;) {
        size_t s = i;
        int c = 0;
        while (i < e->len && e->buf[i] != L'\n') {
            int cw = wcwidth(e->buf[i]);
            cw = cw < 0 ? 1 : cw;
            if (c + cw > w - 1)
                break;
            c += cw;
            i++;
        }
        if (nrows == caprows) {
            caprows *= 2;
            starts = xreallocarray(starts, caprows, sizeof *starts);
            ends = xreallocarray(ends, caprows, sizeof *ends);
        }
        starts[nrows] = s;
        ends[nrows] = i;
        if (e->cur >= s && e->cur <= i) {
            cur_row = (int)nrows;
            cur_col = 0;
            for (size_t k = s; k < e->cur; k++) {
                int cw = wcwidth(e->buf[k]);
                cur_col += cw < 0 ? 1 : cw;
            }
        }
        nrows++;
        if (i < e->len && e->buf[i] == L'\n')
            i++;
        else if (i >= e->len)
            break;
        if (!e->multiline && nrows > 0 && i >= e->len)
            break;
    }
    if (!e->multiline) {
        /* One line: scroll horizontally by whole screens' widths. */
        size_t s = 0;
        int c = 0;
        for (size_t k = 0; k < e->cur; k++) {
            int cw = wcwidth(e->buf[k]);
            c += cw < 0 ? 1 : cw;
            if (c > w - 2) {
                s = k;
                c = 0;
            }
        }
        wchar_t *line = xcalloc((size_t)w + 1, sizeof *line);
        int used = 0, n = 0;
        for (size_t k = s; k < e->len && n < w; k++) {
            int cw = wcwidth(e->buf[k]);
            cw = cw < 0 ? 1 : cw;
            if (used + cw > w)
                break;
            line[n++] = e->buf[k];
            used += cw;
        }
        mvwhline(win, y, x, ' ', w);
        mvwaddnwstr(win, y, x, line, n);
        free(line);
        int cc = 0;
        for (size_t k = s; k < e->cur; k++) {
            int cw = wcwidth(e->buf[k]);
            cc += cw < 0 ? 1 : cw;
        }
        if (focused)
            tui_cursor(t, y, x + cc);
        goto out;
    }
    if (cur_row < e->top)
        e->top = cur_row;
    if (cur_row >= e->top + h)
        e->top = cur_row - h + 1;
    for (int r = 0; r < h; r++) {
        mvwhline(win, y + r, x, ' ', w);
        size_t vr = (size_t)(e->top + r);
        if (vr >= nrows)
            continue;
        mvwaddnwstr(win, y + r, x, e->buf + starts[vr], (int)(ends[vr] - starts[vr]));
    }
    if (focused)
        tui_cursor(t, y + cur_row - e->top, x + cur_col);
out:
    free(starts);
    free(ends);
}
