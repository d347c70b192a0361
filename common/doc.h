/*
 * doc — the one document model behind every printed paper (DESIGN.md §6): a
 * sequence of blocks (headings, header fields "label: value", notes, tables,
 * signature lines, page breaks), rendered by doc-pdf.c (A4, embedded DejaVu Sans)
 * and doc-text.c (plain text exactly 80 or 132 columns).  A document knows nothing
 * of the database; common/report.c builds documents from data.
 *
 * Tables: a fixed number of columns; zero or more header rows first, then body
 * rows.  A cell may span several columns and hold several lines ('\n'); text is
 * word-wrapped to the column width.  The header rows repeat on every page a table
 * continues on.  A table too wide for the page is split into column groups, each
 * drawn as a whole table with the first `nfixed` columns (number, name) repeated;
 * a group boundary never cuts a cell that spans columns when it can be avoided.
 *
 * All text is UTF-8; control characters are made inert when added (no escape
 * sequence from a homework text ever reaches a printer).  Out of memory is fatal;
 * misuse of the API (a header row after a body row, spans that overflow the
 * column count) is a broken invariant and fatal too.
 */
#ifndef EJ_DOC_H
#define EJ_DOC_H
#include "err.h"
#include "xmalloc.h"
#include <stdbool.h>

struct doc;
struct doc_table;

enum doc_orient { DOC_PORTRAIT, DOC_LANDSCAPE };
enum doc_align { DOC_LEFT, DOC_CENTER, DOC_RIGHT };

/* Column flags. */
enum {
    DOC_COL_STRETCH = 1 << 0, /* takes the spare width (names, topics, homework) */
};

/* A new empty document; `title` is its metadata title (PDF /Title).  The first
 * page has orientation `orient`. */
struct doc *doc_new(const char *title, enum doc_orient orient);
void doc_free(struct doc *d);
const char *doc_title(const struct doc *d);

/* A centred bold heading (the document's or a section's name). */
void doc_heading(struct doc *d, const char *text);
/* A header field: "label: value" on a line of its own. */
void doc_field(struct doc *d, const char *label, const char *value);
/* A paragraph of text (notes, legends). */
void doc_note(struct doc *d, const char *text);
/* A signature line: "label ______________ name" (name may be "" or NULL). */
void doc_signature(struct doc *d, const char *label, const char *name);
/* Start a new page with orientation `orient` (ignored by the text renderer). */
void doc_page_break(struct doc *d, enum doc_orient orient);

/* A table of ncols columns, the first nfixed of which repeat in every column group
 * when the table is split across the page width. */
struct doc_table *doc_table(struct doc *d, int ncols, int nfixed);
/* Column c: alignment, DOC_COL_* flags, and a minimum width in characters (0: from
 * the content) — e.g. an empty column left for handwriting. */
void doc_table_col(struct doc_table *t, int c, enum doc_align align, unsigned flags, int min_chars);
/* Smaller type in PDF (wide grids); the text form is unchanged. */
void doc_table_small(struct doc_table *t);
/* A rule between every two body rows (the text form draws it; PDF always has one). */
void doc_table_ruled(struct doc_table *t);
/* Narrow text form: cells separated by one '|' instead of " | " (grids of marks). */
void doc_table_dense(struct doc_table *t);
/* Start a header row (only before the first body row) or a body row. */
void doc_table_header_row(struct doc_table *t);
void doc_table_row(struct doc_table *t);
/* Add a cell to the current row (text may be NULL = empty). */
void doc_table_cell(struct doc_table *t, const char *text);
void doc_table_cell_span(struct doc_table *t, const char *text, int span);
void doc_table_cellf(struct doc_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Add an aligned cell (overrides the column's alignment). */
void doc_table_cell_align(struct doc_table *t, const char *text, int span, enum doc_align align);
/* Number of body rows so far. */
int doc_table_nrows(const struct doc_table *t);

/*
 * Renderers.  Both write the whole document into `out` (appended) and return EJ_OK,
 * or EJ_EINTERNAL with a message (a font that cannot be loaded, a cairo failure)
 * having appended nothing usable: callers write `out` only on EJ_OK.
 */
/* PDF, A4, DejaVu Sans embedded (subset). */
enum ej_err doc_render_pdf(const struct doc *d, struct ej_buf *out, struct ej_error *err);
/* Plain text: every line exactly `width` display columns (80 or 132; at least 40),
 * lines end with '\n', a page break is a form feed '\f' at the start of the first
 * line of the next page; `page_lines` lines per page (0: 64). */
enum ej_err doc_render_text(const struct doc *d, int width, int page_lines, struct ej_buf *out,
                            struct ej_error *err);
#endif
