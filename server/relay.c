/*
 * relay — ejournald's one listening database connection, handing notifications to
 * the applications that asked for them (common/relay.h says why and the protocol).
 *
 * A process of its own, forked by the listener after the privilege drop (serve.c),
 * restarted by it if it ends.  It owns nothing an application needs to work: an
 * application whose relay goes away LISTENs on its own connection instead.  It
 * never blocks on a slow reader: what does not fit a reader's buffer is dropped and
 * the reader is told "R" (re-read everything) once it catches up.  When its database
 * connection is lost it reconnects every second, LISTENs again and tells every
 * reader "R": notifications sent meanwhile were not heard.
 */
#include "calendar.h"
#include "db.h"
#include "log.h"
#include "relay.h"
#include "server.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READER_CHANNELS 8
#define READER_OUT_MAX (64 * 1024)

struct reader {
    int fd;
    char in[RELAY_LINE_MAX + 1];
    size_t inlen;
    char *out;
    size_t outlen, outcap;
    bool lost; /* lines were dropped: "R" is queued, nothing more until it is out */
    bool queued;  /* in relay_srv.pending: lines to write at the end of this turn */
    bool waiting; /* its socket was full: EPOLLOUT asked for */
    int chan[READER_CHANNELS];
    int nchan;
};

struct relay_srv {
    int lfd;
    const char *conninfo;
    struct ej_db *db;
    bool connected_before;
    time_t retry_at;
    char **channels;
    int nchannels;
    char *pub;          /* "<channel> <payload>\n" lines to send on by NOTIFY */
    size_t publen, pubcap;
    int self;           /* our backend's pid: our own NOTIFYs are not relayed twice */
    struct reader *rd;
    int nrd, caprd;
    /* epoll, so that a wake-up costs what is ready, not a look at every reader (with
     * 200 typing sessions poll() over all of them was 5% of the machine's CPU). */
    int ep;
    int *slot; /* reader index by fd, -1 for none */
    int nslot;
    int dbfd, dbpid; /* the database socket registered, and its backend */
    /* Readers with lines queued in this turn of the loop, by fd: each gets one write()
     * at the end of the turn, whatever number of lines (a mark's two wake-ups, say). */
    int *pending;
    int npending, cappending;
    double pub_since; /* when the oldest line in pub was queued (CLOCK_MONOTONIC s) */
};

/* Lines for the listeners this relay does not serve are sent on by NOTIFY at most this
 * long after they came (one transaction for all of them), or once this many bytes wait. */
#define PUB_DELAY_S 0.010
#define PUB_BATCH_MAX (16 * 1024)

/* Events that are not a reader's carry these instead of an fd. */
enum { EV_LISTEN = -1, EV_DB = -2 };

static void watch(struct relay_srv *s, int op, int fd, int tag, bool out)
{
    struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0u), .data.fd = tag };
    if (epoll_ctl(s->ep, op, fd, &ev) < 0 && !(op == EPOLL_CTL_ADD && errno == EEXIST &&
                                                epoll_ctl(s->ep, EPOLL_CTL_MOD, fd, &ev) == 0))
        fatal("notification relay: epoll_ctl: %s", strerror(errno));
}

static void reader_drop(struct relay_srv *s, int i)
{
    close(s->rd[i].fd); /* leaves the epoll set with it */
    s->slot[s->rd[i].fd] = -1;
    free(s->rd[i].out);
    s->rd[i] = s->rd[--s->nrd];
    if (i < s->nrd)
        s->slot[s->rd[i].fd] = i;
}

/* Queue a line for a reader: written at the end of this turn of the loop
 * (write_pending), or when its socket takes more (EPOLLOUT) if it was full. */
