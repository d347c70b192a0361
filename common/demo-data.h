/*
 * demo-data — the fixed material the demo school is drawn from: Russian names,
 * the federal basic curriculum (subjects and weekly hours per grade), lesson
 * topics.  Data only; demo.c decides what goes where.
 */
#ifndef EJ_DEMO_DATA_H
#define EJ_DEMO_DATA_H

/* Surnames in the masculine form; the feminine is derived (demo_feminine). */
extern const char *const demo_surnames[];
extern const int demo_nsurnames;
extern const char *const demo_male_names[];
extern const int demo_nmale;
extern const char *const demo_female_names[];
extern const int demo_nfemale;
/* Fathers' names with the patronymics they give: { name, masculine, feminine }. */
extern const char *const demo_fathers[][3];
extern const int demo_nfathers;
extern const char *const demo_streets[];
extern const int demo_nstreets;

/* A subject of the curriculum: hours per week for grades 1..9 (0: not taught). */
struct demo_subject {
    const char *name;
    const char *short_name;
    unsigned char hours[9];
    unsigned char graded;   /* 0: never graded (ОРКСЭ, ОДНКНР); grade 1 is never graded */
    unsigned char groups;   /* taught in two study groups in grades 5-9 */
    const char *const *topics; /* NULL-terminated lesson topics */
    const char *homework;   /* printf format taking the lesson's number, e.g. "§%d, упр. %d" */
};
extern const struct demo_subject demo_subjects[];
extern const int demo_nsubjects;

/* Feminine form of a masculine surname (Иванов → Иванова, Белый → Белая); caller frees. */
char *demo_feminine(const char *surname);
/* Latin transliteration of a Cyrillic surname for a login (lower case); caller frees. */
char *demo_translit(const char *s);
#endif
