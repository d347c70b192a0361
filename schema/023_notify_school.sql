-- 023_notify_school: one notification channel per school ("ej_change_<school id>")
-- instead of one for the whole server.  Every listening session used to wake for
-- every mark of every school of a district (make bench, issue #9: 200 typing
-- teachers made each other's screens re-read 200 times a second); now a session
-- hears only its own school.  Payloads are unchanged ("course:<id>", "pupil:<id>",
-- "account:<id>").
CREATE OR REPLACE FUNCTION ej_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_school bigint;
    v_course bigint;
    v_pupil bigint;
    v_channel text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_school := OLD.school_id;
    ELSE
        v_school := NEW.school_id;
    END IF;
    v_channel := 'ej_change_' || v_school;
    IF TG_TABLE_NAME = 'mark' THEN
        SELECT le.course_id INTO v_course FROM work w JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id
         WHERE w.school_id = v_school AND w.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.work_id ELSE NEW.work_id END;
        v_pupil := CASE WHEN TG_OP = 'DELETE' THEN OLD.pupil_id ELSE NEW.pupil_id END;
    ELSIF TG_TABLE_NAME = 'attendance' THEN
        SELECT course_id INTO v_course FROM lesson
         WHERE school_id = v_school AND id = CASE WHEN TG_OP = 'DELETE' THEN OLD.lesson_id ELSE NEW.lesson_id END;
        v_pupil := CASE WHEN TG_OP = 'DELETE' THEN OLD.pupil_id ELSE NEW.pupil_id END;
    ELSIF TG_TABLE_NAME = 'work' THEN
        SELECT course_id INTO v_course FROM lesson
         WHERE school_id = v_school AND id = CASE WHEN TG_OP = 'DELETE' THEN OLD.lesson_id ELSE NEW.lesson_id END;
    ELSIF TG_TABLE_NAME = 'final_mark' THEN
        v_course := CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
        v_pupil := CASE WHEN TG_OP = 'DELETE' THEN OLD.pupil_id ELSE NEW.pupil_id END;
    ELSE
        v_course := CASE WHEN TG_OP = 'DELETE' THEN OLD.course_id ELSE NEW.course_id END;
    END IF;
    IF v_course IS NOT NULL THEN
        PERFORM pg_notify(v_channel, 'course:' || v_course);
    END IF;
    IF v_pupil IS NOT NULL THEN
        PERFORM pg_notify(v_channel, 'pupil:' || v_pupil);
    END IF;
    RETURN NULL;
END $$;
