/*
 * pdf-join — join two PDFs made by cairo into one (the pages of a, then those of
 * b).  Used by doc-pdf.c, which renders a long document in two processes.
 */
#ifndef EJ_PDF_JOIN_H
#define EJ_PDF_JOIN_H
#include "xmalloc.h"
#include <stdbool.h>
#include <stddef.h>

/* Append the joined PDF to out and return true; false (out unchanged) when a or
 * b is not of the simple form cairo writes (see pdf-join.c). */
bool pdf_join(const char *a, size_t alen, const char *b, size_t blen, struct ej_buf *out);
#endif
