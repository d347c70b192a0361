/* Unit tests of the document model and its renderers (common/doc*.c): plain text exactly 80 or
 * 132 columns on every line, header rows repeated on every page, wide tables split into column
 * groups, untrusted text made inert; PDF with DejaVu Sans embedded, searchable Cyrillic text,
 * the header repeated on page 2, landscape pages; a table's rules drawn as lines down and across
 * the table, not as a box a cell; a long document rendered in two halves and joined, its pages in
 * order and numbered on. */
#include "ejtest.h"
#include "doc.h"
#include "pdf-join.h"
#include "report.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

static const char *const surnames[] = { "Иванов", "Петрова", "Сидоренко", "Ёлкин", "Кузнецова",
                                        "Константинопольская", "Ли", "Жуков" };

/* A class register: 35 pupils, a spanning header, a long homework. */
static struct doc *sample(int npupils)
{
    struct doc *d = doc_new("Проверка", DOC_PORTRAIT);
    doc_heading(d, "Еженедельный отчёт об успеваемости");
    doc_field(d, "Класс", "7А");
    doc_field(d, "Классный руководитель", "Иванова Мария Петровна");
    struct doc_table *t = doc_table(d, 5, 2);
    doc_table_col(t, 0, DOC_RIGHT, 0, 0);
    doc_table_col(t, 1, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_col(t, 4, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_header_row(t);
    doc_table_cell(t, "№");
    doc_table_cell(t, "Фамилия, имя");
    doc_table_cell_span(t, "Оценки", 2);
    doc_table_cell(t, "Домашнее задание");
    doc_table_header_row(t);
    doc_table_cell(t, "");
    doc_table_cell(t, "");
    doc_table_cell(t, "Отв");
    doc_table_cell(t, "К/р");
    doc_table_cell(t, "");
    for (int i = 0; i < npupils; i++) {
        doc_table_row(t);
        doc_table_cellf(t, "%d", i + 1);
        doc_table_cellf(t, "%s Ученик%02d", surnames[i % 8], i + 1);
        doc_table_cell(t, i % 3 ? "5" : "Н");
        doc_table_cell(t, "4");
        doc_table_cell(t, i % 5 ? "§12, упр. 5" :
                       "Выучить наизусть стихотворение А. С. Пушкина «Зимнее утро» и "
                       "подготовить рассказ о поэте, не менее десяти предложений");
    }
    doc_note(d, "Н — отсутствовал без уважительной причины.");
    doc_signature(d, "Подпись родителя", "");
    return d;
}

/* Every line exactly `width` columns (a leading form feed does not count);
 * returns the number of pages. */
static int check_width(const char *text, int width)
{
    int pages = 1, lineno = 0;
    const char *p = text;
    ck_assert_msg(*p, "empty text");
    while (*p) {
        const char *e = strchr(p, '\n');
        ck_assert_msg(e != NULL, "last line without a newline");
        if (*p == '\f') {
            pages++;
            p++;
        }
        char *line = strndup(p, (size_t)(e - p));
        wchar_t wbuf[1024];
        size_t n = mbstowcs(wbuf, line, 1024);
        ck_assert_msg(n != (size_t)-1, "invalid UTF-8 on line %d", lineno);
        int w = wcswidth(wbuf, n);
        ck_assert_msg(w == width, "line %d is %d columns, not %d: [%s]", lineno, w, width, line);
        ck_assert_msg(strchr(line, '\f') == NULL && strchr(line, '\033') == NULL,
                      "control character inside line %d", lineno);
        free(line);
        lineno++;
        p = e + 1;
    }
    return pages;
}

static char *render_text(struct doc *d, int width, int page_lines)
{
    struct ej_buf b;
    buf_init(&b);
    struct ej_error err;
    ck_assert_int_eq(doc_render_text(d, width, page_lines, &b, &err), EJ_OK);
    return buf_steal(&b);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(text_exact_width_and_repeated_header)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct doc *d = sample(35);
    static const int widths[] = { 80, 132 };
    for (int i = 0; i < 2; i++) {
        char *s = render_text(d, widths[i], 40);
        int pages = check_width(s, widths[i]);
        ck_assert_int_ge(pages, 2);
        ck_assert_int_eq(count(s, "Домашнее задание"), pages);
        ck_assert_ptr_nonnull(strstr(s, "Ёлкин Ученик04"));
        ck_assert_ptr_nonnull(strstr(s, "Ученик35"));
        ck_assert_ptr_nonnull(strstr(s, "Подпись родителя ____"));
        /* The long homework is wrapped, not cut. */
        ck_assert_ptr_nonnull(strstr(s, "предложений"));
        free(s);
    }
    doc_free(d);
}
END_TEST

START_TEST(text_wide_table_splits_into_groups)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct doc *d = doc_new("Журнал", DOC_LANDSCAPE);
    enum { NDATES = 60 };
    struct doc_table *t = doc_table(d, NDATES + 2, 2);
    doc_table_col(t, 1, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_dense(t);
    doc_table_header_row(t);
    doc_table_cell(t, "№");
    doc_table_cell(t, "Ученик");
    doc_table_cell_span(t, "ноябрь", 30);
    doc_table_cell_span(t, "декабрь", 30);
    doc_table_header_row(t);
    doc_table_cell(t, "");
    doc_table_cell(t, "");
    for (int i = 0; i < NDATES; i++)
        doc_table_cellf(t, "%d", i % 30 + 1);
    for (int r = 0; r < 30; r++) {
        doc_table_row(t);
        doc_table_cellf(t, "%d", r + 1);
        doc_table_cellf(t, "%s А.", surnames[r % 8]);
        for (int i = 0; i < NDATES; i++)
            doc_table_cell(t, (r + i) % 7 == 0 ? "5" : (r + i) % 11 == 0 ? "н" : "");
    }
    char *s = render_text(d, 80, 0);
    check_width(s, 80);
    /* The names repeat in every group; both months are there. */
    ck_assert_int_ge(count(s, "Константинопольская"), 2);
    ck_assert_ptr_nonnull(strstr(s, "ноябрь"));
    ck_assert_ptr_nonnull(strstr(s, "декабрь"));
    free(s);
    s = render_text(d, 132, 0);
    check_width(s, 132);
    free(s);
    doc_free(d);
}
END_TEST

START_TEST(text_makes_controls_inert)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct doc *d = doc_new("x", DOC_PORTRAIT);
    doc_field(d, "Задание", "прочитать\033[4i\033]0;x\007 главу\xff");
    struct doc_table *t = doc_table(d, 1, 0);
    doc_table_row(t);
    doc_table_cell(t, "a\tb\033c");
    char *s = render_text(d, 80, 0);
    check_width(s, 80);
    ck_assert_ptr_null(strchr(s, '\033'));
    ck_assert_ptr_null(strchr(s, '\007'));
    ck_assert_ptr_null(strchr(s, '\t'));
    free(s);
    struct ej_buf b;
    buf_init(&b);
    struct ej_error err;
    ck_assert_int_ne(doc_render_text(d, 10, 0, &b, &err), EJ_OK);
    buf_free(&b);
    doc_free(d);
}
END_TEST

/* Render d to a PDF file; returns its path (caller frees and unlinks). */
static char *pdf_file(struct doc *d)
{
    struct ej_buf b;
    buf_init(&b);
    struct ej_error err;
    ck_assert_msg(doc_render_pdf(d, &b, &err) == EJ_OK, "pdf: %s", err.msg);
    ck_assert(b.len > 1000);
    ck_assert(memcmp(b.data, "%PDF-", 5) == 0);
    char *path = ejt_fmt("%s/ejdocXXXXXX", ejt_env("EJ_TEST_TMP"));
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, b.data, b.len), (ssize_t)b.len);
    close(fd);
    buf_free(&b);
    return path;
}