static void reader_send(struct relay_srv *s, struct reader *r, const char *line, size_t len)
{
    if (r->lost)
        return;
    if (r->outlen + len > READER_OUT_MAX) {
        /* Too far behind: forget the lines, tell it to re-read instead. */
        r->lost = true;
        r->outlen = 0;
        line = "R\n";
        len = 2;
    }
    if (r->outlen + len > r->outcap) {
        r->outcap = r->outcap ? r->outcap * 2 : 1024;
        while (r->outcap < r->outlen + len)
            r->outcap *= 2;
        r->out = xrealloc(r->out, r->outcap);
    }
    memcpy(r->out + r->outlen, line, len);
    r->outlen += len;
    if (!r->queued && !r->waiting) {
        r->queued = true;
        if (s->npending == s->cappending) {
            s->cappending = s->cappending ? s->cappending * 2 : 64;
            s->pending = xreallocarray(s->pending, (size_t)s->cappending, sizeof *s->pending);
        }
        s->pending[s->npending++] = r->fd;
    }
}

/* Write what the socket takes; ask for EPOLLOUT while anything is left.  False when
 * the reader is gone. */
static bool reader_write(struct relay_srv *s, struct reader *r)
{
    while (r->outlen > 0) {
        ssize_t w = write(r->fd, r->out, r->outlen);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        if (w < 0)
            break;
        memmove(r->out, r->out + w, r->outlen - (size_t)w);
        r->outlen -= (size_t)w;
    }
    if (r->outlen > 0 && !r->waiting)
        watch(s, EPOLL_CTL_MOD, r->fd, r->fd, true);
    else if (r->outlen == 0 && r->waiting)
        watch(s, EPOLL_CTL_MOD, r->fd, r->fd, false);
    r->waiting = r->outlen > 0;
    if (r->outlen == 0)
        r->lost = false;
    return true;
}

/* The end of a turn: one write for each reader that got lines in it. */
static void write_pending(struct relay_srv *s)
{
    for (int k = 0; k < s->npending; k++) {
        int fd = s->pending[k];
        int i = fd < s->nslot ? s->slot[fd] : -1;
        if (i < 0)
            continue; /* dropped in this turn */
        struct reader *r = &s->rd[i];
        r->queued = false;
        if (!r->waiting && !reader_write(s, r))
            reader_drop(s, i);
    }
    s->npending = 0;
}

static void tell_all_reset(struct relay_srv *s)
{
    for (int i = 0; i < s->nrd; i++)
        reader_send(s, &s->rd[i], "R\n", 2);
}

static void db_lost(struct relay_srv *s)
{
    log_warn("notification relay: database connection lost; reconnecting");
    db_close(s->db);
    s->db = NULL;
    s->retry_at = 0;
}

static bool listen_on(struct relay_srv *s, const char *channel)
{
    struct ej_error err;
    if (db_listen(s->db, channel, &err) == EJ_OK)
        return true;
    db_lost(s);
    return false;
}

static void try_connect(struct relay_srv *s)
{
    if (s->db || time(NULL) < s->retry_at)
        return;
    struct ej_error err;
    s->db = db_connect(s->conninfo, &err);
    if (!s->db) {
        s->retry_at = time(NULL) + 1;
        return;
    }
    for (int i = 0; i < s->nchannels; i++)
        if (!listen_on(s, s->channels[i])) {
            s->retry_at = time(NULL) + 1;
            return;
        }
    s->self = db_backend(s->db);
    if (s->connected_before)
        log_info("notification relay: database connection restored");
    /* Anything sent while no one listened was not heard: every reader re-reads. */
    if (s->connected_before || s->nrd > 0)
        tell_all_reset(s);
    s->connected_before = true;
}

static int channel_index(struct relay_srv *s, const char *channel)
{
    for (int i = 0; i < s->nchannels; i++)
        if (strcmp(s->channels[i], channel) == 0)
            return i;
    s->channels = xreallocarray(s->channels, (size_t)s->nchannels + 1, sizeof *s->channels);
    s->channels[s->nchannels] = xstrdup(channel);
    if (s->db)
        listen_on(s, channel);
    return s->nchannels++;
}

