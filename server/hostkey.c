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
#include <unistd.h>

/* Write `text` to `path` atomically (a temporary file renamed over it), mode `mode`. */
static enum ej_err write_file(const char *path, const char *text, mode_t mode, bool chown_to,
                              uid_t uid, gid_t gid, struct ej_error *err)
{
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    enum ej_err e = EJ_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        e = ej_error_set(err, EJ_ECONFIG, _("cannot create %s: %s"), tmp, strerror(errno));
        goto out;
    }
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len || fchmod(fd, mode) != 0 ||
        (chown_to && fchown(fd, uid, gid) != 0) || fsync(fd) != 0) {
        e = ej_error_set(err, EJ_ECONFIG, _("cannot write %s: %s"), tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        e = ej_error_set(err, EJ_ECONFIG, _("cannot write %s: %s"), path, strerror(errno));
        unlink(tmp);
    }
out:
    free(tmp);
    return e;
}

static enum ej_err create_key(const char *path, bool chown_to, uid_t uid, gid_t gid,
                              struct ej_error *err)
{
    ssh_key key = NULL;
    char *priv = NULL, *pub = NULL;
    enum ej_err e = EJ_OK;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
        e = ej_error_set(err, EJ_ECONFIG, _("cannot generate a host key"));
        goto out;
    }
    if (ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &priv) != SSH_OK ||
        ssh_pki_export_pubkey_base64(key, &pub) != SSH_OK) {
        e = ej_error_set(err, EJ_ECONFIG, _("cannot generate a host key"));
        goto out;
    }
    e = write_file(path, priv, 0600, chown_to, uid, gid, err);
    if (e == EJ_OK) {
        char *pubpath = xasprintf("%s.pub", path);
        char *line = xasprintf("%s %s ejournald\n", ssh_key_type_to_char(ssh_key_type(key)), pub);
        /* The public half is a convenience for administrators: not fatal. */
        struct ej_error perr;
        if (write_file(pubpath, line, 0644, chown_to, uid, gid, &perr) != EJ_OK)
            log_warn("%s", perr.msg);
        free(line);
        free(pubpath);
        log_info("created a new host key %s", path);
    }
out:
    if (priv) {
        explicit_bzero(priv, strlen(priv));
        ssh_string_free_char(priv);
    }
    if (pub)
        ssh_string_free_char(pub);
    ssh_key_free(key);
    return e;
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
