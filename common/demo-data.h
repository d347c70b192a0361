/*
 * demo-data — the fixed material the demo school is drawn from: Russian names,
 * streets, the federal basic curriculum (ФУП НОО/ООО, five-day week: subjects and
 * weekly hours per grade), lesson topics and the kind of homework of each subject.
 * Data only; demo.c decides what goes where.
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
/* Names of grown-ups (staff, parents): the generation born 1960-1995. */
extern const char *const demo_adult_male_names[];
extern const int demo_nadult_male;
extern const char *const demo_adult_female_names[];
extern const int demo_nadult_female;
/* Fathers' names with the patronymics they give: { name, masculine, feminine }. */
extern const char *const demo_fathers[][3];
extern const int demo_nfathers;
extern const char *const demo_streets[];
extern const int demo_nstreets;

/* The subjects, in the order of the journal (also their subject.sort). */
enum demo_subj {
    SUBJ_RUS, SUBJ_LITCH, SUBJ_LIT, SUBJ_ENG, SUBJ_MATH, SUBJ_ALG, SUBJ_GEOM, SUBJ_VIS,
    SUBJ_INF, SUBJ_OKR, SUBJ_ORKSE, SUBJ_HIST, SUBJ_OBSH, SUBJ_GEO, SUBJ_PHYS, SUBJ_CHEM,
    SUBJ_BIO, SUBJ_IZO, SUBJ_MUS, SUBJ_TRUD, SUBJ_OBZR, SUBJ_PE,
    SUBJ_N
};

/* What homework a subject sets (demo.c words it from the lesson's number). */
enum demo_hw { HW_NONE, HW_RUS, HW_READ, HW_MATH, HW_PARA, HW_ENG, HW_TASK };

/* What written and practical work a subject gives besides oral answers. */
enum demo_written { WR_NONE, WR_TEST, WR_CONTROL, WR_DICTATION };

/* A subject of the curriculum: hours per week for grades 1..9 (0: not taught). */
struct demo_subject {
    const char *name;
    const char *short_name;
    unsigned char hours[9];
    unsigned char graded;     /* 0: never graded (ОРКСЭ); grade 1 is never graded */
    unsigned char groups;     /* taught in two study groups in grades 5-9 */
    unsigned char practical;  /* gives practical or laboratory work */
    unsigned char written;    /* enum demo_written: its big written work */
    unsigned char homework;   /* enum demo_hw */
    /* Lesson topics, NULL-terminated.  "7|Тема" is a topic of grade 7 only; when a
     * subject has such topics for a grade, only they are used for it. */
    const char *const *topics;
};
extern const struct demo_subject demo_subjects[SUBJ_N];

/* Feminine form of a masculine surname (Иванов → Иванова, Белый → Белая,
 * Шевчук → Шевчук); caller frees. */
char *demo_feminine(const char *surname);
#endif
