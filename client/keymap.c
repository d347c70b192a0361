/*
 * keymap — the key tables and their lookup.  Marks and absence letters are not
 * bound here: a grid receives them as ACT_CHAR and asks rules_key(), which knows
 * н/n, б/b, у/u, к/k in both layouts and cases.  No vi letters in the grid.
 */
#include "keymap.h"
#include "i18n.h"

#include <curses.h>
#include <stdio.h>
#include <wchar.h>

const char *action_label(enum action a)
{
    static const char *const labels[] = {
#define X(name, label, help) label,
        ACTIONS(X)
#undef X
    };
    return (unsigned)a < ACT_COUNT && labels[a][0] ? _(labels[a]) : "";
}

const char *action_help(enum action a)
{
    static const char *const helps[] = {
#define X(name, label, help) help,
        ACTIONS(X)
#undef X
    };
    return (unsigned)a < ACT_COUNT && helps[a][0] ? _(helps[a]) : "";
}

#define NAV                                                                                       \
    { KF(KEY_UP), ACT_UP }, { KF(KEY_DOWN), ACT_DOWN }, { KF(KEY_LEFT), ACT_LEFT },              \
        { KF(KEY_RIGHT), ACT_RIGHT }, { KF(KEY_PPAGE), ACT_PGUP }, { KF(KEY_NPAGE), ACT_PGDN },  \
        { KF(KEY_HOME), ACT_HOME }, { KF(KEY_END), ACT_END }

static const struct keymap_entry global_entries[] = {
    { KF(KEY_F(1)), ACT_HELP },
    { KF(KEY_F(10)), ACT_QUIT },
    { KF(KEY_F(9)), ACT_MESSAGES },
    { KCTRL('L'), ACT_REDRAW },
    { 0, ACT_NONE },
};
const struct keymap keymap_global = { "global", global_entries };

static const struct keymap_entry home_entries[] = {
    NAV,
    { 'j', ACT_DOWN },
    { 'k', ACT_UP },
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { KF(KEY_F(5)), ACT_REFRESH },
    { KF(KEY_F(4)), ACT_CLASS_DAY },
    { KF(KEY_F(3)), ACT_CLASS_WEEK },
    { KF(KEY_F(6)), ACT_PUPILS },
    { KF(KEY_F(7)), ACT_STAFF },
    { KF(KEY_F(8)), ACT_YEAR },
    { 'q', ACT_QUIT },
    { 0, ACT_NONE },
};
const struct keymap keymap_home = { "home", home_entries };

static const struct keymap_entry grid_entries[] = {
    NAV,
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(2)), ACT_EDIT },
    { KF(KEY_F(3)), ACT_PERIOD },
    { KF(KEY_F(5)), ACT_PRINT },
    { KCTRL('R'), ACT_REFRESH },
    { KF(KEY_F(6)), ACT_ATTENDANCE },
    { KF(KEY_F(7)), ACT_LESSON_ADD },
    { KF(KEY_DC), ACT_CLEAR },
    { KF(KEY_BACKSPACE), ACT_CLEAR },
    { 0x7f, ACT_CLEAR },
    { KCTRL('H'), ACT_CLEAR },
    { KCTRL('Z'), ACT_UNDO },
    { '/', ACT_RETAKE },
    { '=', ACT_ACCEPT },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_grid = { "grid", grid_entries };