static void deliver(struct relay_srv *s, int c, const char *line, size_t len)
{
    for (int i = 0; i < s->nrd; i++)
        for (int k = 0; k < s->rd[i].nchan; k++)
            if (s->rd[i].chan[k] == c) {
                reader_send(s, &s->rd[i], line, len);
                break;
            }
}

/* A reader's write committed: wake the channel's readers now, and queue it for the
 * listeners this relay does not serve (other servers, applications without a relay). */
static void publish(struct relay_srv *s, const char *channel, int pid, const char *payload)
{
    char line[RELAY_LINE_MAX];
    int len = snprintf(line, sizeof line, "N %s %d %s\n", channel, pid, payload);
    for (int c = 0; c < s->nchannels; c++)
        if (strcmp(s->channels[c], channel) == 0)
            deliver(s, c, line, (size_t)len);
    size_t need = strlen(channel) + strlen(payload) + 2;
    if (s->publen == 0)
        s->pub_since = cal_mono_s();
    if (s->publen + need + 1 > s->pubcap) {
        s->pubcap = (s->publen + need + 1) * 2;
        s->pub = xrealloc(s->pub, s->pubcap);
    }
    s->publen += (size_t)snprintf(s->pub + s->publen, s->pubcap - s->publen, "%s %s\n", channel, payload);
}

/* One NOTIFY transaction for everything published since the last one, once the oldest
 * has waited PUB_DELAY_S (or PUB_BATCH_MAX bytes wait). */
static void publish_flush(struct relay_srv *s)
{
    if (s->publen == 0 || (s->publen < PUB_BATCH_MAX && cal_mono_s() - s->pub_since < PUB_DELAY_S))
        return;
    if (s->db) {
        struct ej_error err;
        if (db_notify_send(s->db, s->pub, &err) != EJ_OK)
            db_lost(s);
    }
    s->publen = 0;
    s->pub[0] = '\0';
}

/* A reader's request; false for anything outside the protocol (the reader is dropped). */
static bool reader_line(struct relay_srv *s, struct reader *r, char *line, size_t len)
{
    const char *channel = NULL, *payload = NULL;
    int pid = 0;
    int kind = relay_parse(line, len, &channel, &pid, &payload);
    if (kind == 'P') {
        publish(s, channel, pid, payload);
        return true;
    }
    if (kind != 'L')
        return false;
    int c = channel_index(s, channel);
    for (int i = 0; i < r->nchan; i++)
        if (r->chan[i] == c)
            return true;
    if (r->nchan == READER_CHANNELS)
        return false;
    r->chan[r->nchan++] = c;
    return true;
}

static bool reader_input(struct relay_srv *s, int i)
{
    struct reader *r = &s->rd[i];
    ssize_t n = read(r->fd, r->in + r->inlen, sizeof r->in - 1 - r->inlen);
    if (n == 0)
        return false;
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    r->inlen += (size_t)n;
    char *start = r->in, *nl;
    while ((nl = memchr(start, '\n', r->inlen - (size_t)(start - r->in))) != NULL) {
        if (!reader_line(s, r, start, (size_t)(nl - start)))
            return false;
        start = nl + 1;
    }
    r->inlen -= (size_t)(start - r->in);
    memmove(r->in, start, r->inlen);
    return r->inlen < sizeof r->in - 1;
}

static void on_notify(const char *channel, const char *payload, int pid, void *arg)
{
    struct relay_srv *s = arg;
    if (pid == s->self)
        return; /* sent on by publish_flush: its readers have had it */
    int c = -1;
    for (int i = 0; i < s->nchannels && c < 0; i++)
        if (strcmp(s->channels[i], channel) == 0)
            c = i;
    if (c < 0)
        return;
    char line[RELAY_LINE_MAX];
    int len = snprintf(line, sizeof line, "N %s %d %s\n", channel, pid, payload);
    if (len < 0 || (size_t)len >= sizeof line || !relay_payload_ok(payload))
        deliver(s, c, "R\n", 2); /* not ours to pass on as it is: re-read instead */
    else
        deliver(s, c, line, (size_t)len);
}

