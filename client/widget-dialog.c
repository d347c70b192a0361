/*
 * widget-dialog — modal dialogs drawn over the current screen.  Each waits with
 * tui_modal_key(), which keeps the frame (title, status, banner) drawn, handles
 * a resize and drains database notifications while the dialog is open.
 */
#include "widget.h"
#include "i18n.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct choose_state {
    const char *title;
    const char *const *items;
    struct wlist l;
    int page;
};

static void box_geometry(int want_w, int want_h, int *y, int *x, int *h, int *w)
{
    *w = want_w < COLS - 4 ? want_w : COLS - 4;
    *h = want_h < LINES - 4 ? want_h : LINES - 4;
    *y = (LINES - *h) / 2;
    *x = (COLS - *w) / 2;
}

static void choose_draw(void *arg)
{
    struct choose_state *cs = arg;
    int maxw = ui_width(cs->title) + 4;
    for (int i = 0; i < cs->l.n; i++) {
        int iw = ui_width(cs->items[i]) + 4;
        if (iw > maxw)
            maxw = iw;
    }
    int y, x, h, w;
    box_geometry(maxw < 40 ? 40 : maxw, cs->l.n + 2, &y, &x, &h, &w);
    cs->page = h - 2;
    wlist_scroll(&cs->l, cs->page);
    ui_fill(stdscr, y, x, h, w, UI_NORMAL);
    ui_box(stdscr, y, x, h, w, UI_FRAME);
    ui_put(stdscr, y, x + 2, w - 4, cs->title, UI_SECTION);
    for (int r = 0; r < cs->page && cs->l.top + r < cs->l.n; r++) {
        int i = cs->l.top + r;
        ui_put(stdscr, y + 1 + r, x + 1, w - 2, cs->items[i],
               i == cs->l.sel ? UI_CURSOR : UI_NORMAL);
    }
    curs_set(0);
}

int dialog_choose(struct tui *t, const char *title, const char *const *items, int n, int sel)
{
    if (n <= 0)
        return -1;
    struct choose_state cs = { title, items, { n, sel < 0 ? 0 : sel, 0 }, 1 };
    for (;;) {
        int key = tui_modal_key(t, choose_draw, &cs);
        enum action a = keymap_lookup(&keymap_list, key);
        if (a == ACT_OPEN)
            return cs.l.sel;
        if (a == ACT_BACK || a == ACT_QUIT)
            return -1;
        wlist_action(&cs.l, a, cs.page);
    }
}

struct input_state {
    struct tui *t;
    const char *title, *prompt;
    struct wedit ed;
};

static void input_draw(void *arg)
{
    struct input_state *is = arg;
    int y, x, h, w;
    box_geometry(60, 5, &y, &x, &h, &w);
    ui_fill(stdscr, y, x, h, w, UI_NORMAL);
    ui_box(stdscr, y, x, h, w, UI_FRAME);
    ui_put(stdscr, y, x + 2, w - 4, is->title, UI_SECTION);
    ui_put(stdscr, y + 1, x + 2, w - 4, is->prompt, UI_NORMAL);
    wedit_draw(&is->ed, is->t, stdscr, y + 2, x + 2, 1, w - 4, true);
    ui_put(stdscr, y + 3, x + 2, w - 4, _("Enter: OK, Esc: cancel"), UI_DIM);
    move(y + 2, x + 2);
}

char *dialog_input(struct tui *t, const char *title, const char *prompt, const char *initial)
{
    struct input_state is = { t, title, prompt, { 0 } };
    wedit_init(&is.ed, initial, false, 200);
    char *res = NULL;
    for (;;) {
        int key = tui_modal_key(t, input_draw, &is);
        enum action a = keymap_lookup(&keymap_edit, key);
        if (a == ACT_OPEN) {
            res = wedit_text(&is.ed);
            break;
        }
        if (a == ACT_BACK || a == ACT_QUIT)
            break;
        if (a == ACT_NONE && !KEY_IS_FN(key) && key >= 0x20)
            wedit_action(&is.ed, ACT_CHAR, (wint_t)key);
        else
            wedit_action(&is.ed, a, 0);
    }
    wedit_free(&is.ed);
    return res;
}

static void ask_draw(void *arg)
{
    const char *q = arg;
    int y, x, h, w;
    int qw = ui_width(q) + 6;
    box_geometry(qw < 50 ? 50 : qw, 4, &y, &x, &h, &w);
    ui_fill(stdscr, y, x, h, w, UI_NORMAL);
    ui_box(stdscr, y, x, h, w, UI_FRAME);
    ui_put(stdscr, y + 1, x + 2, w - 4, q, UI_NORMAL);
    ui_put(stdscr, y + 2, x + 2, w - 4, _("Д/Y: yes, Н/N: no, Esc: cancel"), UI_DIM);
    curs_set(0);
}

int dialog_ask(struct tui *t, const char *question)
{
    for (;;) {
        int key = tui_modal_key(t, ask_draw, (void *)question);
        switch (key) {
        case 0x414: /* Д */
        case 0x434: /* д */
        case 'Y':
        case 'y':
        case 'L': /* the key of Д on a Latin layout */
        case 'l':
        case '\n':
        case '\r':
            return 1;
        case 0x41d: /* Н */
        case 0x43d:
        case 'N':
        case 'n':
            return 0;
        case 0x1b:
            return -1;
        default:
            if (key == KF(KEY_F(10)))
                return -1;
            break;
        }
    }
}

/* ---- a message: a title and text wrapped to the box (long commands too) */
struct msg_state {
    const char *title, *text;
};

static void msg_draw(void *arg)
{
    const struct msg_state *m = arg;
    int tw = ui_width(m->text);
    int inner = COLS - 8 < 100 ? COLS - 8 : 100;
    if (inner < 20)
        inner = 20;
    int lines = (tw + inner - 1) / inner;
    if (lines < 1)
        lines = 1;
    int y, x, h, w;
    box_geometry(inner + 4, lines + 4, &y, &x, &h, &w);
    ui_fill(stdscr, y, x, h, w, UI_NORMAL);
    ui_box(stdscr, y, x, h, w, UI_FRAME);
    ui_put(stdscr, y, x + 2, w - 4, m->title, UI_FRAME);
    /* Wrap by display columns, cutting at character boundaries. */
    const char *p = m->text;
    for (int l = 0; l < lines && *p && l < h - 3; l++) {
        const char *q = p;
        int cols = 0;
        while (*q) {
            const char *n = q + 1;
            while ((*n & 0xc0) == 0x80)
                n++;
            char one[8];
            size_t len = (size_t)(n - q) < sizeof one ? (size_t)(n - q) : sizeof one - 1;
            memcpy(one, q, len);
            one[len] = '\0';
            int cw = ui_width(one);
            if (cols + cw > w - 4)
                break;
            cols += cw;
            q = n;
        }
        char *line = strndup(p, (size_t)(q - p));
        ui_put(stdscr, y + 1 + l, x + 2, w - 4, line, UI_SELECTED);
        free(line);
        p = q;
    }
    ui_put(stdscr, y + h - 2, x + 2, w - 4, _("Enter or Esc — close"), UI_DIM);
    curs_set(0);
}

void dialog_message(struct tui *t, const char *title, const char *text)
{
    struct msg_state m = { title, text };
    for (;;) {
        int key = tui_modal_key(t, msg_draw, &m);
        if (key == '\n' || key == '\r' || key == 0x1b || key == KF(KEY_ENTER) ||
            key == KF(KEY_F(10)))
            return;
    }
}
