/* tests/unit/policy — the access policy's whole matrix: every role × every action × the object facts that matter. */
#include "ejtest.h"
#include "policy.h"

#include <string.h>

enum who { W_TEACHER, W_CLASS_TEACHER, W_SUBSTITUTE, W_OTHER_TEACHER, W_DEPUTY, W_SECRETARY,
           W_HR, W_ADMIN, W_PARENT, W_PUPIL, W_COUNT };
static const char *const who_names[] = { "teacher", "class_teacher", "substitute", "other_teacher",
                                         "deputy", "secretary", "hr", "admin", "parent", "pupil" };

/* The account and the facts of a lesson of course 1 of class 1 (class teacher: staff 20). */
static void setup(enum who w, struct ej_ctx *ctx, struct policy_object *o, bool absence)
{
    memset(ctx, 0, sizeof *ctx);
    memset(o, 0, sizeof *o);
    ctx->school_id = 1;
    o->school_id = 1;
    o->class_teacher = 20;
    o->has_absence = absence;
    o->pupil_id = 500;
    switch (w) {
    case W_TEACHER:
        ctx->roles = ROLE_TEACHER;
        ctx->staff_id = 10;
        o->course_teacher = true;
        break;
    case W_CLASS_TEACHER:
        ctx->roles = ROLE_TEACHER;
        ctx->staff_id = 20;
        break;
    case W_SUBSTITUTE:
        ctx->roles = ROLE_TEACHER;
        ctx->staff_id = 30;
        o->lesson_teacher = true;
        o->taught_any = true;
        break;
    case W_OTHER_TEACHER:
        ctx->roles = ROLE_TEACHER;
        ctx->staff_id = 40;
        break;
    case W_DEPUTY:
        ctx->roles = ROLE_DEPUTY;
        ctx->staff_id = 50;
        break;
    case W_SECRETARY:
        ctx->roles = ROLE_SECRETARY;
        ctx->staff_id = 60;
        break;
    case W_HR:
        ctx->roles = ROLE_HR;
        ctx->staff_id = 70;
        break;
    case W_ADMIN:
        ctx->roles = ROLE_ADMIN;
        break;
    case W_PARENT:
        ctx->roles = ROLE_PARENT;
        o->own_child = true;
        break;
    case W_PUPIL:
        ctx->roles = ROLE_PUPIL;
        ctx->pupil_id = 500;
        break;
    case W_COUNT:
        break;
    }
}

/* Expected: one row per role, one column per action (policy.h order):
 * READ MARK ABSENT REASON FINAL LESSON_EDIT LESSON_ADD DIARY LOGINS_ISSUE CLASS_READ MESSAGE_SEND GUARDIAN_EDIT DOC_WEEKLY DOC_JOURNAL DOC_SUMMARY PUPIL_READ PUPIL_EDIT STAFF_READ STAFF_EDIT YEAR_EDIT YEAR_READ PLAN_EDIT — for a
 * pupil with an absence (REASON column) of the class */
static const char *const matrix[W_COUNT] = {
    /*                 R M A R F E L D I C S G W J Y P Q T U V Y K */
    [W_TEACHER] = "1110111100000100000011",
    [W_CLASS_TEACHER] = "1001000111011111000010",
    [W_SUBSTITUTE] = "1110010100000000000010",
    [W_OTHER_TEACHER] = "0000000000000000000010",
    [W_DEPUTY] = "1001000111111111010111",
    [W_SECRETARY] = "1001000111110001100010",
    [W_HR] = "0000000000000000011010",
    [W_ADMIN] = "1001000111111111011111",
    [W_PARENT] = "0000000100001000000000",
    [W_PUPIL] = "0000000100001000000000",
};

START_TEST(whole_matrix)
{
    ck_assert_int_eq(POLICY_NACTIONS, 22);
    for (int w = 0; w < W_COUNT; w++) {
        for (int a = 0; a < POLICY_NACTIONS; a++) {
            struct ej_ctx ctx;
            struct policy_object o;
            setup((enum who)w, &ctx, &o, true);
            struct ej_error err;
            enum ej_err e = policy_check(&ctx, (enum policy_action)a, &o, &err);
            bool want = matrix[w][a] == '1';
            ck_assert_msg((e == EJ_OK) == want, "%s %s: expected %s, got %s", who_names[w],
                          policy_action_name((enum policy_action)a), want ? "allow" : "deny",
                          e == EJ_OK ? "allow" : err.msg);
            if (e != EJ_OK)
                ck_assert_int_eq(e, EJ_EDENIED);
        }
    }
}
END_TEST

START_TEST(reason_needs_absence_for_office)
{
    struct ej_ctx ctx;
    struct policy_object o;
    setup(W_SECRETARY, &ctx, &o, false);
    ck_assert(!policy_allows(&ctx, POLICY_REASON_SET, &o));
    setup(W_CLASS_TEACHER, &ctx, &o, false);
    ck_assert(policy_allows(&ctx, POLICY_REASON_SET, &o));
    /* the subject teacher who is also the class teacher sets both */
    setup(W_TEACHER, &ctx, &o, false);
    o.class_teacher = ctx.staff_id;
    ck_assert(policy_allows(&ctx, POLICY_ABSENT_SET, &o));
    ck_assert(policy_allows(&ctx, POLICY_REASON_SET, &o));
}
END_TEST

