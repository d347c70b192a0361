/*
 * err — error values and their exit statuses.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

enum ej_err ej_error_set(struct ej_error *err, enum ej_err code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void ej_error_clear(struct ej_error *err)
{
    if (err) {
        err->code = EJ_OK;
        err->msg[0] = '\0';
    }
}

int ej_err_exit_status(enum ej_err code)
{
    switch (code) {
    case EJ_OK:
        return EJ_EXIT_OK;
    case EJ_EINVAL:
    case EJ_EDENIED:
    case EJ_ENOTFOUND:
    case EJ_ECONFLICT:
    case EJ_ELOCKED:
        return EJ_EXIT_REFUSED;
    case EJ_EUSAGE:
        return EJ_EXIT_USAGE;
    case EJ_ETEMP:
        return EJ_EXIT_TEMP;
    case EJ_ECONFIG:
        return EJ_EXIT_CONFIG;
    case EJ_EINTERNAL:
        break;
    }
    return EJ_EXIT_SOFTWARE;
}
