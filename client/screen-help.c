/*
 * screen-help — F1: the keys of the screen below, generated from its keymap and
 * the actions' help texts (action.h), so help and keys cannot drift.  Actions the
 * user may not take there are left out, as on the F-key bar.
 */
#include "i18n.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct help {
    char **lines;
    int n;
    struct wlist l;
    int page;
    char title[120];
};

static void add_line(struct help *h, char *line)
{
    h->lines = xreallocarray(h->lines, (size_t)h->n + 1, sizeof *h->lines);
    h->lines[h->n++] = line;
}

/* "  keys<padding by display width> text" */
static void add_row(struct help *h, const char *keys, const char *text)
{
    int pad = 24 - ui_width(keys);
    add_line(h, xasprintf("  %s%*s %s", keys, pad > 0 ? pad : 1, "", text));
}

static void add_keys(struct help *h, struct screen *under, const struct keymap *km)
{
    /* One line per action: every key bound to it. */
    bool done[ACT_COUNT] = { false };
    const struct keymap *maps[] = { km, &keymap_global };
    for (int m = 0; m < 2; m++) {
        if (!maps[m])
            continue;
        for (const struct keymap_entry *e = maps[m]->entries; e->key != 0; e++) {
            enum action a = e->act;
            if (done[a] || a == ACT_NONE)
                continue;
            if (under && under->ops->allowed && !under->ops->allowed(under, a))
                continue;
            done[a] = true;
            char keys[96] = "";
            for (int m2 = 0; m2 < 2; m2++) {
                if (!maps[m2])
                    continue;
                for (const struct keymap_entry *f = maps[m2]->entries; f->key != 0; f++) {
                    if (f->act != a)
                        continue;
                    if (m2 == 1 && keymap_lookup(km, f->key) != a)
                        continue;
                    char name[32];
                    keymap_key_name(f->key, name, sizeof name);
                    if (strstr(keys, name))
                        continue;
                    size_t len = strlen(keys);
                    snprintf(keys + len, sizeof keys - len, "%s%s", len ? ", " : "", name);
                }
            }
            add_row(h, keys, action_help(a));
        }
    }
}

static void help_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct help *h = s->data;
    ui_put(w, top, 0, cols, h->title, UI_SECTION);
    h->page = rows - 2;
    wlist_scroll(&h->l, h->page);
    for (int r = 0; r < h->page && h->l.top + r < h->n; r++)
        ui_put(w, top + 1 + r, 0, cols, h->lines[h->l.top + r], UI_NORMAL);
    ui_put(w, top + rows - 1, 0, cols, _("Esc, Enter: back to the screen"), UI_DIM);
}

static int help_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct help *h = s->data;
    if (a == ACT_BACK) {
        tui_pop(s->tui);
        return AR_REDRAW;
    }
    if (a == ACT_UP || a == ACT_PGUP || a == ACT_HOME) {
        h->l.sel = h->l.top;
        wlist_action(&h->l, a, h->page);
        return AR_REDRAW;
    }
    if (a == ACT_DOWN || a == ACT_PGDN || a == ACT_END) {
        h->l.sel = h->l.top + h->page - 1;
        wlist_action(&h->l, a, h->page);
        return AR_REDRAW;
    }
    if (a == ACT_HELP)
        return AR_NONE;
    return AR_DEFAULT;
}

static void help_close(struct screen *s)
{
    struct help *h = s->data;
    for (int i = 0; i < h->n; i++)
        free(h->lines[i]);
    free(h->lines);
    free(h);
}

static const struct screen_ops help_ops = {
    .name = "help",
    .keymap = &keymap_help,
    .draw = help_draw,
    .action = help_action,
    .close = help_close,
};

void screen_help_open(struct tui *t, struct screen *under)
{
    struct help *h = xcalloc(1, sizeof *h);
    snprintf(h->title, sizeof h->title, " %s", _("Keys of this screen"));
    add_keys(h, under, under ? under->ops->keymap : NULL);
    if (under && strcmp(under->ops->name, "grid") == 0) {
        add_line(h, xstrdup(""));
        add_row(h, "2 3 4 5", _("a mark; the cursor moves to the next pupil"));
        add_row(h, "н n", _("Н: absent"));
        add_row(h, "б b, у u", _("Б: ill, У: excused reason (class teacher, office)"));
        add_row(h, "к k", _("К: final of a subject without marks"));
        add_line(h, xasprintf("  %s", _("Anything else is refused with the rule of cl. 3.5.")));
    }
    h->l.n = h->n;
    tui_push(t, &help_ops, h);
}
