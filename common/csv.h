/*
 * csv — reading and writing the CSV files that staff exchange with spreadsheets
 * (Excel, LibreOffice Calc) for bulk import and export.  Bytes in, UTF-8 records
 * out; no SQL, no terminal.  What a record means is the caller's business
 * (db-pupils.c maps a header row to fields).
 *
 * Reading (csv_read):
 *  - Encoding.  A file that starts with the UTF-8 mark (BOM, EF BB BF) is UTF-8
 *    and must decode as UTF-8 throughout.  Without the mark, a file that decodes
 *    as UTF-8 is UTF-8.  Otherwise it is Windows-1251 (what Excel in a Russian
 *    locale writes as "CSV (разделители — точки с запятой)") and is converted to
 *    UTF-8 with iconv — unless it looks like damaged UTF-8: when the file holds
 *    more well-formed multi-byte UTF-8 sequences than stray high bytes, it is a
 *    UTF-8 file with bad bytes, and that is an error naming the line of the first
 *    bad byte (reading it as Windows-1251 would import «Ð˜Ð²Ð°Ð½Ð¾Ð²» silently).
 *    A byte that Windows-1251 does not define (0x98) is an error too.  UTF-16
 *    (FF FE / FE FF) is refused with advice; a NUL byte or another control
 *    character (other than tab, CR and LF) is an error: the file is not text.
 *  - Separator: ';', ',' or tab, whichever occurs most often outside quotes in
 *    the header (first) line (tab: cells copied from a spreadsheet and pasted);
 *    ';' on a tie or when there is none of them (one column).
 *    A first line «sep=;» (also «sep=,», «sep=<tab>»: Excel writes and reads it)
 *    names the separator and is not a record.
 *  - Quoting as RFC 4180: a field that starts with '"' runs to the next lone '"';
 *    '""' inside it is one '"'; it may hold separators and line breaks (kept as
 *    "\n").  After the closing quote only a separator or the end of the line may
 *    follow.  A '"' inside an unquoted field is an ordinary character.
 *  - Lines end with CRLF, LF or a lone CR.  Empty lines are skipped; line
 *    numbers count every physical line from 1, and each record carries the line
 *    it starts on.
 *  - Limits: a line or a field longer than CSV_MAX_LINE bytes (UTF-8) and a file
 *    longer than CSV_MAX_FILE bytes are errors naming the line; a file with no
 *    records (empty, only a BOM, only empty lines) is an error.
 *  Every error is EJ_EINVAL with a translated message that starts with the line
 *  (EJ_EINTERNAL only when this system's iconv lacks Windows-1251).
 *
 * Writing (csv_write_*): UTF-8 with a BOM (so Excel opens it as UTF-8), ';'
 * separators, CRLF line ends, a field quoted when it holds ';', '"', CR or LF.
 * A cell that starts with '=', '+', '-', '@', tab or CR gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running a formula.
 */
#ifndef EJ_CSV_H
#define EJ_CSV_H
#include "err.h"
#include "xmalloc.h"
#include <stddef.h>

#define CSV_MAX_LINE (64 * 1024)
#define CSV_MAX_FILE (4 * 1024 * 1024)

enum csv_encoding { CSV_UTF8, CSV_UTF8_BOM, CSV_CP1251 };

struct csv_record {
    int line;      /* physical line (1-based) the record starts on */
    int nfields;
    char **fields; /* UTF-8, NUL-terminated */
};

struct csv_table {
    enum csv_encoding encoding; /* what the file was */
    char sep;                   /* ';', ',' or '\t' */
    int nrecords;               /* at least 1 */
    struct csv_record *records; /* records[0] is the header line when there is one */
};

/* Parse len bytes of data (need not be NUL-terminated).  EJ_OK and *out (free
 * with csv_free), or EJ_EINVAL with err naming the line and *out NULL. */
enum ej_err csv_read(const void *data, size_t len, struct csv_table **out, struct ej_error *err);
void csv_free(struct csv_table *t);
/* "UTF-8", "UTF-8 (BOM)", "Windows-1251" (static storage). */
const char *csv_encoding_name(enum csv_encoding e);

/* Start a file in b: the UTF-8 mark. */
void csv_write_begin(struct ej_buf *b);
/* One record of n cells (UTF-8; NULL is an empty cell), ended with CRLF. */
void csv_write_row(struct ej_buf *b, const char *const *cells, int n);
#endif
