/*
 * action — every action of the full-screen application, declared once: its
 * identifier, its F-key bar label and its help text (English msgids).  Keymaps
 * (keymap.c) bind keys to these; handlers switch on actions, never on keys; the
 * F-key bar and the F1 help are generated from this list and the active keymap,
 * so they cannot drift.
 */
#ifndef EJ_ACTION_H
#define EJ_ACTION_H

/* X(name, F-key bar label, help text) */
#define ACTIONS(X)                                                                          \
    X(NONE, "", "")                                                                         \
    X(HELP, N_("Help"), N_("list the keys of this screen"))                                 \
    X(QUIT, N_("Exit"), N_("leave the application"))                                        \
    X(BACK, N_("Back"), N_("back to the previous screen"))                                  \
    X(REDRAW, "", N_("redraw the screen"))                                                  \
    X(UP, "", N_("move up"))                                                                \
    X(DOWN, "", N_("move down"))                                                            \
    X(LEFT, "", N_("move left"))                                                            \
    X(RIGHT, "", N_("move right"))                                                          \
    X(PGUP, "", N_("one page up"))                                                          \
    X(PGDN, "", N_("one page down"))                                                        \
    X(HOME, "", N_("to the first column (the line's start in a text)"))                     \
    X(END, "", N_("to the last column (the line's end in a text)"))                         \
    X(NEXT, "", N_("next lesson / next field"))                                             \
    X(PREV, "", N_("previous lesson / previous field"))                                     \
    X(OPEN, N_("Open"), N_("open the item; in the grid: the lesson, or confirm the suggested final")) \
    X(EDIT, N_("Lesson"), N_("edit the lesson: topic, works, homework"))                    \
    X(SAVE, N_("Save"), N_("save the lesson and return to the journal"))                    \
    X(PERIOD, N_("Period"), N_("show the next period (quarter)"))                           \
    X(PLAN, N_("Plan"), N_("choose the topic from the calendar-thematic plan"))             \
    X(WORK_ADD, N_("Work+"), N_("add a work (a second mark column) to the lesson"))         \
    X(WORK_DEL, N_("Work-"), N_("delete the selected work if it has no marks"))             \
    X(HELD, N_("Held"), N_("mark the lesson as held / not held"))                           \
    X(ATTENDANCE, N_("Present"), N_("attendance taken: everybody without Н was present"))   \
    X(LESSON_ADD, N_("Lesson+"), N_("add a lesson outside the timetable (a replacement)"))  \
    X(CLEAR, "", N_("clear the cell (the mark, else the absence)"))                         \
    X(UNDO, "", N_("undo the last change (saved too)"))                                     \
    X(RETAKE, "", N_("a retake: the next mark is added after the first one («2/4»)"))       \
    X(ACCEPT, "", N_("confirm the suggested period final"))                                 \
    X(REFRESH, N_("Reload"), N_("read the data again from the database"))                   \
    X(NEWLINE, "", N_("new line"))                                                          \
    X(BACKSPACE, "", N_("delete the character before the cursor"))                          \
    X(DELETE, "", N_("delete the character under the cursor"))                              \
    X(WORD_DEL, "", N_("delete the word before the cursor"))                                \
    X(WORD_LEFT, "", N_("one word left"))                                                   \
    X(WORD_RIGHT, "", N_("one word right"))                                                 \
    X(VIEW, N_("View"), N_("the diary's views in turn: the week, subjects and finals, the timetable")) \
    X(CHILD, N_("Child"), N_("the diary of your other child"))                            \
    X(WEEK_PREV, "", N_("the previous week (in the subjects view: the previous period)"))  \
    X(WEEK_NEXT, "", N_("the next week (in the subjects view: the next period)"))          \
    X(TODAY, N_("Today"), N_("back to the current week and period"))                      \
    X(DAY_PREV, N_("<Day"), N_("the previous day"))                                        \
    X(DAY_NEXT, N_("Day>"), N_("the next day (absences known ahead may be entered)"))      \
    X(CLASS_DAY, N_("Class"), N_("my class's attendance for the day"))                     \
    X(PRINT, N_("Print"), N_("print: the school's printer, your terminal's printer, or download")) \
    X(CLASS_WEEK, N_("Week"), N_("my class's week: marks and absences of every pupil"))    \
    X(PUPILS, N_("Pupils"), N_("the pupils: search by surname, classes, a pupil's card"))   \
    X(TRANSFER, N_("Transfer"), N_("transfer the pupil to another class from a date (an order)")) \
    X(LEAVE, N_("Leaves"), N_("the pupil leaves the school from a date (an order, a reason)")) \
    X(CHANGE, N_("Edit"), N_("change the pupil's personal data: every field in turn, saved together")) \
    X(GUARDIAN_ADD, N_("Parent+"), N_("add a parent or other legal representative of the pupil")) \
    X(GUARDIAN_LINK, N_("Link"), N_("link a parent already in the school (a brother's or sister's) to the pupil")) \
    X(REGISTER, N_("Register"), N_("the movement register: per class and by date, for a period")) \
    X(IMPORT, N_("List"), N_("paste a class list from a spreadsheet: checked first, then enrolled at once")) \
    X(ARRIVE, N_("Arrived"), N_("a pupil arrives: personal data, the class, the first day, the order")) \
    X(GROUPS, N_("Groups"), N_("the study groups of the class: add, rename, members in and out")) \
    X(GROUP_ADD, N_("Group+"), N_("a new study group of the class for a subject"))              \
    X(GROUP_DEL, N_("Delete"), N_("delete the group (only one that never had a member)"))      \
    X(MEMBER_IN, N_("Put in"), N_("put a pupil of the class in the group from a date"))        \
    X(MEMBER_OUT, N_("Take out"), N_("take the pupil out of the group from a date"))           \
    X(STAFF, N_("Staff"), N_("the staff: search by surname, add, deactivate a leaver"))   \
    X(STAFF_ADD, N_("Add"), N_("add a member of staff with an account (the password is shown once)")) \
    X(STAFF_EDIT, N_("Edit"), N_("change the position and the subjects a member of staff may teach")) \
    X(STAFF_OFF, N_("Leaver"), N_("deactivate a leaver: the account is locked, their sessions end")) \
    X(MESSAGES, N_("Mail"), N_("messages: the inbox, threads, writing (from any screen)"))   \
    X(WRITE, N_("Write"), N_("write a new message"))                                       \
    X(REPLY, N_("Reply"), N_("answer in this thread"))                                     \
    X(SEND, N_("Send"), N_("send the message"))                                            \
    X(RECIPIENT, N_("To"), N_("add a recipient (or all parents of a class)"))               \
    X(YEAR, N_("Year"), N_("the school year: periods, holidays, classes, timetable, teaching load")) \
    X(YEAR_PREV, N_("<Year"), N_("the previous school year"))                               \
    X(YEAR_NEXT, N_("Year>"), N_("the next school year (prepared before it begins)"))       \
    X(PROMOTE, N_("Move up"), N_("move every class up from the year before, with its pupils (the secretary)")) \
    X(GENERATE, N_("Lessons"), N_("make the class's lessons from the timetable: the plan, then on confirmation")) \
    X(CHAR, "", N_("a letter or digit: a mark 2-5, an absence Н/Б/У, a final К"))

enum action {
#define X(name, label, help) ACT_##name,
    ACTIONS(X)
#undef X
    ACT_COUNT
};

/* Label for the F-key bar and help text, translated. */
const char *action_label(enum action a);
const char *action_help(enum action a);
#endif