static const struct keymap_entry lesson_entries[] = {
    NAV,
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { '\n', ACT_NEWLINE },
    { '\r', ACT_NEWLINE },
    { KF(KEY_ENTER), ACT_NEWLINE },
    { KF(KEY_F(2)), ACT_SAVE },
    { KF(KEY_F(3)), ACT_PLAN },
    { KF(KEY_F(4)), ACT_WORK_ADD },
    { KF(KEY_F(6)), ACT_HELD },
    { KF(KEY_F(8)), ACT_WORK_DEL },
    { KF(KEY_DC), ACT_DELETE },
    { KF(KEY_BACKSPACE), ACT_BACKSPACE },
    { 0x7f, ACT_BACKSPACE },
    { KCTRL('H'), ACT_BACKSPACE },
    { KCTRL('W'), ACT_WORD_DEL },
    { KCTRL('B'), ACT_WORD_LEFT },
    { KCTRL('F'), ACT_WORD_RIGHT },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_lesson = { "lesson", lesson_entries };

static const struct keymap_entry diary_entries[] = {
    { KF(KEY_LEFT), ACT_WEEK_PREV },
    { KF(KEY_RIGHT), ACT_WEEK_NEXT },
    NAV,
    { 'j', ACT_DOWN },
    { 'k', ACT_UP },
    { '\t', ACT_VIEW },
    { KF(KEY_F(3)), ACT_VIEW },
    { KF(KEY_F(4)), ACT_CHILD },
    { KF(KEY_F(5)), ACT_PRINT },
    { KCTRL('R'), ACT_REFRESH },
    { KF(KEY_F(6)), ACT_TODAY },
    { 'q', ACT_QUIT },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_diary = { "diary", diary_entries };

static const struct keymap_entry attendance_entries[] = {
    NAV,
    { KF(KEY_F(3)), ACT_CLASS_WEEK },
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { KF(KEY_F(5)), ACT_REFRESH },
    { KF(KEY_F(6)), ACT_TODAY },
    { KF(KEY_F(7)), ACT_DAY_PREV },
    { KF(KEY_F(8)), ACT_DAY_NEXT },
    { '[', ACT_DAY_PREV },
    { ']', ACT_DAY_NEXT },
    { KF(KEY_DC), ACT_CLEAR },
    { KF(KEY_BACKSPACE), ACT_CLEAR },
    { 0x7f, ACT_CLEAR },
    { KCTRL('H'), ACT_CLEAR },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_attendance = { "attendance", attendance_entries };

static const struct keymap_entry messages_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(2)), ACT_WRITE },
    { KF(KEY_F(3)), ACT_VIEW },
    { KF(KEY_F(5)), ACT_REFRESH },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_messages = { "messages", messages_entries };

static const struct keymap_entry thread_entries[] = {
    NAV,
    { KF(KEY_F(4)), ACT_REPLY },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_thread = { "thread", thread_entries };

/* Writing a message: the editor's keys, F2 sends, F3 adds a recipient. */
static const struct keymap_entry compose_entries[] = {
    NAV,
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { '\n', ACT_NEWLINE },
    { '\r', ACT_NEWLINE },
    { KF(KEY_ENTER), ACT_NEWLINE },
    { KF(KEY_F(2)), ACT_SEND },
    { KF(KEY_F(3)), ACT_RECIPIENT },
    { KF(KEY_DC), ACT_DELETE },
    { KF(KEY_BACKSPACE), ACT_BACKSPACE },
    { 0x7f, ACT_BACKSPACE },
    { KCTRL('H'), ACT_BACKSPACE },
    { KCTRL('W'), ACT_WORD_DEL },
    { KCTRL('B'), ACT_WORD_LEFT },
    { KCTRL('F'), ACT_WORD_RIGHT },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_compose = { "compose", compose_entries };

static const struct keymap_entry week_entries[] = {
    NAV,
    { KF(KEY_F(5)), ACT_PRINT },
    { KF(KEY_F(6)), ACT_TODAY },
    { KF(KEY_F(7)), ACT_DAY_PREV },
    { KF(KEY_F(8)), ACT_DAY_NEXT },
    { '[', ACT_DAY_PREV },
    { ']', ACT_DAY_NEXT },
    { KCTRL('R'), ACT_REFRESH },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_week = { "week", week_entries };

static const struct keymap_entry year_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(7)), ACT_YEAR_PREV },
    { KF(KEY_F(8)), ACT_YEAR_NEXT },
    { KF(KEY_F(5)), ACT_GENERATE },
    { KF(KEY_F(6)), ACT_PROMOTE },
    { '[', ACT_YEAR_PREV },
    { ']', ACT_YEAR_NEXT },
    { KCTRL('R'), ACT_REFRESH },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_year = { "year", year_entries };

static const struct keymap_entry year_class_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(5)), ACT_GENERATE },
    { '\t', ACT_NEXT },
    { KF(KEY_BTAB), ACT_PREV },
    { KCTRL('R'), ACT_REFRESH },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_year_class = { "year-class", year_class_entries };

