/*
 * pdf-join — one PDF from two that cairo made (doc-pdf.c renders a long document
 * in two processes): the pages of the first, then the pages of the second.
 *
 * It reads only what cairo 1.16 writes: a classic cross-reference table, a flat
 * page tree (one /Pages object whose /Kids are the pages), a trailer with /Root
 * and /Info.  The first file is copied as it is but for its /Pages object, which
 * is written anew with both files' pages; the second file's objects (its pages,
 * their contents and resources, its font subsets) follow under new numbers, all
 * but its catalog, info and page tree.  Anything else (an object stream, an
 * xref stream, an incremental update, a nested page tree) is refused, and the
 * caller renders the document in one piece instead.
 */
#include "pdf-join.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pdf {
    const char *s;
    size_t len;
    long size;          /* /Size: objects 0..size-1 */
    size_t *off;        /* offset of each object, 0: none */
    size_t *end;        /* end of each object */
    long root, info, pages;
    size_t xref;        /* offset of the xref table */
};

static const char *find(const char *s, size_t len, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; i + n <= len; i++)
        if (s[i] == what[0] && memcmp(s + i, what, n) == 0)
            return s + i;
    return NULL;
}

/* The number after `key` in [s, e), e.g. "/Root 12 0 R" -> 12; -1 when absent. */
static long num_after(const char *s, const char *e, const char *key)
{
    const char *k = find(s, (size_t)(e - s), key);
    if (!k)
        return -1;
    char *q;
    long v = strtol(k + strlen(key), &q, 10);
    return q == k + strlen(key) ? -1 : v;
}

static int cmp_off(const void *a, const void *b)
{
    size_t x = **(const size_t *const *)a, y = **(const size_t *const *)b;
    return x < y ? -1 : x > y;
}

static void pdf_free(struct pdf *p)
{
    free(p->off);
    free(p->end);
}

static bool pdf_parse(struct pdf *p, const char *s, size_t len)
{
    memset(p, 0, sizeof *p);
    p->s = s;
    p->len = len;
    if (len < 64 || memcmp(s, "%PDF-", 5) != 0)
        return false;
    const char *sx = NULL;
    for (size_t i = len > 64 ? len - 64 : 0; i + 9 <= len; i++)
        if (memcmp(s + i, "startxref", 9) == 0)
            sx = s + i;
    if (!sx)
        return false;
    char *q;
    long x = strtol(sx + 9, &q, 10);
    if (x <= 0 || (size_t)x + 32 > len || memcmp(s + x, "xref\n0 ", 7) != 0)
        return false;
    p->xref = (size_t)x;
    long n = strtol(s + x + 7, &q, 10);
    if (n < 2 || n > 10000000 || *q != '\n')
        return false;
    const char *ent = q + 1;
    if ((size_t)(ent - s) + (size_t)n * 20 > len)
        return false;
    const char *tr = ent + n * 20;
    if (memcmp(tr, "trailer", 7) != 0)
        return false;
    p->size = n;
    p->root = num_after(tr, s + len, "/Root ");
    p->info = num_after(tr, s + len, "/Info ");
    if (num_after(tr, s + len, "/Size ") != n || p->root <= 0 || p->root >= n || p->info >= n)
        return false;
    p->off = xcalloc((size_t)n, sizeof *p->off);
    p->end = xcalloc((size_t)n, sizeof *p->end);
    size_t **order = xcalloc((size_t)n, sizeof *order);
    int k = 0;
    for (long i = 1; i < n; i++) {
        const char *e = ent + i * 20;
        if (e[17] != 'n')
            continue;
        long o = strtol(e, NULL, 10);
        char head[32];
        int hn = snprintf(head, sizeof head, "%ld 0 obj", i);
        if (o <= 0 || (size_t)o + (size_t)hn > p->xref || memcmp(s + o, head, (size_t)hn) != 0) {
            free(order);
            return false;
        }
        p->off[i] = (size_t)o;
        order[k++] = &p->off[i];
    }
    /* An object runs to the next one in the file, the last to the xref table. */
    qsort(order, (size_t)k, sizeof *order, cmp_off);
    for (int i = 0; i < k; i++)
        p->end[order[i] - p->off] = i + 1 < k ? *order[i + 1] : p->xref;
    free(order);
    if (!p->off[p->root])
        return false;
    p->pages = num_after(s + p->off[p->root], s + p->end[p->root], "/Pages ");
    if (p->pages <= 0 || p->pages >= n || !p->off[p->pages])
        return false;
    /* A flat tree: the page tree's kids are pages. */
    const char *pt = s + p->off[p->pages], *pe = s + p->end[p->pages];
    return find(pt, (size_t)(pe - pt), "/Type /Pages") && find(pt, (size_t)(pe - pt), "/Kids [") &&
           !find(pt, (size_t)(pe - pt), "/Parent");
}

/* The part of object i that may hold references: all of it, or its stream's dictionary. */
static size_t dict_len(const struct pdf *p, long i)
{
    const char *o = p->s + p->off[i];
    size_t n = p->end[i] - p->off[i];
    const char *st = find(o, n, ">>\nstream\n");
    return st ? (size_t)(st - o) + 3 : n;
}

