/*
 * db-messages — messages inside the application (clause 3.8): teachers, class
 * teachers, the office, parents and pupils write to each other; inbox, sent,
 * threads (a reply keeps its thread), the unread count every home screen shows,
 * and a teacher's message to all parents of a class.  Who may write to whom is
 * the policy module's (MESSAGE_SEND, asked for every recipient inside the
 * sending transaction); a parent or pupil writes to their children's (their
 * own) teachers, class teachers and the office, to other families only when the
 * school allows it (school.parents_write_parents).
 *
 * Text is stored exactly as typed (valid UTF-8, not empty, at most
 * MSG_MAX_BODY characters); screens and commands make control characters inert
 * when they show it, never here.
 */
#ifndef EJ_DB_MESSAGES_H
#define EJ_DB_MESSAGES_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

#define MSG_MAX_BODY 10000
#define MSG_MAX_SUBJECT 200

struct msg_item {
    long long id, thread;  /* thread: the id of the thread's first message */
    char when[32];         /* "DD.MM.YYYY HH:MI", the school's time */
    char from[200];        /* sender's name */
    char from_login[40];
    char to[400];          /* recipients' names, ", "-separated (the first few) */
    int nto;
    char *subject, *body;
    bool unread;           /* to ctx and not read yet */
    bool mine;             /* sent by ctx */
};
void db_msg_free(struct msg_item *v, int n);

/* Inbox (messages to ctx) or sent (by ctx), newest first, at most `limit`. */
enum ej_err db_msg_list(struct ej_db *db, const struct ej_ctx *ctx, bool sent, int limit,
                        struct msg_item **out, int *n, struct ej_error *err);
/* The thread of message id, oldest first, as ctx may see it (messages ctx sent or
 * received); the ones to ctx are marked read.  EJ_ENOTFOUND if ctx sees none. */
enum ej_err db_msg_thread(struct ej_db *db, const struct ej_ctx *ctx, long long id,
                          struct msg_item **out, int *n, struct ej_error *err);
/* Unread messages to ctx. */
enum ej_err db_msg_unread(struct ej_db *db, const struct ej_ctx *ctx, int *n,
                          struct ej_error *err);

/* Someone ctx may write to. */
struct msg_contact {
    long long account_id;
    char login[40];
    char name[200];
    char about[200];       /* "учитель: Алгебра 7А", "родитель: Соколов Михаил (7А)" */
};
/* Everyone ctx may write to (the policy decides each), by kind and name. */
enum ej_err db_msg_contacts(struct ej_db *db, const struct ej_ctx *ctx, struct msg_contact **out,
                            int *n, struct ej_error *err);

/* Send to the accounts `logins` (n of them), or — class_name non-NULL — to every
 * parent of a pupil of that class; reply_to (0: none) puts it in that thread.
 * One transaction; EJ_EDENIED names the first recipient refused, EJ_EINVAL an
 * empty or oversized text, EJ_ENOTFOUND an unknown login.  *id_out: the message. */
enum ej_err db_msg_send(struct ej_db *db, const struct ej_ctx *ctx, const char *const *logins,
                        int n, const char *class_name, long long reply_to, const char *subject,
                        const char *body, long long *id_out, struct ej_error *err);
#endif