static const struct keymap_entry register_entries[] = {
    NAV,
    { KF(KEY_F(3)), ACT_PERIOD },
    { KCTRL('R'), ACT_REFRESH },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_register = { "register", register_entries };

/* The pupils list: letters go to the search, so no letter keys here. */
static const struct keymap_entry pupils_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(2)), ACT_IMPORT },
    { KF(KEY_F(3)), ACT_VIEW },
    { KF(KEY_F(4)), ACT_TRANSFER },
    { KF(KEY_F(5)), ACT_GROUPS },
    { KF(KEY_F(6)), ACT_REGISTER },
    { KF(KEY_F(7)), ACT_ARRIVE },
    { KF(KEY_F(8)), ACT_LEAVE },
    { KF(KEY_BACKSPACE), ACT_BACKSPACE },
    { 0x7f, ACT_BACKSPACE },
    { KCTRL('H'), ACT_BACKSPACE },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_pupils = { "pupils", pupils_entries };

/* The pupil's card: Enter changes the field under the cursor, F2 all in turn. */
static const struct keymap_entry card_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(2)), ACT_CHANGE },
    { KF(KEY_F(7)), ACT_GUARDIAN_ADD },
    { KF(KEY_F(8)), ACT_GUARDIAN_LINK },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_card = { "card", card_entries };

/* A class's study groups; a group's members. */
static const struct keymap_entry groups_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_F(2)), ACT_CHANGE },
    { KF(KEY_F(7)), ACT_GROUP_ADD },
    { KF(KEY_F(8)), ACT_GROUP_DEL },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_groups = { "groups", groups_entries };

