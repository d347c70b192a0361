/*
 * doc-internal — the document model's data and the layout both renderers share
 * (column widths, column groups).  Only common/doc*.c include this header.
 */
#ifndef EJ_DOC_INTERNAL_H
#define EJ_DOC_INTERNAL_H
#include "doc.h"

enum doc_kind { DOC_B_HEADING, DOC_B_FIELD, DOC_B_NOTE, DOC_B_TABLE, DOC_B_SIGNATURE, DOC_B_PAGE };

struct doc_cell {
    char *text;  /* never NULL */
    int col;     /* first column */
    int span;    /* columns covered */
    enum doc_align align;
};

struct doc_row {
    struct doc_cell *cells;
    int ncells;
    bool header;
};

struct doc_colspec {
    enum doc_align align;
    unsigned flags;
    int min_chars;
};

struct doc_table {
    int ncols, nfixed;
    struct doc_colspec *cols;
    struct doc_row *rows;
    int nrows, cap;
    int nheader;  /* header rows come first */
    int nextcol;  /* next free column in the current row */
    bool small, ruled, dense;
};

struct doc_block {
    enum doc_kind kind;
    char *a, *b; /* heading/note: a; field, signature: a = label, b = value/name */
    struct doc_table *table;
    enum doc_orient orient; /* DOC_B_PAGE: of the next page */
};

struct doc {
    char *title;
    enum doc_orient orient; /* of the first page */
    struct doc_block *blocks;
    int nblocks, cap;
};

/*
 * Width measurement supplied by a renderer: width(text, word) is the natural
 * width of text (its longest line) or, when word is true, of its longest word;
 * char_w is one average character (for min_chars); pad is what each column adds
 * beyond its content (padding and rule).  Units are the renderer's own (columns,
 * points).
 */
struct doc_measure {
    double (*width)(void *ud, const char *text, bool word);
    void *ud;
    double char_w;
    double pad;
    bool integral; /* text: whole columns */
};

/* A column group of a table: the fixed columns plus the range [first, last). */
struct doc_group {
    int first, last;
};

/* Split the non-fixed columns of t into groups that fit `avail` (the whole
 * width of the table including every column's pad).  Returns the number of
 * groups; *out (freed by the caller) holds them.  A table that fits is one group. */
int doc_groups(const struct doc_table *t, double avail, const struct doc_measure *m,
               struct doc_group **out);
/* The selected columns of a group in order (fixed, then [first, last)) into sel
 * (t->ncols entries); returns how many. */
int doc_group_cols(const struct doc_table *t, const struct doc_group *g, int *sel);
/* Content widths (without pad) of the selected columns, so that the table is at
 * most `avail` wide (exactly when fill is true).  w has nsel entries. */
void doc_widths(const struct doc_table *t, const int *sel, int nsel, double avail,
                const struct doc_measure *m, bool fill, double *w);
/* Position (index in sel) of column c, or -1 when not selected. */
int doc_sel_pos(const int *sel, int nsel, int c);
/* The visible part of a cell in a group: first position and count in sel; false
 * when the cell is not in the group. */
bool doc_cell_in(const struct doc_cell *cell, const int *sel, int nsel, int *pos, int *count);
#endif
