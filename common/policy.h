/*
 * policy — THE access-policy module: the only place that decides who may read or
 * change what (DESIGN.md §7).  A decision is a pure function of the working
 * account (struct ej_ctx: roles, staff/guardian/pupil links), an action, and the
 * facts about the object that the database layer gathered (struct policy_object).
 * The database layer calls it before every journal read and write; screens call
 * it too, but only to draw the F-key bar and the «только просмотр» banner.
 *
 * Rules (clauses 3.4, 3.5, DESIGN.md §10):
 *  - a course's teacher (on the lesson's date) reads and edits it: marks, «Н»,
 *    lessons, finals; a substitute edits only the lessons they taught;
 *  - the reason of an absence («Б», «У») is set by the class teacher of the class,
 *    the secretary, the deputy director or the administrator, who also withdraw
 *    one (clear a Б or У); a subject teacher who is not the class teacher sets
 *    and clears «Н» only;
 *  - the class teacher reads every course of the class, the deputy director and
 *    the administrator every course of the school: read-only;
 *  - parents and pupils read only their own diary;
 *  - logins and temporary passwords for a class's parents and pupils are issued by
 *    the class teacher of the class and by the office (3.4, 5.1);
 *  - a class's day as a whole (attendance across all its lessons, summaries) is
 *    read by its class teacher and the office (3.4);
 *  - messages (3.8): staff write to staff; the office to anyone of the school; a
 *    teacher to the families of the classes they teach or lead; a parent or pupil
 *    to their (children's) teachers and class teachers and to the office, and to
 *    other families only where the school allows it;
 *  - parents' data (3.4) is read and changed by the class teacher of the pupil's
 *    class and by the office;
 *  - documents (2.3, 3.10, 4.1): the deputy director and the administrator print
 *    anything; a class teacher everything of their class; a subject teacher the
 *    journal pages of their courses; a parent or a pupil only their own (own
 *    child's) weekly report;
 *  - pupils' personal data (clause 3.3): the secretary adds pupils and enrolls
 *    them; the deputy director and the administrator read every class, a class
 *    teacher reads their own class (class_teacher is that class's); nobody else;
 *  - the staff list (5.x of issue #5): HR keeps it (with the administrator); the
 *    deputy director reads it;
 *  - the school year (3.2): the deputy director and the administrator set it up
 *    (calendar, curriculum, teaching load, timetable, lessons, substitutions) and
 *    lock its periods; every member of staff reads it; a course's teacher keeps
 *    that course's КТП (so do the deputy director and the administrator).
 * Later features add their actions to POLICY_ACTIONS and their rules to
 * policy_check, never decide elsewhere.
 */
#ifndef EJ_POLICY_H
#define EJ_POLICY_H
#include "ctx.h"
#include "err.h"
#include <stdbool.h>
#include <stddef.h>

/* X(name, English description) */
#define POLICY_ACTIONS(X)                                                              \
    X(JOURNAL_READ, N_("read a journal"))                                              \
    X(MARK_SET, N_("enter or clear a mark"))                                           \
    X(ABSENT_SET, N_("mark an absence (Н) or clear it"))                               \
    X(REASON_SET, N_("set the reason of an absence (Б, У)"))                           \
    X(FINAL_SET, N_("set a period final"))                                             \
    X(LESSON_EDIT, N_("edit a lesson: topic, works, homework, held"))                  \
    X(LESSON_ADD, N_("add a lesson outside the timetable"))                            \
    X(DIARY_READ, N_("read a pupil's diary"))                                          \
    X(LOGINS_ISSUE, N_("issue logins and temporary passwords to a class's families"))       \
    X(CLASS_READ, N_("read a class's day: attendance across all its lessons, summaries"))   \
    X(MESSAGE_SEND, N_("write a message to a person"))                                       \
    X(GUARDIAN_EDIT, N_("read and change a pupil's parents' data"))                          \
    X(DOC_WEEKLY, N_("print weekly reports (of a class, or one pupil's)"))                  \
    X(DOC_JOURNAL, N_("print a course's journal page"))                                      \
    X(DOC_SUMMARY, N_("print a class's year summary sheet"))                              \
    X(PUPIL_READ, N_("read the pupils of a class: names, birth dates, addresses"))      \
    X(PUPIL_EDIT, N_("add pupils and enroll them in a class"))                          \
    X(STAFF_READ, N_("read the staff list"))                                                 \
    X(STAFF_EDIT, N_("add staff with accounts, deactivate leavers"))                         \
    X(YEAR_EDIT, N_("set up the school year: calendar, curriculum, load, timetable, lessons"))    \
    X(YEAR_READ, N_("read the year's setup: calendar, curriculum, load, timetable, КТП"))       \
    X(PLAN_EDIT, N_("change a course's calendar-thematic plan (КТП)"))

enum policy_action {
#define X(name, desc) POLICY_##name,
    POLICY_ACTIONS(X)
#undef X
    POLICY_NACTIONS
};

/* Facts about the object of an action, gathered by the caller (db-journal.c). */
struct policy_object {
    long long school_id;          /* the object's school */
    long long class_teacher;      /* staff id of the class teacher of the course's class
                                     (PUPIL_*: of the class itself) */
    bool course_teacher;          /* ctx's staff teaches the course (on the lesson's date
                                     when there is a lesson, else at any time this year) */
    bool lesson_teacher;          /* ctx's staff actually taught this lesson (substitute) */
    bool taught_any;              /* ctx's staff taught some lesson of the course */
    bool has_absence;             /* REASON_SET: the pupil already has an absence there */
    long long pupil_id;           /* DIARY_READ: whose diary */
    bool own_child;               /* DIARY_READ: the pupil is a child of ctx's guardian */
    /* MESSAGE_SEND: facts about the recipient */
    bool to_staff;                /* works at the school */
    bool to_office;               /* the deputy director, the secretary, the administrator */
    bool to_my_teacher;           /* teaches (or is class teacher of) ctx's child, or ctx */
    bool to_my_family;            /* a parent or pupil of a class ctx teaches or leads */
    bool families_may_write;      /* the school lets families write to each other */
};

/* EJ_OK, or EJ_EDENIED with a translated message saying who may do it. */
enum ej_err policy_check(const struct ej_ctx *ctx, enum policy_action a,
                         const struct policy_object *o, struct ej_error *err);
static inline bool policy_allows(const struct ej_ctx *ctx, enum policy_action a,
                                 const struct policy_object *o)
{
    return policy_check(ctx, a, o, NULL) == EJ_OK;
}
/* "MARK_SET" … (for tests and logs); static storage. */
const char *policy_action_name(enum policy_action a);
#endif
