/*
 * fkeybar — F1…F10 across the bottom line, each slot "N" + label; an empty slot
 * where the key does nothing here or the user may not use it.
 */
#include "fkeybar.h"

#include <stdio.h>

void fkeybar_draw(WINDOW *w, int y, int cols, struct screen *s)
{
    const struct keymap *km = s ? s->ops->keymap : NULL;
    int slot = cols / 10;
    for (int f = 1; f <= 10; f++) {
        int x = (f - 1) * slot;
        int width = f == 10 ? cols - x : slot;
        enum action a = keymap_lookup(km, KF(KEY_F(f)));
        const char *label = "";
        if (a != ACT_NONE && (!s || !s->ops->allowed || s->ops->allowed(s, a)))
            label = action_label(a);
        char num[12];
        snprintf(num, sizeof num, "%d", f);
        int nw = ui_put(w, y, x, f == 10 ? 2 : 1, num, UI_FKEY_NUM);
        ui_put(w, y, x + nw, width - nw, label, UI_FKEY_LABEL);
    }
}
