/*
 * cmdline — the command string of an SSH "exec" request split into arguments by
 * ejournald itself, as a POSIX shell would split it (blanks separate words;
 * '…' is literal; "…" is literal except \" \\ \$ \` and \<newline>; a backslash
 * outside quotes takes the next character literally) — and nothing more: no
 * expansion of variables, commands, globs or ~, no ; | & < > or comments.  The
 * words go to execve() directly; no shell is ever involved.
 */
#ifndef EJ_CMDLINE_H
#define EJ_CMDLINE_H
#include <stddef.h>

#define CMDLINE_MAX_BYTES 32768
#define CMDLINE_MAX_ARGS 1024

/*
 * Split `cmd` (len bytes; it may hold NUL bytes, which are refused).  On success
 * returns the number of words and sets *argv to a NULL-terminated array (free it
 * with cmdline_free).  On refusal returns -1 and sets *why to an English msgid:
 * an unterminated quote, invalid UTF-8, a control character (terminal escape
 * sequences are never passed on), too long, too many words.
 */
int cmdline_split(const char *cmd, size_t len, char ***argv, const char **why);
void cmdline_free(char **argv);
#endif
