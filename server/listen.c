/*
 * listen — listening sockets and socket helpers.
 */
#include "listen.h"
#include "i18n.h"
#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Long enough that a burst of connections waits in the kernel rather than being
 * refused; the pre-authentication limits decide who gets served. */
#define LISTEN_BACKLOG 1024

void listen_addr_str(const struct sockaddr *sa, char *addr, size_t addrsz, int *port)
{
    addr[0] = '\0';
    if (port)
        *port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, addr, (socklen_t)addrsz);
        if (port)
            *port = ntohs(in->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], addr, (socklen_t)addrsz);
        else
            inet_ntop(AF_INET6, &in6->sin6_addr, addr, (socklen_t)addrsz);
        if (port)
            *port = ntohs(in6->sin6_port);
    } else {
        snprintf(addr, addrsz, "?");
    }
}

int listen_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return 0;
    char a[64];
    int port;
    listen_addr_str((struct sockaddr *)&ss, a, sizeof a, &port);
    return port;
}

const char *listen_name(int fd)
{
    static char name[96];
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return "?";
    char a[64];
    int port;
    listen_addr_str((struct sockaddr *)&ss, a, sizeof a, &port);
    if (ss.ss_family == AF_INET6 && strchr(a, ':'))
        snprintf(name, sizeof name, "[%s]:%d", a, port);
    else
        snprintf(name, sizeof name, "%s:%d", a, port);
    return name;
}

void listen_tune_accepted(int fd)
{
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
        log_debug("TCP_NODELAY: %s", strerror(errno));
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one) != 0)
        log_debug("SO_KEEPALIVE: %s", strerror(errno));
}

static int open_one(const char *host, int port, struct ej_error *err)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(*host ? host : NULL, portstr, &hints, &res);
    if (gai != 0) {
        ej_error_set(err, EJ_ECONFIG, _("listen address \"%s\": %s"), host, gai_strerror(gai));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        ej_error_set(err, EJ_ECONFIG, _("listen address \"%s\": %s"), host, strerror(errno));
        freeaddrinfo(res);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (res->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
        ej_error_set(err, EJ_ECONFIG, _("cannot listen on %s port %d: %s"), host, port,
                     strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

enum ej_err listen_open(const struct ej_config *cfg, int fds[LISTEN_MAX], int *n,
                        struct ej_error *err)
{
    *n = 0;
    int port = cfg->port;
    for (int i = 0; i < cfg->nlisten && i < LISTEN_MAX; i++) {
        int fd = open_one(cfg->listen[i], port, err);
        if (fd < 0) {
            for (int k = 0; k < *n; k++)
                close(fds[k]);
            *n = 0;
            return EJ_ECONFIG;
        }
        if (port == 0)
            port = listen_port(fd);
        fds[(*n)++] = fd;
    }
    if (*n == 0)
        return ej_error_set(err, EJ_ECONFIG, _("no listen address is configured"));
    return EJ_OK;
}
