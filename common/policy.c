/*
 * policy — the decisions.  Each action is one small rule over the account's roles
 * and the object's facts; tests/unit/policy.c walks the whole matrix.
 */
#include "policy.h"
#include "i18n.h"

static const char *const action_names[] = {
#define X(name, desc) #name,
    POLICY_ACTIONS(X)
#undef X
};

const char *policy_action_name(enum policy_action a)
{
    return (unsigned)a < POLICY_NACTIONS ? action_names[a] : "?";
}

static bool same_school(const struct ej_ctx *ctx, const struct policy_object *o)
{
    return o->school_id == 0 || o->school_id == ctx->school_id;
}

static bool is_class_teacher(const struct ej_ctx *ctx, const struct policy_object *o)
{
    return (ctx->roles & ROLE_TEACHER) && ctx->staff_id != 0 && o->class_teacher == ctx->staff_id;
}

static bool teaches(const struct ej_ctx *ctx, const struct policy_object *o)
{
    return (ctx->roles & ROLE_TEACHER) && ctx->staff_id != 0 &&
           (o->course_teacher || o->lesson_teacher);
}

static bool office(const struct ej_ctx *ctx)
{
    return (ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)) != 0;
}

enum ej_err policy_check(const struct ej_ctx *ctx, enum policy_action a,
                         const struct policy_object *o, struct ej_error *err)
{
    static const struct policy_object none;
    if (!o)
        o = &none;
    if (!same_school(ctx, o))
        return ej_error_set(err, EJ_EDENIED, "%s", _("This belongs to another school"));
    switch (a) {
    case POLICY_JOURNAL_READ:
        if (office(ctx) || teaches(ctx, o) || is_class_teacher(ctx, o) ||
            ((ctx->roles & ROLE_TEACHER) && ctx->staff_id && o->taught_any))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Only the course's teacher, the class teacher and the office may "
                              "open this journal"));
    case POLICY_MARK_SET:
    case POLICY_ABSENT_SET:
    case POLICY_LESSON_EDIT:
        if (teaches(ctx, o))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Read only: only the course's teacher (or the substitute for the "
                              "lessons they taught) edits this journal (cl. 3.5)"));
    case POLICY_REASON_SET:
        if (is_class_teacher(ctx, o))
            return EJ_OK;
        if (office(ctx) && o->has_absence)
            return EJ_OK;
        if (office(ctx))
            return ej_error_set(err, EJ_EDENIED, "%s",
                                _("The reason (Б, У) is set for an absence the teacher "
                                  "marked (Н)"));
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The reason of an absence (Б, У) is set by the class teacher or "
                              "the office; the subject teacher marks Н (cl. 3.4)"));
    case POLICY_FINAL_SET:
    case POLICY_LESSON_ADD:
        if ((ctx->roles & ROLE_TEACHER) && ctx->staff_id && o->course_teacher)
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Read only: only the course's teacher sets finals and adds "
                              "lessons (cl. 3.5)"));
    case POLICY_DIARY_READ:
        if ((ctx->roles & ROLE_PUPIL) && ctx->pupil_id && o->pupil_id == ctx->pupil_id)
            return EJ_OK;
        if ((ctx->roles & ROLE_PARENT) && o->own_child)
            return EJ_OK;
        if (office(ctx) || is_class_teacher(ctx, o) || teaches(ctx, o))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Parents and pupils see only their own diary (cl. 3.8)"));
    case POLICY_PUPIL_READ:
        if ((ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)) || is_class_teacher(ctx, o))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("A class's pupils are seen by the secretary, the deputy director, "
                              "the administrator and the class teacher of that class (cl. 3.3)"));
    case POLICY_PUPIL_EDIT:
        if (ctx->roles & ROLE_SECRETARY)
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Only the secretary adds pupils and enrolls them in classes "
                              "(cl. 3.3)"));
    case POLICY_NACTIONS:
        break;
    }
    return ej_error_set(err, EJ_EDENIED, "%s", _("Not allowed"));
}