static char *sh(const char *fmt, const char *path)
{
    char *cmd = ejt_fmt(fmt, path);
    int st;
    char *out = ejt_run_cmd(cmd, &st);
    ck_assert_msg(st == 0, "%s: exit %d", cmd, st);
    free(cmd);
    return out;
}

START_TEST(pdf_font_embedded_text_searchable)
{
    struct doc *d = sample(70);
    char *path = pdf_file(d);
    char *fonts = sh("pdffonts %s", path);
    ck_assert_msg(strstr(fonts, "DejaVuSans") != NULL, "fonts: %s", fonts);
    /* Every font line says emb = yes. */
    for (char *l = strstr(fonts, "\n---"); l && (l = strchr(l + 1, '\n')) && l[1];) {
        ck_assert_msg(strstr(l, " yes ") != NULL, "font not embedded: %s", fonts);
        if (strstr(l + 1, "\n") == NULL)
            break;
        l = strchr(l + 1, '\n') - 1;
    }
    char *all = sh("pdftotext -layout %s -", path);
    ck_assert_ptr_nonnull(strstr(all, "Еженедельный отчёт об успеваемости"));
    ck_assert_ptr_nonnull(strstr(all, "Ёлкин Ученик04"));
    ck_assert_ptr_nonnull(strstr(all, "Иванова Мария Петровна"));
    char *info = sh("pdfinfo %s", path);
    ck_assert_msg(strstr(info, "Pages:           2") != NULL, "%s", info);
    ck_assert_msg(strstr(info, "595.276 x 841.89") != NULL, "%s", info);
    ck_assert_msg(strstr(info, "Проверка") != NULL, "title: %s", info);
    char *p2 = sh("pdftotext -f 2 -l 2 %s -", path);
    ck_assert_msg(strstr(p2, "Домашнее задание") != NULL, "header not on page 2: %s", p2);
    ck_assert_ptr_nonnull(strstr(p2, "Ученик70"));
    unlink(path);
    free(p2);
    free(info);
    free(all);
    free(fonts);
    free(path);
    doc_free(d);
}
END_TEST