/* Append [s, s + n) of the second file to out with every "N 0 R" renumbered by map. */
static bool copy_mapped(struct ej_buf *out, const char *s, size_t n, const long *map, long size)
{
    size_t i = 0, from = 0;
    while (i < n) {
        if (s[i] >= '0' && s[i] <= '9' && (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9'))) {
            size_t j = i;
            long v = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9' && v < 100000000)
                v = v * 10 + (s[j++] - '0');
            if (j + 4 <= n && memcmp(s + j, " 0 R", 4) == 0) {
                if (v <= 0 || v >= size || map[v] <= 0)
                    return false;
                buf_append(out, s + from, i - from);
                char num[24];
                int k = snprintf(num, sizeof num, "%ld", map[v]);
                buf_append(out, num, (size_t)k);
                from = i = j;
                continue;
            }
            i = j;
            continue;
        }
        i++;
    }
    buf_append(out, s + from, n - from);
    return true;
}

/* The kids of a page tree: the text between "/Kids [" and "]". */
static bool kids(const struct pdf *p, const char **k, size_t *n)
{
    const char *o = p->s + p->off[p->pages], *e = p->s + p->end[p->pages];
    const char *a = find(o, (size_t)(e - o), "/Kids [");
    if (!a)
        return false;
    a += 7;
    const char *b = memchr(a, ']', (size_t)(e - a));
    if (!b)
        return false;
    *k = a;
    *n = (size_t)(b - a);
    return true;
}

bool pdf_join(const char *a, size_t alen, const char *b, size_t blen, struct ej_buf *out)
{
    struct pdf pa, pb;
    bool ok = false;
    long *map = NULL;
    size_t *noff = NULL;
    struct ej_buf o;
    buf_init(&o);
    bool pa_ok = pdf_parse(&pa, a, alen), pb_ok = pdf_parse(&pb, b, blen);
    if (!pa_ok || !pb_ok)
        goto out;
    long na = num_after(a + pa.off[pa.pages], a + pa.end[pa.pages], "/Count ");
    long nb = num_after(b + pb.off[pb.pages], b + pb.end[pb.pages], "/Count ");
    if (na < 0 || nb < 0)
        goto out;
    /* New numbers for the second file's objects, after the first file's. */
    map = xcalloc((size_t)pb.size, sizeof *map);
    long next = pa.size;
    for (long i = 1; i < pb.size; i++)
        if (pb.off[i] && i != pb.pages && i != pb.root && i != pb.info)
            map[i] = next++;
    map[pb.pages] = pa.pages; /* the pages' /Parent */
    noff = xcalloc((size_t)next, sizeof *noff);
    size_t first = pa.xref;
    for (long i = 1; i < pa.size; i++)
        if (pa.off[i] && pa.off[i] < first)
            first = pa.off[i];
    buf_append(&o, a, first); /* header and binary comment */
    for (long i = 1; i < pa.size; i++) {
        if (!pa.off[i] || i == pa.pages)
            continue;
        noff[i] = o.len;
        buf_append(&o, a + pa.off[i], pa.end[i] - pa.off[i]);
    }
    for (long i = 1; i < pb.size; i++) {
        if (!map[i] || i == pb.pages)
            continue;
        noff[map[i]] = o.len;
        char head[32];
        int hn = snprintf(head, sizeof head, "%ld 0 obj", i);
        int mn = snprintf(head, sizeof head, "%ld 0 obj", map[i]);
        buf_append(&o, head, (size_t)mn);
        const char *s = b + pb.off[i] + hn;
        size_t dl = dict_len(&pb, i) - (size_t)hn;
        if (!copy_mapped(&o, s, dl, map, pb.size))
            goto out;
        buf_append(&o, s + dl, pb.end[i] - pb.off[i] - (size_t)hn - dl);
    }
    const char *ka, *kb;
    size_t nka, nkb;
    if (!kids(&pa, &ka, &nka) || !kids(&pb, &kb, &nkb))
        goto out;
    noff[pa.pages] = o.len;
    buf_printf(&o, "%ld 0 obj\n<< /Type /Pages\n   /Kids [", pa.pages);
    buf_append(&o, ka, nka);
    if (!copy_mapped(&o, kb, nkb, map, pb.size))
        goto out;
    buf_printf(&o, "]\n   /Count %ld\n>>\nendobj\n", na + nb);
    size_t xref = o.len;
    buf_printf(&o, "xref\n0 %ld\n0000000000 65535 f \n", next);
    for (long i = 1; i < next; i++) {
        if (!noff[i])
            goto out; /* a hole in the first file's numbers */
        buf_printf(&o, "%010zu 00000 n \n", noff[i]);
    }
    buf_printf(&o, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", next, pa.root);
    if (pa.info > 0)
        buf_printf(&o, "   /Info %ld 0 R\n", pa.info);
    buf_printf(&o, ">>\nstartxref\n%zu\n%%%%EOF\n", xref);
    buf_append(out, o.data, o.len);
    ok = true;
out:
    free(map);
    free(noff);
    buf_free(&o);
    pdf_free(&pa);
    pdf_free(&pb);
    return ok;
}