static void accept_readers(struct relay_srv *s)
{
    for (;;) {
        int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        if (s->nrd == s->caprd) {
            s->caprd = s->caprd ? s->caprd * 2 : 64;
            s->rd = xreallocarray(s->rd, (size_t)s->caprd, sizeof *s->rd);
        }
        if (fd >= s->nslot) {
            int n = fd + 1 > 2 * s->nslot ? fd + 1 : 2 * s->nslot;
            s->slot = xreallocarray(s->slot, (size_t)n, sizeof *s->slot);
            for (int i = s->nslot; i < n; i++)
                s->slot[i] = -1;
            s->nslot = n;
        }
        s->slot[fd] = s->nrd;
        struct reader *r = &s->rd[s->nrd++];
        memset(r, 0, sizeof *r);
        r->fd = fd;
        watch(s, EPOLL_CTL_ADD, fd, fd, false);
    }
}

int relay_main(int lfd, const char *conninfo)
{
    /* Ends with the listener that started it. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    /* Told apart from connection processes in ps and by the tests. */
    prctl(PR_SET_NAME, "ejournald-relay");
    if (getppid() == 1)
        _exit(0);
    struct relay_srv s;
    memset(&s, 0, sizeof s);
    s.lfd = lfd;
    s.conninfo = conninfo;
    fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
    s.ep = epoll_create1(EPOLL_CLOEXEC);
    if (s.ep < 0)
        fatal("notification relay: epoll_create1: %s", strerror(errno));
    s.dbfd = -1;
    watch(&s, EPOLL_CTL_ADD, lfd, EV_LISTEN, false);
    struct epoll_event ev[64];
    for (;;) {
        try_connect(&s);
        /* The database socket, watched anew whenever the connection is new. */
        int dbfd = s.db ? db_socket(s.db) : -1, dbpid = s.db ? db_backend(s.db) : 0;
        if (dbfd >= 0 && (dbfd != s.dbfd || dbpid != s.dbpid))
            watch(&s, EPOLL_CTL_ADD, dbfd, EV_DB, false);
        s.dbfd = dbfd;
        s.dbpid = dbpid;
        int timeout = s.db ? -1 : 1000;
        if (s.publen > 0) { /* wake for the NOTIFY of what waits */
            int due = (int)((s.pub_since + PUB_DELAY_S - cal_mono_s()) * 1000) + 1;
            timeout = due < 1 ? 1 : due < timeout || timeout < 0 ? due : timeout;
        }
        int n = epoll_wait(s.ep, ev, (int)(sizeof ev / sizeof ev[0]), timeout);
        if (n < 0 && errno != EINTR)
            fatal("notification relay: epoll_wait: %s", strerror(errno));
        bool listener = false, db = false;
        /* Readers first; a reader dropped here is not looked up again (slot -1). */
        for (int e = 0; e < n; e++) {
            int fd = ev[e].data.fd;
            if (fd == EV_LISTEN || fd == EV_DB) {
                listener |= fd == EV_LISTEN;
                db |= fd == EV_DB;
                continue;
            }
            int i = fd < s.nslot ? s.slot[fd] : -1;
            if (i < 0)
                continue;
            uint32_t re = ev[e].events;
            bool ok = true;
            if (re & EPOLLOUT)
                ok = reader_write(&s, &s.rd[i]);
            if (ok && (re & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                ok = reader_input(&s, i);
            if (!ok)
                reader_drop(&s, i);
        }
        publish_flush(&s);
        if (listener)
            accept_readers(&s);
        if (s.db && (db || db_socket(s.db) < 0)) {
            if (db_notifies(s.db, on_notify, &s) < 0)
                db_lost(&s);
        }
        write_pending(&s);
    }
}
