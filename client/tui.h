/*
 * tui — the full-screen application: frame (title, work area, status line, F-key
 * bar), the screen stack and its event loop.  The only entry point client/main.c
 * calls for an interactive session.
 */
#ifndef EJ_TUI_H
#define EJ_TUI_H
#include "ctx.h"

/* Run the application until the user leaves (F10) or the session ends; returns the
 * exit status.  Handles the forced password change first when ctx->must_change. */
int tui_main(struct ej_ctx *ctx);
#endif
