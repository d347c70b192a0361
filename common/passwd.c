/*
 * passwd — yescrypt hashing and verification, temporary password generation.
 */
#include "passwd.h"
#include "log.h"
#include "xmalloc.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* A valid yescrypt hash of a random string: verified against when the login is
 * unknown, so that refusal takes the same time either way. */
static const char dummy_hash[] =
    "$y$j9T$DfKaTbKhukaEeOAVqH3VX1$RWfhAkY3UhxqToqAvg/eXuh0iidq8/Lx8tFweJxdll3";

char *passwd_hash(const char *pw)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
        return NULL;
    struct crypt_data *cd = xcalloc(1, sizeof *cd);
    char *h = crypt_r(pw, salt, cd);
    char *out = (h && h[0] != '*') ? xstrdup(h) : NULL;
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return out;
}

bool passwd_verify(const char *pw, const char *hash)
{
    bool real = hash && hash[0] == '$';
    const char *setting = real ? hash : dummy_hash;
    struct crypt_data *cd = xcalloc(1, sizeof *cd);
    const char *h = crypt_r(pw ? pw : "", setting, cd);
    bool ok = false;
    if (h && h[0] != '*') {
        size_t n = strlen(setting);
        if (strlen(h) == n) {
            unsigned char diff = 0;
            for (size_t i = 0; i < n; i++)
                diff |= (unsigned char)(h[i] ^ setting[i]);
            ok = diff == 0;
        }
    }
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return ok && real;
}

void passwd_generate(char *out, size_t len)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const size_t n = sizeof alphabet - 1;
    size_t i = 0;
    while (i < len) {
        unsigned char r[64];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
            fatal("getrandom failed");
        for (size_t k = 0; k < sizeof r && i < len; k++)
            if (r[k] < 256 - (256 % n)) /* no modulo bias */
                out[i++] = alphabet[r[k] % n];
    }
    out[len] = '\0';
}
