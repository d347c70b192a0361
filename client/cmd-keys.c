/*
 * cmd-keys — `keys list | add | rm ID`: an account's own public keys for logging in
 * without a password.  `keys add` reads one line of an OpenSSH public key file
 * (TYPE BASE64 [comment]) on standard input:
 *     ssh -p 2222 login@host keys add < ~/.ssh/id_ed25519.pub
 * The line is checked here (known type, valid base64 whose blob names the same
 * type); ejournald verifies signatures with it at login.
 */
#include "cmd.h"
#include "db-auth.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const key_types[] = {
    "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
};

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decode standard base64 (with padding); returns the length, or -1 if invalid. */
static long b64_decode(const char *in, unsigned char *out, size_t outsz)
{
    size_t n = strlen(in), o = 0;
    if (n == 0 || n % 4 != 0)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = in[i + k] == '=' && i + 4 == n && k >= 2 ? 0 : b64_value((unsigned char)in[i + k]);
            if (v[k] < 0)
                return -1;
        }
        unsigned bits = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
        int bytes = in[i + 2] == '=' ? 1 : in[i + 3] == '=' ? 2 : 3;
        if (in[i + 2] == '=' && in[i + 3] != '=')
            return -1;
        for (int k = 0; k < bytes; k++) {
            if (o >= outsz)
                return -1;
            out[o++] = (unsigned char)(bits >> (16 - 8 * k));
        }
    }
    return (long)o;
}

/* The key blob is a sequence of SSH strings (4-byte length, bytes) that fills it
 * exactly, the first being the key type and at least one more holding the key. */
static bool blob_names(const unsigned char *blob, long len, const char *type)
{
    long off = 0;
    int count = 0;
    while (off < len) {
        if (len - off < 4)
            return false;
        unsigned long sl = (unsigned long)blob[off] << 24 | (unsigned long)blob[off + 1] << 16 |
                           (unsigned long)blob[off + 2] << 8 | blob[off + 3];
        off += 4;
        if (sl > (unsigned long)(len - off))
            return false;
        if (count == 0 && (sl != strlen(type) || memcmp(blob + off, type, sl) != 0))
            return false;
        off += (long)sl;
        count++;
    }
    return count >= 2;
}

static int keys_add(struct ej_ctx *ctx, FILE *in, FILE *out, FILE *errf)
{
    char line[16384];
    if (!fgets(line, sizeof line, in)) {
        fprintf(errf, "%s\n", _("ejournal: keys add: give the public key on standard input, e.g. "
                                "keys add < ~/.ssh/id_ed25519.pub"));
        return 1;
    }
    if (!strchr(line, '\n') && !feof(in)) {
        fprintf(errf, "%s\n", _("ejournal: keys add: the line is too long for a public key"));
        return 1;
    }
    line[strcspn(line, "\r\n")] = '\0';
    char *save = NULL;
    char *type = strtok_r(line, " \t", &save);
    char *b64 = type ? strtok_r(NULL, " \t", &save) : NULL;
    char *comment = b64 ? strtok_r(NULL, "", &save) : NULL;
    bool known_type = false;
    for (size_t i = 0; type && i < sizeof key_types / sizeof key_types[0]; i++)
        known_type |= strcmp(type, key_types[i]) == 0;
    if (!type || !b64 || !known_type) {
        fprintf(errf, "%s\n", _("ejournal: keys add: not an OpenSSH public key line (TYPE BASE64 "
                                "[comment]); the file ending in .pub is the public one"));
        return 1;
    }
    unsigned char *blob = xmalloc(strlen(b64));
    long len = b64_decode(b64, blob, strlen(b64));
    bool ok = len > 0 && blob_names(blob, len, type);
    free(blob);
    if (!ok) {
        fprintf(errf, "%s\n", _("ejournal: keys add: the key is damaged (its data does not match its type)"));
        return 1;
    }
    char safe_comment[128] = "";
    if (comment) {
        while (*comment == ' ' || *comment == '\t')
            comment++;
        char *inert = utf8_inert(comment, false);
        snprintf(safe_comment, sizeof safe_comment, "%s", inert);
        free(inert);
    }
    long long id = 0;
    struct ej_error err;
    if (db_auth_key_add(ctx->db, ctx->account_id, type, b64, safe_comment, &id, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    fprintf(out, "%lld\n", id);
    return 0;
}

static int keys_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    struct ej_error err;
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        struct db_auth_key *rows = NULL;
        int n = 0;
        if (db_auth_keys_list(ctx->db, ctx->account_id, &rows, &n, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        for (int i = 0; i < n; i++) {
            char *c = utf8_inert(rows[i].comment, false);
            fprintf(out, "%lld\t%s\t%s\t%s\t%s\n", rows[i].id, rows[i].type, rows[i].fingerprint,
                    rows[i].added, c);
            free(c);
        }
        free(rows);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "add") == 0)
        return keys_add(ctx, in, out, errf);
    if (argc == 3 && strcmp(argv[1], "rm") == 0) {
        char *end;
        long long id = strtoll(argv[2], &end, 10);
        if (*end || id <= 0) {
            fprintf(errf, "%s\n", _("usage: keys list | add | rm ID"));
            return 2;
        }
        if (db_auth_key_remove(ctx->db, ctx->account_id, id, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    fprintf(errf, "%s\n", _("usage: keys list | add | rm ID"));
    return 2;
}

const struct cmd_entry cmd_keys = { "keys", "keys list | add | rm ID",
                                    N_("your public keys for logging in without a password"), 0,
                                    keys_exec };
