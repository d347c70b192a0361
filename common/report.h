/*
 * report — the printed documents, built from data (db-report.c) into the document
 * model (doc.h): the weekly report of a pupil and of a class (3.10), the class
 * journal page of a course for a period (2.3, 4.2), the year summary sheet of a
 * class (сводная ведомость учёта успеваемости, 4.1) and login slips (5.1).
 *
 * Every builder asks the policy module (DOC_WEEKLY, DOC_JOURNAL, DOC_SUMMARY) before it
 * reads anything else, and returns either a complete document or an error with a
 * translated message — never an empty document: a class with no pupils getting
 * paper reports, an unknown period or class is EJ_ENOTFOUND / EJ_EINVAL.
 */
#ifndef EJ_REPORT_H
#define EJ_REPORT_H
#include "ctx.h"
#include "doc.h"
#include "err.h"
#include <stdbool.h>

/* Parse a class name "7А" (also "7а", "11Б"): grade 1–11 and one Cyrillic
 * letter, returned upper-case in UTF-8.  false if malformed. */
bool report_parse_class(const char *s, int *grade, char letter[8]);

/*
 * Weekly reports for the week (Monday–Sunday) containing `week_day` (a day
 * number): for one pupil (pupil_id > 0, class_name NULL) or for every pupil of a
 * class (one per page; only pupils with paper reports when paper_only).
 */
enum ej_err report_weekly(const struct ej_ctx *ctx, const char *class_name, long long pupil_id,
                          int week_day, bool paper_only, struct doc **out, struct ej_error *err);
/* The weekly reports of every class of the school (the year containing week_day), in
 * one document, class after class (by grade and letter), one pupil a page: what
 * report_weekly gives per class, for the whole school in one run.  The policy is
 * that of each class's report (DOC_WEEKLY), asked for every class first. */
enum ej_err report_weekly_school(const struct ej_ctx *ctx, int week_day, bool paper_only,
                                 struct doc **out, struct ej_error *err);
/* The journal page of a course for period number `period` of its class's scheme:
 * the grid (landscape) and the pages of topics and homework. */
enum ej_err report_journal(const struct ej_ctx *ctx, long long course_id, int period,
                           struct doc **out, struct ej_error *err);
/* The year summary sheet of a class; year "2026/2027" (NULL: the current year). */
enum ej_err report_summary(const struct ej_ctx *ctx, const char *class_name, const char *year,
                           struct doc **out, struct ej_error *err);

/*
 * The class teacher's week (3.4, issue #6 item 4): pupils × the class's subjects
 * with the week's marks and absences, each pupil's weekly average (arithmetic)
 * and the pupils with problems — a 2 or an absence without a reason (Н) — first.
 * For the class teacher and the office (policy CLASS_READ).
 */
struct week_cell {
    char marks[32];     /* "5 4", "2/4" */
    int n, b, u;        /* absences by code */
};
struct week_pupil {
    long long id;
    char name[200];     /* "Соколов Михаил" */
    double avg;         /* 0: no marks */
    int nmarks, twos, unexcused, missed;
    bool problem;       /* a 2 or an unexcused absence this week */
};
struct class_week {
    char class_name[16];
    int monday;         /* a day number */
    char **subjects;    /* short names, the curriculum's order */
    int nsubjects;
    struct week_pupil *pupils; /* problems first, then by the class list */
    int npupils;
    struct week_cell *cells;   /* npupils × nsubjects */
};
enum ej_err report_class_week(const struct ej_ctx *ctx, const char *class_name, int day,
                              struct class_week **out, struct ej_error *err);
void report_class_week_free(struct class_week *w);

/* A login slip: a person's name, what the account is for, the login and the
 * temporary password issued at this moment (never stored, never reprinted). */
struct report_slip {
    const char *name;     /* "Соколова Ольга Ивановна" */
    const char *role;     /* "родитель Соколова Михаила, 7А" */
    const char *login;
    const char *password;
    const char *connect;  /* "ssh -p 2222 sokolova.oi@school" (NULL: ssh_hint) */
};
/* Slips, several to a page (two across), for a school; ssh_hint is how to
 * connect ("ssh -p 2222 host"), may be "". */
struct doc *report_login_slips(const char *school, const char *ssh_hint,
                               const struct report_slip *slips, int n);
#endif
