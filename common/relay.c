/* relay — the application's end of the notification relay, and the line format both
 * ends share (relay.h). */
#include "relay.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct relay {
    int fd;
    char buf[4 * RELAY_LINE_MAX];
    size_t len;
};

bool relay_channel_ok(const char *channel)
{
    size_t n = strlen(channel);
    if (n == 0 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = channel[i];
        if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

bool relay_payload_ok(const char *payload)
{
    size_t n = strlen(payload);
    if (n == 0 || n > 200)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = payload[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ':' || c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

int relay_parse(char *buf, size_t len, const char **channel, int *pid, const char **payload)
{
    buf[len] = '\0';
    if (len == 1 && buf[0] == 'R')
        return 'R';
    if (len < 3 || buf[1] != ' ' || (buf[0] != 'L' && buf[0] != 'N' && buf[0] != 'P'))
        return 0;
    char *ch = buf + 2;
    char *sp = strchr(ch, ' ');
    if (buf[0] == 'L') {
        if (sp || !relay_channel_ok(ch))
            return 0;
        *channel = ch;
        return 'L';
    }
    if (!sp)
        return 0;
    *sp = '\0';
    char *end;
    long p = strtol(sp + 1, &end, 10);
    if (!relay_channel_ok(ch) || end == sp + 1 || p < 0 || p > 0x7fffffff || *end != ' ' ||
        !relay_payload_ok(end + 1))
        return 0;
    *channel = ch;
    *pid = (int)p;
    *payload = end + 1;
    return buf[0];
}

struct relay *relay_open(const char *path)
{
    struct sockaddr_un sa;
    if (!path || !*path || strlen(path) >= sizeof sa.sun_path)
        return NULL;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    struct relay *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    return r;
}

void relay_close(struct relay *r)
{
    if (!r)
        return;
    close(r->fd);
    free(r);
}

int relay_fd(const struct relay *r)
{
    return r ? r->fd : -1;
}

bool relay_listen(struct relay *r, const char *channel)
{
    if (!relay_channel_ok(channel))
        return false;
    char line[80];
    int n = snprintf(line, sizeof line, "L %s\n", channel);
    /* A few bytes on a fresh local socket: written whole, or the relay is unwell. */
    return write(r->fd, line, (size_t)n) == n;
}

bool relay_publish(struct relay *r, const char *channel, int pid, const char *payload)
{
    if (!relay_channel_ok(channel) || !relay_payload_ok(payload))
        return false;
    char line[RELAY_LINE_MAX];
    int n = snprintf(line, sizeof line, "P %s %d %s\n", channel, pid, payload);
    return n > 0 && (size_t)n < sizeof line && write(r->fd, line, (size_t)n) == n;
}

int relay_read(struct relay *r, void (*fn)(const char *channel, const char *payload, int pid, void *arg),
               void *arg, bool *reset)
{
    int count = 0;
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->len, sizeof r->buf - 1 - r->len);
        if (n == 0)
            return -1;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? count : -1;
        }
        r->len += (size_t)n;
        char *start = r->buf, *nl;
        while ((nl = memchr(start, '\n', r->len - (size_t)(start - r->buf))) != NULL) {
            const char *channel = NULL, *payload = NULL;
            int pid = 0;
            int kind = relay_parse(start, (size_t)(nl - start), &channel, &pid, &payload);
            if (kind == 'N') {
                if (fn)
                    fn(channel, payload, pid, arg);
                count++;
            } else if (kind == 'R' && reset) {
                *reset = true;
            }
            start = nl + 1;
        }
        r->len -= (size_t)(start - r->buf);
        memmove(r->buf, start, r->len);
        if (r->len >= sizeof r->buf - 1)
            return -1; /* a line longer than the protocol allows: not our relay */
    }
}
