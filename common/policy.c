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

/* Documents: who may have which printed document. */
static enum ej_err check_document(const struct ej_ctx *ctx, enum policy_action a,
                                  const struct policy_object *o, struct ej_error *err)
{
    if (ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY))
        return EJ_OK;
    bool staff = (ctx->roles & ROLE_TEACHER) && ctx->staff_id != 0;
    if (staff && o->class_teacher == ctx->staff_id)
        return EJ_OK;
    if (a == POLICY_DOC_JOURNAL) {
        if (staff && o->course_teacher)
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The journal page is printed by the course's teacher, the class "
                              "teacher, the deputy director or the administrator"));
    }
    if (a == POLICY_DOC_WEEKLY) {
        if (o->pupil_id && (ctx->roles & ROLE_PUPIL) && ctx->pupil_id == o->pupil_id)
            return EJ_OK;
        if (o->pupil_id && (ctx->roles & ROLE_PARENT) && o->own_child)
            return EJ_OK;
        if (ctx->roles & (ROLE_PARENT | ROLE_PUPIL))
            return ej_error_set(err, EJ_EDENIED, "%s",
                                _("Parents and pupils get only their own weekly report (cl. 3.8)"));
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Weekly reports of a class are printed by its class teacher, the "
                              "deputy director or the administrator"));
    }
    return ej_error_set(err, EJ_EDENIED, "%s",
                        _("The summary sheet is printed by the class teacher, the deputy "
                          "director or the administrator"));
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
    case POLICY_LOGINS_ISSUE:
        if (is_class_teacher(ctx, o) || office(ctx))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Logins for parents and pupils are issued by the class teacher or "
                              "the office (cl. 3.4, 5.1)"));
    case POLICY_CLASS_READ:
        if (is_class_teacher(ctx, o) || office(ctx))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("A class's attendance as a whole is kept by its class teacher "
                              "and the office (cl. 3.4)"));
    case POLICY_MESSAGE_SEND: {
        bool staff = (ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR |
                                    ROLE_TEACHER)) != 0;
        if (staff && (o->to_staff || office(ctx) || o->to_my_family))
            return EJ_OK;
        if (!staff && (o->to_office || o->to_my_teacher))
            return EJ_OK;
        if (!staff && !o->to_staff && o->families_may_write)
            return EJ_OK;
        if (staff)
            return ej_error_set(err, EJ_EDENIED, "%s",
                                _("A teacher writes to the families of the classes they teach "
                                  "or lead (cl. 3.8)"));
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Parents and pupils write to their teachers, class teachers and "
                              "the school office, not to other families (cl. 3.8)"));
    }
    case POLICY_GUARDIAN_EDIT:
        if (is_class_teacher(ctx, o) || office(ctx))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Parents' data is kept by the pupil's class teacher and the office "
                              "(cl. 3.4)"));
    case POLICY_DOC_WEEKLY:
    case POLICY_DOC_JOURNAL:
    case POLICY_DOC_SUMMARY:
        return check_document(ctx, a, o, err);
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
    case POLICY_STAFF_READ:
        if (ctx->roles & (ROLE_HR | ROLE_ADMIN | ROLE_DEPUTY))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The staff list is kept by HR; the deputy director and the "
                              "administrator read it"));
    case POLICY_STAFF_EDIT:
        if (ctx->roles & (ROLE_HR | ROLE_ADMIN))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("Staff are added and deactivated by HR and the administrator"));
    case POLICY_YEAR_EDIT:
        if (ctx->roles & (ROLE_DEPUTY | ROLE_ADMIN))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The school year is set up and its periods locked by the deputy "
                              "director or the administrator (cl. 3.2)"));
    case POLICY_YEAR_READ:
        if ((ctx->roles & (ROLE_DEPUTY | ROLE_ADMIN | ROLE_SECRETARY | ROLE_HR)) ||
            ((ctx->roles & ROLE_TEACHER) && ctx->staff_id))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The year's setup is read by the school's staff"));
    case POLICY_PLAN_EDIT:
        if ((ctx->roles & (ROLE_DEPUTY | ROLE_ADMIN)) ||
            ((ctx->roles & ROLE_TEACHER) && ctx->staff_id && o->course_teacher))
            return EJ_OK;
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("A course's КТП is kept by its teacher, the deputy director and the "
                              "administrator (cl. 3.2)"));
    case POLICY_NACTIONS:
        break;
    }
    return ej_error_set(err, EJ_EDENIED, "%s", _("Not allowed"));
}