static const struct keymap_entry members_entries[] = {
    NAV,
    { KF(KEY_F(7)), ACT_MEMBER_IN },
    { KF(KEY_F(8)), ACT_MEMBER_OUT },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_members = { "members", members_entries };

/* The staff list: letters go to the search, as in the pupils list. */
static const struct keymap_entry staff_entries[] = {
    NAV,
    { KF(KEY_F(4)), ACT_STAFF_EDIT },
    { KF(KEY_F(7)), ACT_STAFF_ADD },
    { KF(KEY_F(8)), ACT_STAFF_OFF },
    { KF(KEY_BACKSPACE), ACT_BACKSPACE },
    { 0x7f, ACT_BACKSPACE },
    { KCTRL('H'), ACT_BACKSPACE },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_staff = { "staff", staff_entries };

static const struct keymap_entry help_entries[] = {
    NAV,
    { 0x1b, ACT_BACK },
    { 'q', ACT_BACK },
    { '\n', ACT_BACK },
    { '\r', ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_help = { "help", help_entries };

static const struct keymap_entry list_entries[] = {
    NAV,
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_list = { "list", list_entries };

/* A one-line input (dialogs, the lock screen). */
static const struct keymap_entry edit_entries[] = {
    { KF(KEY_LEFT), ACT_LEFT },
    { KF(KEY_RIGHT), ACT_RIGHT },
    { KF(KEY_HOME), ACT_HOME },
    { KF(KEY_END), ACT_END },
    { '\n', ACT_OPEN },
    { '\r', ACT_OPEN },
    { KF(KEY_ENTER), ACT_OPEN },
    { KF(KEY_DC), ACT_DELETE },
    { KF(KEY_BACKSPACE), ACT_BACKSPACE },
    { 0x7f, ACT_BACKSPACE },
    { KCTRL('H'), ACT_BACKSPACE },
    { KCTRL('W'), ACT_WORD_DEL },
    { 0x1b, ACT_BACK },
    { 0, ACT_NONE },
};
const struct keymap keymap_edit = { "edit", edit_entries };

static enum action lookup_in(const struct keymap_entry *e, int key)
{
    for (; e->act != ACT_NONE || e->key != 0; e++)
        if (e->key == key)
            return e->act;
    return ACT_NONE;
}

enum action keymap_lookup(const struct keymap *km, int key)
{
    enum action a = km ? lookup_in(km->entries, key) : ACT_NONE;
    if (a == ACT_NONE)
        a = lookup_in(keymap_global.entries, key);
    return a;
}

int keymap_fkey(const struct keymap *km, enum action a)
{
    const struct keymap_entry *tables[] = { km ? km->entries : NULL, keymap_global.entries };
    for (int t = 0; t < 2; t++) {
        if (!tables[t])
            continue;
        for (const struct keymap_entry *e = tables[t]; e->key != 0; e++)
            if (e->act == a && KEY_IS_FN(e->key)) {
                int code = e->key & ~0x1000000;
                if (code >= KEY_F(1) && code <= KEY_F(10))
                    return code - KEY_F(0);
            }
    }
    return 0;
}

const char *keymap_key_name(int key, char *buf, int size)
{
    if (KEY_IS_FN(key)) {
        int code = key & ~0x1000000;
        const char *n = NULL;
        if (code >= KEY_F(1) && code <= KEY_F(12)) {
            snprintf(buf, (size_t)size, "F%d", code - KEY_F(0));
            return buf;
        }
        switch (code) {
        case KEY_UP: n = "↑"; break;
        case KEY_DOWN: n = "↓"; break;
        case KEY_LEFT: n = "←"; break;
        case KEY_RIGHT: n = "→"; break;
        case KEY_PPAGE: n = "PgUp"; break;
        case KEY_NPAGE: n = "PgDn"; break;
        case KEY_HOME: n = "Home"; break;
        case KEY_END: n = "End"; break;
        case KEY_DC: n = "Del"; break;
        case KEY_BACKSPACE: n = "Backspace"; break;
        case KEY_BTAB: n = "Shift-Tab"; break;
        case KEY_ENTER: n = "Enter"; break;
        default: n = "?"; break;
        }
        snprintf(buf, (size_t)size, "%s", n);
        return buf;
    }
    switch (key) {
    case '\n':
    case '\r':
        snprintf(buf, (size_t)size, "Enter");
        return buf;
    case '\t':
        snprintf(buf, (size_t)size, "Tab");
        return buf;
    case 0x1b:
        snprintf(buf, (size_t)size, "Esc");
        return buf;
    case 0x7f:
        snprintf(buf, (size_t)size, "Backspace");
        return buf;
    case ' ':
        snprintf(buf, (size_t)size, "%s", _("Space"));
        return buf;
    }
    if (key > 0 && key < 0x20) {
        snprintf(buf, (size_t)size, "Ctrl-%c", key + '@');
        return buf;
    }
    char mb[8] = { 0 };
    mbstate_t st = { 0 };
    size_t n = wcrtomb(mb, (wchar_t)key, &st);
    if (n == (size_t)-1)
        snprintf(buf, (size_t)size, "?");
    else
        snprintf(buf, (size_t)size, "%.*s", (int)n, mb);
    return buf;
}

void keymap_define_terminal_keys(void)
{
    static const struct {
        const char *seq;
        int code;
    } seqs[] = {
        { "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) }, { "\033[13~", KEY_F(3) },
        { "\033[14~", KEY_F(4) }, { "\033[1~", KEY_HOME },  { "\033[4~", KEY_END },
        { "\033[7~", KEY_HOME },  { "\033[8~", KEY_END },   { "\033OH", KEY_HOME },
        { "\033OF", KEY_END },    { "\033[H", KEY_HOME },   { "\033[F", KEY_END },
    };
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
        if (key_defined(seqs[i].seq) == 0)
            define_key(seqs[i].seq, seqs[i].code);
}
