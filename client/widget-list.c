/*
 * widget-list — selection and scrolling of a list shown a page at a time.
 */
#include "widget.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

void wlist_scroll(struct wlist *l, int page)
{
    if (page < 1)
        page = 1;
    if (l->sel >= l->n)
        l->sel = l->n - 1;
    if (l->sel < 0)
        l->sel = 0;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + page)
        l->top = l->sel - page + 1;
    if (l->top > l->n - page)
        l->top = l->n - page;
    if (l->top < 0)
        l->top = 0;
}

bool wlist_action(struct wlist *l, enum action a, int page)
{
    switch (a) {
    case ACT_UP:
        l->sel--;
        break;
    case ACT_DOWN:
        l->sel++;
        break;
    case ACT_PGUP:
        l->sel -= page > 1 ? page - 1 : 1;
        break;
    case ACT_PGDN:
        l->sel += page > 1 ? page - 1 : 1;
        break;
    case ACT_HOME:
        l->sel = 0;
        break;
    case ACT_END:
        l->sel = l->n - 1;
        break;
    default:
        return false;
    }
    wlist_scroll(l, page);
    return true;
}

bool wsearch_action(char *buf, size_t size, enum action a, wint_t ch)
{
    size_t n = strlen(buf);
    if (a == ACT_BACKSPACE) {
        if (n == 0)
            return false;
        do
            n--;
        while (n > 0 && (buf[n] & 0xc0) == 0x80);
        buf[n] = '\0';
        return true;
    }
    if (a != ACT_CHAR || utf8_is_control((uint32_t)ch))
        return false;
    char u[8];
    size_t l = utf8_encode((uint32_t)ch, u);
    if (n + l + 1 > size)
        return false;
    memcpy(buf + n, u, l);
    buf[n + l] = '\0';
    return true;
}
