/*
 * diary — cutting a loaded diary into weeks, periods and averages (diary.h).
 * Pure functions over struct diary: no SQL, no terminal.
 */
#include "diary.h"
#include "calendar.h"

#include <stdio.h>
#include <string.h>

int diary_monday(int day)
{
    return day - (cal_weekday(day) - 1);
}

int diary_lessons_between(const struct diary *d, int from, int to, int *first)
{
    int i = 0;
    while (i < d->nlessons && d->lessons[i].date < from)
        i++;
    *first = i;
    int n = 0;
    while (i + n < d->nlessons && d->lessons[i + n].date < to)
        n++;
    return n;
}

int diary_period_at(const struct diary *d, int day)
{
    int best = -1;
    for (int i = 0; i < d->nperiods; i++) {
        if (day >= d->periods[i].starts && day <= d->periods[i].ends)
            return i;
        if (d->periods[i].starts <= day)
            best = i;
    }
    return best >= 0 ? best : d->nperiods > 0 ? 0 : -1;
}

double diary_average(const struct diary *d, int course, int from, int to, int *count)
{
    double sum = 0, wsum = 0;
    int counted = 0;
    for (int i = 0; i < d->nmarks;) {
        const struct diary_mark *m = &d->marks[i];
        /* The marks of one work (a retake follows its first mark). */
        int k = 1;
        while (i + k < d->nmarks && d->marks[i + k].work_id == m->work_id && k < 8)
            k++;
        if (m->course == course && m->date >= from && m->date <= to) {
            int vals[8], idx[8];
            for (int j = 0; j < k; j++)
                vals[j] = d->marks[i + j].value;
            int n = rules_retake_pick(d->retake, vals, k, idx);
            double w = d->weighted ? m->weight : 1.0;
            for (int j = 0; j < n; j++) {
                sum += vals[idx[j]] * w;
                wsum += w;
                counted++;
            }
        }
        i += k;
    }
    if (count)
        *count = counted;
    return wsum > 0 ? sum / wsum : 0;
}

enum rules_value diary_final(const struct diary *d, int course, const char *kind,
                             long long period_id)
{
    for (int i = 0; i < d->nfinals; i++) {
        const struct diary_final *f = &d->finals[i];
        if (f->course == course && strcmp(f->kind, kind) == 0 &&
            (period_id == 0 || f->period_id == period_id))
            return f->value;
    }
    return RV_NONE;
}

void diary_marks_text(const struct diary *d, const struct diary_lesson *l, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < l->nmarks && o + 1 < n; i++) {
        const struct diary_mark *m = &d->marks[l->mark0 + i];
        bool retake = i > 0 && d->marks[l->mark0 + i - 1].work_id == m->work_id;
        int w = snprintf(out + o, n - o, "%s%d", i == 0 ? "" : retake ? "/" : " ", m->value);
        if (w < 0 || (size_t)w >= n - o) {
            out[o] = '\0';
            break;
        }
        o += (size_t)w;
    }
}
