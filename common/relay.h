/*
 * relay — the notification relay between ejournald and its applications.
 *
 * Why: PostgreSQL wakes every backend that LISTENs in a database for every NOTIFY
 * in it, whatever the channel, and the notifying transaction holds a database-wide
 * lock while it signals them.  With one LISTEN per session, 200 teachers typing a
 * mark a second woke 200 backends 200 times a second (make bench, issue #9).  So
 * ejournald keeps ONE listening connection (server/relay.c) and hands each
 * notification to the sessions that asked for its channel, over a Unix socket
 * (<state_dir>/notify, path given to the application in EJ_NOTIFY_SOCKET).  The
 * changes still travel by LISTEN/NOTIFY (DESIGN.md §10); an application started
 * without a relay (a terminal, another SSH server) LISTENs on its own connection.
 *
 * The protocol, one line each way, at most RELAY_LINE_MAX bytes:
 *   application → relay   "L <channel>\n"              hand me this channel
 *                         "P <channel> <pid> <payload>\n"
 *                                                      my write committed: wake the
 *                                                      channel's readers (pid: my
 *                                                      backend); the relay also sends
 *                                                      it on by NOTIFY, in batches,
 *                                                      to listeners it does not serve
 *   relay → application   "N <channel> <pid> <payload>\n"
 *                                                      a notification; pid: the
 *                                                      backend that sent it
 *                         "R\n"                        some were lost (the relay
 *                                                      reconnected to the database,
 *                                                      or this reader fell behind):
 *                                                      re-read everything shown
 * Channel names are [a-z_][a-z0-9_]*, at most 63 bytes (PostgreSQL identifiers);
 * payloads [A-Za-z0-9:_.-], at most 200 bytes ("course:12", "pupil:7").
 */
#ifndef EJ_RELAY_H
#define EJ_RELAY_H
#include <stdbool.h>
#include <stddef.h>

#define EJ_ENV_NOTIFY "EJ_NOTIFY_SOCKET"
#define RELAY_LINE_MAX 512

/* True for a channel name the relay and LISTEN accept. */
bool relay_channel_ok(const char *channel);

bool relay_payload_ok(const char *payload);

/* One line in buf[0..len) (no newline), parsed in place.  Returns 'N' or 'P'
 * (channel, pid and payload set, pointing into buf), 'R', 'L' (channel set), or 0 for
 * a line that is none of these. */
int relay_parse(char *buf, size_t len, const char **channel, int *pid, const char **payload);

/* The application's end. */
struct relay;
/* Connect to the relay at path; NULL if there is none (or it does not answer). */
struct relay *relay_open(const char *path);
void relay_close(struct relay *r);
int relay_fd(const struct relay *r);
/* Ask for a channel's notifications.  False if the relay is gone. */
bool relay_listen(struct relay *r, const char *channel);
/* Hand over the wake-up of a committed write.  False if the relay is gone (the
 * caller then sends it by NOTIFY itself). */
bool relay_publish(struct relay *r, const char *channel, int pid, const char *payload);
/* Read what has arrived without blocking: fn for each notification, *reset set when
 * the relay said some were lost.  Returns how many notifications were read, or -1
 * when the relay is gone (the caller LISTENs on its own connection instead). */
int relay_read(struct relay *r, void (*fn)(const char *channel, const char *payload, int pid, void *arg),
               void *arg, bool *reset);
#endif
