/*
 * db-movement — the movement of pupils (clause 3.3), each with a date and an
 * order number (номер приказа): a transfer to another class of the same year
 * (the pupil's marks before the date stay in the old class's journals, the pupil
 * appears in the new class's journals from that date) and leaving the school
 * (reason, destination school); and the history of a pupil.  Dates are the first
 * day in the new state: a pupil who leaves on 10.10 is not in the class on 10.10.
 * The secretary moves (policy PUPIL_EDIT); every move is one audited
 * transaction (enrollment and group_member are audited), and a move dated
 * before marks or absences already entered in the old class after that date is
 * refused, so no mark ever loses its pupil.
 */
#ifndef EJ_DB_MOVEMENT_H
#define EJ_DB_MOVEMENT_H
#include "ctx.h"
#include "db.h"

struct db_move {
    long long pupil_id;
    int day;                 /* the first day in the new class / out of the school */
    const char *order;       /* номер приказа: required */
    const char *to_class;    /* transfer: "7Б" of the same year */
    const char *reason;      /* leaving: required ("переезд", …) */
    const char *destination; /* leaving: the school the pupil goes to ("" allowed) */
};

enum ej_err db_pupil_transfer(struct ej_db *db, const struct ej_ctx *ctx, const struct db_move *m,
                              struct ej_error *err);
enum ej_err db_pupil_leave(struct ej_db *db, const struct ej_ctx *ctx, const struct db_move *m,
                           struct ej_error *err);

/* One spell of a pupil in a class. */
struct db_spell {
    char class_name[16], year[16];
    int from, to;            /* to: the day after the last (0: still there) */
    char order_in[64], reason_in[200], order_out[64], reason_out[200], destination[200];
};
/* The pupil's history, oldest first (the secretary, the deputy, the administrator,
 * the class teacher of the pupil's class: PUPIL_READ). */
enum ej_err db_pupil_history(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                             char name[200], struct db_spell **out, int *n, struct ej_error *err);
/* The movement register (книга движения) for [from, to] (inclusive day numbers):
 * every arrival, leaving and transfer in it, and per class the pupils at the
 * start, the moves, and the pupils at the end.  For the office (PUPIL_READ of the
 * school: the secretary, the deputy, the administrator). */
enum movement_kind { MOVE_ARRIVED, MOVE_LEFT, MOVE_IN, MOVE_OUT };
struct db_movement {
    int day;
    enum movement_kind kind;
    char pupil[200], class_name[16], order[64], note[400];
};
struct db_class_moves {
    char class_name[16];
    int start, arrived, left, in, out, end;
};
enum ej_err db_movement_register(struct ej_db *db, const struct ej_ctx *ctx, int from, int to,
                                 struct db_movement **moves, int *nmoves,
                                 struct db_class_moves **classes, int *nclasses,
                                 struct ej_error *err);
#endif
