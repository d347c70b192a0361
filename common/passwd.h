/*
 * passwd — password hashes: yescrypt through libcrypt, as /etc/shadow uses.
 * Clear-text passwords are never stored, logged, or kept longer than needed
 * (callers wipe their buffers with explicit_bzero).
 */
#ifndef EJ_PASSWD_H
#define EJ_PASSWD_H
#include <stdbool.h>
#include <stddef.h>

/* A new yescrypt hash of pw (fresh random salt); caller frees.  NULL only if libcrypt
 * refuses (then a fatal() is the right reaction for the caller). */
char *passwd_hash(const char *pw);
/* Does pw match hash?  Constant time in the comparison; false for an empty or
 * malformed hash.  A dummy hash is checked when hash is NULL so that an unknown
 * login costs the same time as a known one. */
bool passwd_verify(const char *pw, const char *hash);
/* A temporary password for issuing: `len` characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), written to out (size > len). */
void passwd_generate(char *out, size_t len);
#endif
