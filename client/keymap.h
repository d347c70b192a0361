/*
 * keymap — key tables per screen (tig-style): { key, action }.  A key is a wide
 * character, or KF(code) for a curses key code (KEY_F(2), KEY_HOME…), so that
 * the two number spaces never collide.  The first table that binds a key wins:
 * the screen's own, then the global one (F1, F10, Ctrl-L).
 */
#ifndef EJ_KEYMAP_H
#define EJ_KEYMAP_H
#include "action.h"
#include <stdbool.h>

#define KF(code) (0x1000000 | (code))
#define KEY_IS_FN(k) (((k) & 0x1000000) != 0)
#define KCTRL(c) ((c) & 0x1f)

struct keymap_entry {
    int key;
    enum action act;
};

struct keymap {
    const char *name;
    const struct keymap_entry *entries; /* ends with { 0, ACT_NONE } */
};

extern const struct keymap keymap_global, keymap_home, keymap_grid, keymap_lesson,
    keymap_diary, keymap_attendance, keymap_week, keymap_pupils, keymap_card, keymap_staff, keymap_groups, keymap_members, keymap_messages, keymap_thread, keymap_compose, keymap_help, keymap_list, keymap_edit,
    keymap_year, keymap_year_class, keymap_register;

/* The action bound to key in km (then in the global map); ACT_NONE if none. */
enum action keymap_lookup(const struct keymap *km, int key);
/* Human name of a key: "F2", "Enter", "Ctrl-Z", "н"… (into buf). */
const char *keymap_key_name(int key, char *buf, int size);
/* The F-key (1…10) bound to action a in km or the global map, 0 if none. */
int keymap_fkey(const struct keymap *km, enum action a);
/* Terminal set-up: bind the sequences that terminfo may not know (PuTTY with
 * TERM=xterm sends ESC[11~…ESC[14~ for F1–F4, ESC[1~/ESC[4~ for Home/End). */
void keymap_define_terminal_keys(void);
#endif
