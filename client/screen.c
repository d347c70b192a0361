/*
 * screen — shared drawing helpers: styles (colour pairs, or attributes alone on a
 * monochrome terminal such as vt100) and width-correct text output.
 */
#include "screen.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static attr_t styles[UI_NSTYLES];

void ui_init_colors(void)
{
    bool color = has_colors() && start_color() == OK && COLOR_PAIRS >= 16;
    if (color) {
        use_default_colors();
        init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* title */
        init_pair(2, COLOR_BLACK, COLOR_CYAN);   /* F-key labels, cursor */
        init_pair(3, COLOR_WHITE, COLOR_RED);    /* errors, banner */
        init_pair(4, COLOR_YELLOW, -1);          /* headers */
        init_pair(5, COLOR_RED, -1);             /* error text */
        init_pair(6, COLOR_CYAN, -1);            /* today, sections */
        init_pair(7, COLOR_BLACK, COLOR_WHITE);  /* selection */
        init_pair(8, COLOR_BLACK, COLOR_YELLOW); /* read-only */
        styles[UI_NORMAL] = A_NORMAL;
        styles[UI_TITLE] = COLOR_PAIR(1) | A_BOLD;
        styles[UI_STATUS] = A_NORMAL;
        styles[UI_ERROR] = COLOR_PAIR(5) | A_BOLD;
        styles[UI_FKEY_NUM] = A_NORMAL;
        styles[UI_FKEY_LABEL] = COLOR_PAIR(2);
        styles[UI_HEADER] = COLOR_PAIR(4);
        styles[UI_CURSOR] = COLOR_PAIR(2) | A_BOLD;
        styles[UI_SELECTED] = COLOR_PAIR(7);
        styles[UI_DIM] = A_DIM;
        styles[UI_READONLY] = COLOR_PAIR(8);
        styles[UI_CELL_ERROR] = COLOR_PAIR(3) | A_BOLD;
        styles[UI_TODAY] = COLOR_PAIR(6) | A_BOLD;
        styles[UI_BANNER] = COLOR_PAIR(3) | A_BOLD;
        styles[UI_FRAME] = A_NORMAL;
        styles[UI_SECTION] = COLOR_PAIR(6) | A_BOLD;
    } else {
        styles[UI_NORMAL] = A_NORMAL;
        styles[UI_TITLE] = A_REVERSE;
        styles[UI_STATUS] = A_NORMAL;
        styles[UI_ERROR] = A_BOLD;
        styles[UI_FKEY_NUM] = A_NORMAL;
        styles[UI_FKEY_LABEL] = A_REVERSE;
        styles[UI_HEADER] = A_BOLD;
        styles[UI_CURSOR] = A_REVERSE;
        styles[UI_SELECTED] = A_REVERSE;
        styles[UI_DIM] = A_NORMAL;
        styles[UI_READONLY] = A_REVERSE;
        styles[UI_CELL_ERROR] = A_BOLD | A_UNDERLINE;
        styles[UI_TODAY] = A_BOLD;
        styles[UI_BANNER] = A_REVERSE | A_BOLD;
        styles[UI_FRAME] = A_NORMAL;
        styles[UI_SECTION] = A_BOLD | A_UNDERLINE;
    }
}

attr_t ui_attr(enum ui_style s)
{
    return (unsigned)s < UI_NSTYLES ? styles[s] : A_NORMAL;
}

/* Decode up to `width` columns of text into wide characters. */
static int decode(const char *text, int width, wchar_t *out, int outcap, int *cols)
{
    int n = 0, used = 0;
    const char *p = text ? text : "";
    while (*p && n < outcap - 1) {
        uint32_t cp;
        size_t len = utf8_decode(p, &cp);
        if (len == 0) {
            cp = '?';
            len = 1;
        }
        p += len;
        if (utf8_is_control(cp) || cp == '\t' || cp == '\n')
            cp = cp == '\t' || cp == '\n' ? ' ' : '?';
        int w = wcwidth((wchar_t)cp);
        if (w < 0) {
            cp = '?';
            w = 1;
        }
        if (used + w > width)
            break;
        out[n++] = (wchar_t)cp;
        used += w;
    }
    out[n] = 0;
    *cols = used;
    return n;
}

int ui_width(const char *text)
{
    int cols = 0;
    const char *p = text ? text : "";
    while (*p) {
        uint32_t cp;
        size_t len = utf8_decode(p, &cp);
        if (len == 0) {
            p++;
            cols++;
            continue;
        }
        p += len;
        int w = wcwidth((wchar_t)cp);
        cols += w < 0 ? 1 : w;
    }
    return cols;
}

int ui_put(WINDOW *w, int y, int x, int width, const char *text, enum ui_style s)
{
    if (width <= 0)
        return 0;
    wchar_t buf[512];
    int cols;
    int n = decode(text, width, buf, width + 1 < 512 ? width + 1 : 512, &cols);
    attr_t a = ui_attr(s);
    wattron(w, a);
    mvwaddnwstr(w, y, x, buf, n);
    for (int i = cols; i < width; i++)
        mvwaddch(w, y, x + i, ' ');
    wattroff(w, a);
    return cols;
}

void ui_put_center(WINDOW *w, int y, int x, int width, const char *text, enum ui_style s)
{
    int tw = ui_width(text);
    int pad = tw < width ? (width - tw) / 2 : 0;
    attr_t a = ui_attr(s);
    wattron(w, a);
    for (int i = 0; i < pad; i++)
        mvwaddch(w, y, x + i, ' ');
    wattroff(w, a);
    ui_put(w, y, x + pad, width - pad, text, s);
}

void ui_fill(WINDOW *w, int y, int x, int h, int width, enum ui_style s)
{
    attr_t a = ui_attr(s);
    wattron(w, a);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < width; c++)
            mvwaddch(w, y + r, x + c, ' ');
    wattroff(w, a);
}

void ui_box(WINDOW *w, int y, int x, int h, int width, enum ui_style s)
{
    if (h < 2 || width < 2)
        return;
    attr_t a = ui_attr(s);
    wattron(w, a);
    mvwaddch(w, y, x, ACS_ULCORNER);
    mvwaddch(w, y, x + width - 1, ACS_URCORNER);
    mvwaddch(w, y + h - 1, x, ACS_LLCORNER);
    mvwaddch(w, y + h - 1, x + width - 1, ACS_LRCORNER);
    mvwhline(w, y, x + 1, ACS_HLINE, width - 2);
    mvwhline(w, y + h - 1, x + 1, ACS_HLINE, width - 2);
    mvwvline(w, y + 1, x, ACS_VLINE, h - 2);
    mvwvline(w, y + 1, x + width - 1, ACS_VLINE, h - 2);
    wattroff(w, a);
}