/* Moves ("M") in the stroked paths of page 1 of the PDF at path, through pdftocairo's SVG. */
static int stroke_moves(const char *path)
{
    char *svg = sh("pdftocairo -svg -f 1 -l 1 %s -", path);
    int n = 0;
    for (const char *l = strstr(svg, "<path"); l; l = strstr(l + 1, "<path")) {
        const char *e = strstr(l, "/>");
        const char *f = strstr(l, "fill:none"); /* a stroke, not a glyph or a fill */
        if (!e || !f || f > e)
            continue;
        for (const char *m = strstr(l, "d=\""); m && m < e; m++)
            n += *m == 'M';
    }
    free(svg);
    return n;
}

START_TEST(pdf_table_rules_are_lines)
{
    /* 20 rows of 4 cells on one page: 21 lines across and 5 down, each one move of the
     * pen.  Drawn as a box a cell it was 80 boxes, and cairo formats every coordinate
     * of a PDF path: the school's weekly reports spent more time on that than on text. */
    struct doc *d = doc_new("Линии", DOC_PORTRAIT);
    struct doc_table *t = doc_table(d, 4, 1);
    for (int r = 0; r < 20; r++) {
        doc_table_row(t);
        doc_table_cellf(t, "%d", r + 1);
        doc_table_cell(t, "Литература");
        doc_table_cell(t, r % 3 ? "5 (Отв)" : NULL);
        doc_table_cell(t, "Прочитать с. 68–72");
    }
    char *path = pdf_file(d);
    int moves = stroke_moves(path);
    ck_assert_msg(moves == 21 + 5, "%d moves in the table's rules", moves);
    char *all = sh("pdftotext -layout %s -", path);
    ck_assert_ptr_nonnull(strstr(all, "Прочитать с. 68–72"));
    unlink(path);
    free(all);
    free(path);
    doc_free(d);
}
END_TEST

START_TEST(pdf_long_document_in_two_halves)
{
    /* A school's weekly reports: 90 pages, rendered by two processes and joined into one
     * PDF (doc-pdf.c render_split).  Every page in its place, numbered on from the half
     * before it; both halves' fonts embedded. */
    struct doc *d = doc_new("Все классы", DOC_PORTRAIT);
    for (int i = 1; i <= 90; i++) {
        if (i > 1)
            doc_page_break(d, DOC_PORTRAIT);
        doc_heading(d, "Отчёт об успеваемости за неделю");
        char name[64];
        snprintf(name, sizeof name, "%s Ученик%02d", surnames[i % 8], i);
        doc_field(d, "Ученик", name);
        struct doc_table *t = doc_table(d, 3, 1);
        doc_table_header_row(t);
        doc_table_cell(t, "№");
        doc_table_cell(t, "Предмет");
        doc_table_cell(t, "Оценки");
        for (int r = 0; r < 3; r++) {
            doc_table_row(t);
            doc_table_cellf(t, "%d", r + 1);
            doc_table_cell(t, "Литература");
            doc_table_cellf(t, "%d", 3 + (i + r) % 3);
        }
        doc_signature(d, "Подпись родителя", NULL);
    }
    char *path = pdf_file(d);
    char *info = sh("pdfinfo %s", path);
    ck_assert_msg(strstr(info, "Pages:           90") != NULL, "%s", info);
    ck_assert_msg(strstr(info, "Все классы") != NULL, "title: %s", info);
    static const int pages[] = { 1, 2, 44, 45, 46, 47, 89, 90 };
    for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++) {
        char *cmd = ejt_fmt("pdftotext -f %d -l %d %%s -", pages[k], pages[k]);
        char *t = sh(cmd, path);
        char *want = ejt_fmt("Ученик%02d", pages[k]);
        ck_assert_msg(strstr(t, want) != NULL, "page %d: %s", pages[k], t);
        ck_assert_ptr_nonnull(strstr(t, "Литература"));
        free(want);
        free(t);
        free(cmd);
        /* The page number at the foot of the page. */
        cmd = ejt_fmt("pdftotext -r 72 -x 0 -W 600 -y 800 -H 42 -f %d -l %d %%s -", pages[k], pages[k]);
        t = sh(cmd, path);
        want = ejt_fmt("%d", pages[k]);
        ck_assert_msg(strstr(t, want) != NULL, "page %d numbered: %s", pages[k], t);
        free(want);
        free(t);
        free(cmd);
    }
    char *fonts = sh("pdffonts %s", path);
    int n = 0;
    for (const char *f = fonts; (f = strstr(f, "DejaVuSans")); f++)
        n++;
    ck_assert_msg(n >= 6, "two halves, each with its fonts: %s", fonts);
    /* What is not a PDF of cairo's simple form is refused, nothing appended. */
    struct ej_buf b;
    buf_init(&b);
    static const char junk[] = "%PDF-1.5\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n";
    ck_assert(!pdf_join(junk, sizeof junk - 1, junk, sizeof junk - 1, &b));
    ck_assert_uint_eq(b.len, 0);
    buf_free(&b);
    unlink(path);
    free(fonts);
    free(info);
    free(path);
    doc_free(d);
}
END_TEST

