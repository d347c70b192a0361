/*
 * listen — ejournald's own listening sockets (not libssh's ssh_bind_listen, whose
 * backlog is fixed at 10), and the small socket helpers the listener needs:
 * numeric addresses, TCP options of accepted connections.
 */
#ifndef EJ_LISTEN_H
#define EJ_LISTEN_H
#include "config.h"
#include "err.h"
#include <sys/socket.h>

#define LISTEN_MAX EJ_CONFIG_MAX_LISTEN

/*
 * Bind and listen on every configured address at cfg->port (port 0: the kernel
 * picks one for the first address and the others reuse it).  Sockets are
 * non-blocking and close-on-exec.  fds[] gets them, *n their count.  On failure
 * every socket is closed and err names the address.
 */
enum ej_err listen_open(const struct ej_config *cfg, int fds[LISTEN_MAX], int *n,
                        struct ej_error *err);
/* The bound port of a listening socket (0 on error). */
int listen_port(int fd);
/* "127.0.0.1:2222" / "[::1]:2222" of a listening socket, for the log (static buffer). */
const char *listen_name(int fd);
/* Numeric address (IPv4-mapped IPv6 shown as IPv4) and port of a sockaddr. */
void listen_addr_str(const struct sockaddr *sa, char *addr, size_t addrsz, int *port);
/* TCP_NODELAY (libssh does not set it: two ~40 ms stalls per login) and keepalive. */
void listen_tune_accepted(int fd);
#endif
