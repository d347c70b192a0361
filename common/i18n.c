/*
 * i18n — locale and catalog binding for both programs.
 */
#include "i18n.h"

#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EJ_LOCALEDIR
#define EJ_LOCALEDIR "/usr/local/share/locale"
#endif

static char exe_dir[PATH_MAX];

const char *i18n_exe_dir(void)
{
    if (!exe_dir[0]) {
        char path[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0) {
            strcpy(exe_dir, ".");
        } else {
            path[n] = '\0';
            strncpy(exe_dir, dirname(path), sizeof exe_dir - 1);
        }
    }
    return exe_dir;
}

static int has_catalog(const char *dir)
{
    char p[PATH_MAX + 64];
    struct stat st;
    snprintf(p, sizeof p, "%s/ru/LC_MESSAGES/ejournal.mo", dir);
    return stat(p, &st) == 0;
}

void i18n_init(void)
{
    if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        if (!setlocale(LC_ALL, "C.UTF-8"))
            setlocale(LC_ALL, "C");
        setenv("LC_ALL", "C.UTF-8", 1);
    }
    if (!getenv("LANGUAGE") || !*getenv("LANGUAGE"))
        setenv("LANGUAGE", "ru", 1);

    const char *env = getenv("EJ_LOCALEDIR");
    char cand[PATH_MAX + 32];
    const char *dir = EJ_LOCALEDIR;
    if (env && *env) {
        dir = env;
    } else {
        snprintf(cand, sizeof cand, "%s/locale", i18n_exe_dir());
        if (has_catalog(cand)) {
            dir = cand;
        } else {
            snprintf(cand, sizeof cand, "%s/../share/locale", i18n_exe_dir());
            if (has_catalog(cand))
                dir = cand;
        }
    }
    bindtextdomain("ejournal", dir);
    bind_textdomain_codeset("ejournal", "UTF-8");
    textdomain("ejournal");
}
