/*
 * conn — one client connection, served in its own process forked by the listener
 * (serve.c): key exchange, authentication (auth.c), the session channel and the
 * application it execs (channel.c).  A crash, a hang or a kill of this process
 * touches no other connection.
 *
 * The process talks to the listener over a socketpair (`ctl`), one line a message:
 *   "K\n"        key exchange done (the connection is no longer a silent startup)
 *   "A <id>\n"   authenticated as account <id>: may a session start?  The listener
 *                answers "Y\n", or "N t\n" (too many sessions in total) or
 *                "N a\n" (too many for this account).
 * Signals from the listener: SIGUSR1 "the server stops soon" (tell the user),
 * SIGTERM "end now".  SIGTERM from anyone else (`ejournal sessions end`) ends the
 * session as ended by an administrator.
 */
#ifndef EJ_CONN_H
#define EJ_CONN_H
#include "config.h"
#include "db.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <time.h>

/* Exit statuses of a connection process, read by the listener for its log. */
enum {
    CONN_EXIT_OK = 0,
    CONN_EXIT_ERROR = 1,      /* protocol error, client gone during key exchange */
    CONN_EXIT_GRACE = 2,      /* login grace time over */
    CONN_EXIT_AUTHFAIL = 3,   /* too many authentication failures */
    CONN_EXIT_TERM = 4,       /* SIGTERM before authentication */
};

/* What a connection process is given by the listener. */
struct conn_params {
    const struct ej_config *cfg;
    ssh_bind bind;          /* holds the host key; used for ssh_bind_accept_fd only */
    int sock;               /* the accepted TCP connection */
    int ctl;                /* socketpair to the listener; -1 in debug mode (-d) */
    const char *conninfo;   /* the application role's conninfo */
    const char *client_path; /* absolute path of the ejournal application */
    const char *notify_path; /* the notification relay's socket, or NULL (relay.c) */
};

/* One output stream of the application (pty master, stdout or stderr pipe). */
struct conn_out {
    int fd;           /* -1 when closed */
    bool is_stderr;
    bool watched;     /* registered in the event */
    bool eof;
    char pend[32768]; /* read but not yet accepted by the channel */
    size_t plen, poff;
};

struct conn {
    const struct conn_params *p;
    const struct ej_config *cfg;
    ssh_session session;
    ssh_event event;
    struct ssh_server_callbacks_struct server_cb;
    struct ssh_channel_callbacks_struct chan_cb;
    int wake_rd;            /* self-pipe read end (signals) */
    bool wake_watched;
    char addr[64];          /* client address, numeric */
    int port;
    char laddr[64];         /* the address and port the client connected to */
    int lport;
    char host[256];         /* this host's name, for the session row */
    long long proc_start;   /* this process's start time (clock ticks since boot) */
    struct ej_db *db;       /* opened at the first authentication attempt, closed before exec */

    /* authentication (auth.c) */
    int tries;              /* failed attempts */
    bool drop;              /* too many: disconnect, evaluate nothing more */
    bool authenticated;
    long long account_id;
    char login[64];
    bool must_change;
    const char *method;     /* "password" / "publickey" */
    char refused[300];      /* set when the listener refuses the session (limits) */

    /* the session channel (channel.c) */
    ssh_channel chan;
    int nchannels;
    enum { REQ_NONE, REQ_SHELL, REQ_EXEC, REQ_SUBSYSTEM } req;
    char *command;          /* exec: the raw command string; subsystem: its name */
    size_t command_len;
    bool pty;
    char term[64];
    struct winsize ws;
    bool started;           /* the request was acted on */
    pid_t app;              /* the application process (its own session and group) */
    bool app_reaped;
    int app_status;
    time_t app_reaped_at;
    int master;             /* pty master, or -1 */
    int in_fd;              /* where client data goes: master or the stdin pipe; -1 */
    bool in_watched;
    bool in_pending;        /* libssh holds client data we could not write yet */
    char inbuf[32768];
    size_t inlen, inoff;
    struct conn_out out[2]; /* [0] stdout (or the pty), [1] stderr */
    bool remote_eof, remote_closed;
    bool in_closed;         /* stdin pipe closed after the client's EOF */
    bool finishing;         /* exit status, EOF and close sent */
    time_t finish_at;
    long long session_id;   /* ssh_session row */
    time_t last_input;
    const char *end_reason; /* "closed", "admin", "shutdown", "idle", "gone" */
    bool hup_sent;
    time_t kill_at;         /* SIGKILL the application at this time (0: not planned) */
    bool done;
    struct { int fd; short events; } watch[3]; /* our descriptors in the event */
    char notes[512];        /* refusals to tell the user once a channel is open */
};

/* Serve one connection to its end; returns the process exit status.  Never
 * returns to the listener's loop: the caller _exit()s with it. */
int conn_main(const struct conn_params *p);

/* auth.c */
int auth_password_cb(ssh_session session, const char *user, const char *password, void *userdata);
int auth_pubkey_cb(ssh_session session, const char *user, struct ssh_key_struct *pubkey,
                   char signature_state, void *userdata);
/* Open the database connection if it is not open (EJ_ETEMP on failure). */
bool auth_db(struct conn *c);
void auth_db_close(struct conn *c);

/* channel.c */
ssh_channel channel_open_cb(ssh_session session, void *userdata);
/* Act on requests, move data, follow the application; sets c->done at the end. */
void channel_step(struct conn *c);
/* Begin ending the session (reason as in conn.end_reason); `msg` (may be NULL) is
 * shown to the user first. */
void channel_terminate(struct conn *c, const char *reason, const char *msg);
/* Show a one-line message: in the terminal's last line for a pty session, on
 * stderr otherwise, or kept for when the channel opens. */
void channel_tell(struct conn *c, const char *msg);
/* Milliseconds the event loop may sleep before channel_step must run again. */
int channel_timeout_ms(const struct conn *c);
/* Message callback for everything the server callbacks do not handle: port
 * forwarding, X11, unknown requests.  Refuses them and notes why. */
int channel_message_cb(ssh_session session, ssh_message msg, void *userdata);
#endif
