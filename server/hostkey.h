/*
 * hostkey — the server's ed25519 host key: created at first start in the state
 * directory (mode 0600, owned by the service user), reused afterwards, and its
 * SHA256 fingerprint as OpenSSH prints it, so that users can check what their
 * client shows on first connection.
 */
#ifndef EJ_HOSTKEY_H
#define EJ_HOSTKEY_H
#include "err.h"
#include <libssh/libssh.h>
#include <stdbool.h>
#include <sys/types.h>

/*
 * Load the private key at `path`; when it does not exist and `create` is true,
 * generate a new ed25519 key there (and `path`.pub beside it).  When `chown_to`
 * is true the new files are given to uid:gid.  A key file readable by others is
 * refused.  *key gets the key (ssh_key_free it).  EJ_ECONFIG with err on failure.
 */
enum ej_err hostkey_load(const char *path, bool create, bool chown_to, uid_t uid, gid_t gid,
                         ssh_key *key, struct ej_error *err);
/* "SHA256:…" (caller frees), NULL if libssh cannot hash the key. */
char *hostkey_fingerprint(ssh_key key);
/* "ED25519", "RSA"…: the name OpenSSH prints beside the fingerprint (static). */
const char *hostkey_type_name(ssh_key key);
#endif