START_TEST(pdf_landscape_and_page_breaks)
{
    struct doc *d = doc_new("Журнал", DOC_LANDSCAPE);
    doc_heading(d, "Страница журнала");
    doc_page_break(d, DOC_PORTRAIT);
    doc_heading(d, "Темы уроков");
    doc_page_break(d, DOC_PORTRAIT);
    doc_heading(d, "Третья");
    char *path = pdf_file(d);
    char *info = sh("pdfinfo -f 1 -l 3 %s", path);
    ck_assert_msg(strstr(info, "Pages:           3") != NULL, "%s", info);
    ck_assert_msg(strstr(info, "Page    1 size:  841.89 x 595.276") != NULL, "%s", info);
    ck_assert_msg(strstr(info, "Page    2 size:  595.276 x 841.89") != NULL, "%s", info);
    char *p2 = sh("pdftotext -f 2 -l 2 %s -", path);
    ck_assert_ptr_nonnull(strstr(p2, "Темы уроков"));
    unlink(path);
    free(p2);
    free(info);
    free(path);
    doc_free(d);
}
END_TEST

START_TEST(login_slips_several_to_a_page)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct report_slip slips[7];
    char logins[7][32], pw[7][32], names[7][64];
    for (int i = 0; i < 7; i++) {
        snprintf(logins[i], sizeof logins[i], "sokolova%d", i);
        snprintf(pw[i], sizeof pw[i], "Kx7-%d-qwe", i);
        snprintf(names[i], sizeof names[i], "Соколова Ольга Ивановна %d", i);
        slips[i] = (struct report_slip){ names[i], "родитель: Соколов Михаил, 7А", logins[i],
                                         pw[i], i == 0 ? "ssh -p 2222 sokolova0@school.example" : NULL };
    }
    struct doc *d = report_login_slips("МБОУ «ООШ №5»", "ssh -p 2222 school.example", slips, 7);
    char *s = render_text(d, 80, 0);
    check_width(s, 80);
    for (int i = 0; i < 7; i++) {
        ck_assert_ptr_nonnull(strstr(s, logins[i]));
        ck_assert_ptr_nonnull(strstr(s, pw[i]));
    }
    /* A slip's own connect line, else the common hint. */
    ck_assert_ptr_nonnull(strstr(s, "sokolova0@school.example"));
    ck_assert_ptr_nonnull(strstr(s, "ssh -p 2222 school.example"));
    /* Two slips side by side. */
    bool pair = false;
    for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *e = strchr(l, '\n');
        char *line = strndup(l, e ? (size_t)(e - l) : strlen(l));
        if (strstr(line, "sokolova0") && strstr(line, "sokolova1"))
            pair = true;
        free(line);
    }
    ck_assert(pair);
    free(s);
    char *path = pdf_file(d);
    char *all = sh("pdftotext %s -", path);
    ck_assert_ptr_nonnull(strstr(all, "Kx7-6-qwe"));
    ck_assert_ptr_nonnull(strstr(all, "Соколова Ольга Ивановна 6"));
    char *info = sh("pdfinfo %s", path);
    ck_assert_msg(strstr(info, "Pages:           1") != NULL, "%s", info);
    unlink(path);
    free(info);
    free(all);
    free(path);
    doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = ejt_tcase("text", 30);
    tcase_add_test(tc, text_exact_width_and_repeated_header);
    tcase_add_test(tc, text_wide_table_splits_into_groups);
    tcase_add_test(tc, text_makes_controls_inert);
    suite_add_tcase(s, tc);
    tc = ejt_tcase("pdf", 60);
    tcase_add_test(tc, pdf_font_embedded_text_searchable);
    tcase_add_test(tc, pdf_landscape_and_page_breaks);
    tcase_add_test(tc, pdf_table_rules_are_lines);
    tcase_add_test(tc, pdf_long_document_in_two_halves);
    tcase_add_test(tc, login_slips_several_to_a_page);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit-doc");
}
