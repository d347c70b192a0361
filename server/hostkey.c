/*
 * hostkey — creating, loading and fingerprinting the host key.
 */
#include "hostkey.h"
#include "i18n.h"
#include "log.h"
#include "xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Write `text` to `path` atomically (a temporary file renamed over it), mode `mode`. */
/* Run ssh-keygen, which writes the key in OpenSSH's format with the right modes.
 * (libssh's own private-key export over-reads a buffer in 0.10: AddressSanitizer
 * reports it, so the key is made by the tool administrators know instead.) */
static bool keygen(const char *path)
{
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
        }
        execlp("ssh-keygen", "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ejournald", "-f", path,
               (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static enum ej_err create_key(const char *path, bool chown_to, uid_t uid, gid_t gid,
                              struct ej_error *err)
{
    if (!keygen(path))
        return ej_error_set(err, EJ_ECONFIG, _("cannot generate a host key"));
    char *pubpath = xasprintf("%s.pub", path);
    if (chown_to && (chown(path, uid, gid) != 0 || chown(pubpath, uid, gid) != 0))
        log_warn("cannot give the host key to the service user: %s", strerror(errno));
    free(pubpath);
    log_info("created a new host key %s", path);
    return EJ_OK;
}

enum ej_err hostkey_load(const char *path, bool create, bool chown_to, uid_t uid, gid_t gid,
                         ssh_key *key, struct ej_error *err)
{
    *key = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT || !create)
            return ej_error_set(err, EJ_ECONFIG, _("host key %s: %s"), path, strerror(errno));
        enum ej_err e = create_key(path, chown_to, uid, gid, err);
        if (e != EJ_OK)
            return e;
        if (stat(path, &st) != 0)
            return ej_error_set(err, EJ_ECONFIG, _("host key %s: %s"), path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return ej_error_set(err, EJ_ECONFIG, _("host key %s is not a regular file"), path);
    if (st.st_mode & 0077)
        return ej_error_set(err, EJ_ECONFIG,
                            _("host key %s is readable by others (mode %04o): chmod 600 it"), path,
                            (unsigned)(st.st_mode & 07777));
    if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, key) != SSH_OK) {
        *key = NULL;
        return ej_error_set(err, EJ_ECONFIG, _("host key %s cannot be read"), path);
    }
    return EJ_OK;
}

char *hostkey_fingerprint(ssh_key key)
{
    unsigned char *hash = NULL;
    size_t hlen = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != SSH_OK)
        return NULL;
    char *fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
    ssh_clean_pubkey_hash(&hash);
    if (!fp)
        return NULL;
    char *out = xstrdup(fp);
    ssh_string_free_char(fp);
    return out;
}

const char *hostkey_type_name(ssh_key key)
{
    switch (ssh_key_type(key)) {
    case SSH_KEYTYPE_ED25519:
        return "ED25519";
    case SSH_KEYTYPE_RSA:
        return "RSA";
    case SSH_KEYTYPE_ECDSA_P256:
    case SSH_KEYTYPE_ECDSA_P384:
    case SSH_KEYTYPE_ECDSA_P521:
        return "ECDSA";
    default:
        return "?";
    }
}