START_TEST(other_school_denied)
{
    for (int w = 0; w < W_COUNT; w++) {
        struct ej_ctx ctx;
        struct policy_object o;
        setup((enum who)w, &ctx, &o, true);
        o.school_id = 2;
        for (int a = 0; a < POLICY_NACTIONS; a++)
            ck_assert(!policy_allows(&ctx, (enum policy_action)a, &o));
    }
}
END_TEST

START_TEST(diary_only_own)
{
    struct ej_ctx ctx;
    struct policy_object o;
    setup(W_PUPIL, &ctx, &o, false);
    o.pupil_id = 501;
    ck_assert(!policy_allows(&ctx, POLICY_DIARY_READ, &o));
    setup(W_PARENT, &ctx, &o, false);
    o.own_child = false;
    ck_assert(!policy_allows(&ctx, POLICY_DIARY_READ, &o));
}
END_TEST

/* Messages (3.8): who writes to whom, recipient by recipient. */
START_TEST(message_matrix)
{
    struct ej_ctx ctx;
    struct policy_object o;
    /* The matrix's object is a family of another class: only the office writes. */
    setup(W_TEACHER, &ctx, &o, false);
    o.to_my_family = true;
    ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
    o.to_my_family = false;
    o.to_staff = true;
    ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
    setup(W_HR, &ctx, &o, false);
    o.to_staff = true;
    ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
    for (int w = W_PARENT; w <= W_PUPIL; w++) {
        setup((enum who)w, &ctx, &o, false);
        ck_assert(!policy_allows(&ctx, POLICY_MESSAGE_SEND, &o)); /* another family */
        o.families_may_write = true;
        ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o)); /* the school allows it */
        setup((enum who)w, &ctx, &o, false);
        o.to_staff = true; /* a teacher, not theirs */
        o.families_may_write = true;
        ck_assert(!policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
        o.to_my_teacher = true;
        ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
        o.to_my_teacher = false;
        o.to_office = true;
        ck_assert(policy_allows(&ctx, POLICY_MESSAGE_SEND, &o));
    }
}
END_TEST

START_TEST(pupils_of_own_class_only)
{
    struct ej_ctx ctx;
    struct policy_object o;
    struct ej_error err;
    /* the class teacher of another class sees none of this one's pupils */
    setup(W_CLASS_TEACHER, &ctx, &o, false);
    o.class_teacher = 21;
    ck_assert_int_eq(policy_check(&ctx, POLICY_PUPIL_READ, &o, &err), EJ_EDENIED);
    ck_assert_ptr_nonnull(strstr(err.msg, "3.3"));
    /* a class without a class teacher is not everybody's */
    o.class_teacher = 0;
    ctx.staff_id = 0;
    ck_assert(!policy_allows(&ctx, POLICY_PUPIL_READ, &o));
    /* the class teacher reads, but only the secretary edits */
    setup(W_CLASS_TEACHER, &ctx, &o, false);
    ck_assert_int_eq(policy_check(&ctx, POLICY_PUPIL_EDIT, &o, &err), EJ_EDENIED);
    ck_assert_ptr_nonnull(strstr(err.msg, "3.3"));
    setup(W_SECRETARY, &ctx, &o, false);
    o.class_teacher = 0;
    ck_assert(policy_allows(&ctx, POLICY_PUPIL_EDIT, &o));
    ck_assert_str_eq(policy_action_name(POLICY_PUPIL_EDIT), "PUPIL_EDIT");
}
END_TEST

START_TEST(messages_name_the_rule)
{
    struct ej_ctx ctx;
    struct policy_object o;
    struct ej_error err;
    setup(W_TEACHER, &ctx, &o, false);
    ck_assert_int_eq(policy_check(&ctx, POLICY_REASON_SET, &o, &err), EJ_EDENIED);
    ck_assert_ptr_nonnull(strstr(err.msg, "3.4"));
    setup(W_DEPUTY, &ctx, &o, false);
    ck_assert_int_eq(policy_check(&ctx, POLICY_MARK_SET, &o, &err), EJ_EDENIED);
    ck_assert_ptr_nonnull(strstr(err.msg, "3.5"));
    ck_assert_str_eq(policy_action_name(POLICY_MARK_SET), "MARK_SET");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = ejt_tcase("policy", 10);
    tcase_add_test(tc, whole_matrix);
    tcase_add_test(tc, reason_needs_absence_for_office);
    tcase_add_test(tc, other_school_denied);
    tcase_add_test(tc, diary_only_own);
    tcase_add_test(tc, pupils_of_own_class_only);
    tcase_add_test(tc, messages_name_the_rule);
    tcase_add_test(tc, message_matrix);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/policy");
}
