/*
 * cmdline — shell-like word splitting without a shell.
 */
#include "cmdline.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void cmdline_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

/* The whole string: valid UTF-8, no NUL, no control character but blanks. */
static const char *check_text(const char *cmd, size_t len)
{
    if (len > CMDLINE_MAX_BYTES)
        return N_("the command is too long");
    if (memchr(cmd, '\0', len))
        return N_("the command holds a NUL byte");
    char *copy = xstrndup(cmd, len);
    const char *why = NULL;
    for (const char *p = copy; *p;) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            why = N_("the command is not valid UTF-8");
            break;
        }
        if (utf8_is_control(cp) && cp != '\t' && cp != '\n') {
            why = N_("the command holds control characters");
            break;
        }
        p += n;
    }
    free(copy);
    return why;
}

int cmdline_split(const char *cmd, size_t len, char ***argv_out, const char **why)
{
    *argv_out = NULL;
    *why = check_text(cmd, len);
    if (*why)
        return -1;
    char **argv = xcalloc(CMDLINE_MAX_ARGS + 1, sizeof *argv);
    int argc = 0;
    char *word = xmalloc(len + 1);
    size_t wl = 0;
    bool in_word = false;
    enum { PLAIN, SINGLE, DOUBLE } q = PLAIN;
    for (size_t i = 0; i < len; i++) {
        char c = cmd[i];
        switch (q) {
        case SINGLE:
            if (c == '\'')
                q = PLAIN;
            else
                word[wl++] = c;
            break;
        case DOUBLE:
            if (c == '"') {
                q = PLAIN;
            } else if (c == '\\' && i + 1 < len &&
                       strchr("\"\\$`\n", cmd[i + 1])) {
                i++;
                if (cmd[i] != '\n')
                    word[wl++] = cmd[i];
            } else {
                word[wl++] = c;
            }
            break;
        case PLAIN:
            if (c == ' ' || c == '\t' || c == '\n') {
                if (in_word) {
                    if (argc == CMDLINE_MAX_ARGS) {
                        *why = N_("the command has too many words");
                        goto fail;
                    }
                    argv[argc++] = xstrndup(word, wl);
                    wl = 0;
                    in_word = false;
                }
                break;
            }
            in_word = true;
            if (c == '\'') {
                q = SINGLE;
            } else if (c == '"') {
                q = DOUBLE;
            } else if (c == '\\') {
                if (i + 1 < len) {
                    i++;
                    if (cmd[i] != '\n')
                        word[wl++] = cmd[i];
                    else if (wl == 0)
                        in_word = false; /* a line continuation between words */
                } else {
                    word[wl++] = c; /* a trailing backslash stays, as in sh -c */
                }
            } else {
                word[wl++] = c;
            }
            break;
        }
    }
    if (q != PLAIN) {
        *why = N_("the command has an unterminated quote");
        goto fail;
    }
    if (in_word) {
        if (argc == CMDLINE_MAX_ARGS) {
            *why = N_("the command has too many words");
            goto fail;
        }
        argv[argc++] = xstrndup(word, wl);
    }
    free(word);
    *argv_out = argv;
    return argc;
fail:
    free(word);
    cmdline_free(argv);
    return -1;
}
