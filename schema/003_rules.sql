-- 003_rules: the regulation, enforced by the database itself, so that no client bug
-- can store a «5+», a mark in grade 1, or a mark for a pupil who was not there.
-- Trigger refusals raise 'ej:<rule>'; common/db.c turns each into its message.

-- Was the pupil in the class (or the study group) on that day?
CREATE FUNCTION ej_pupil_in(p_school bigint, p_class bigint, p_group bigint, p_pupil bigint, p_day date)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_group IS NULL THEN
        EXISTS (SELECT 1 FROM enrollment e
                 WHERE e.school_id = p_school AND e.class_id = p_class
                   AND e.pupil_id = p_pupil AND e.during @> p_day)
    ELSE
        EXISTS (SELECT 1 FROM group_member g
                 WHERE g.school_id = p_school AND g.group_id = p_group
                   AND g.pupil_id = p_pupil AND g.during @> p_day)
    END
$$;

-- Refuse a change on a day inside a period the deputy has locked, naming who and when.
CREATE FUNCTION ej_check_unlocked(p_school bigint, p_class bigint, p_day date)
RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE
    p record;
BEGIN
    SELECT pe.name, pe.locked_at, coalesce(nullif(a.display_name, ''), a.login, '?') AS who, s.tz
      INTO p
      FROM class c
      JOIN school s ON s.id = c.school_id
      JOIN period pe ON pe.school_id = c.school_id AND pe.year_id = c.year_id
                    AND pe.scheme IN (c.period_scheme, 'year')
      LEFT JOIN account a ON a.id = pe.locked_by
     WHERE c.school_id = p_school AND c.id = p_class
       AND p_day BETWEEN pe.starts AND pe.ends AND pe.locked_at IS NOT NULL
     ORDER BY pe.scheme = 'year'
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ej:period_locked'
            USING DETAIL = format('%s: %s, %s', p.name, p.who,
                                  to_char(p.locked_at AT TIME ZONE p.tz, 'DD.MM.YYYY HH24:MI'));
    END IF;
END $$;

CREATE FUNCTION ej_acting_account() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT nullif(nullif(current_setting('ej.account', true), ''), '0')::bigint
$$;

-- Facts about the lesson behind a work, used by the mark rules.
CREATE FUNCTION ej_mark_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    l record;
    v_graded boolean;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT le.date, co.class_id INTO l
          FROM work w JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id
          JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
         WHERE w.school_id = OLD.school_id AND w.id = OLD.work_id;
        PERFORM ej_check_unlocked(OLD.school_id, l.class_id, l.date);
        RETURN OLD;
    END IF;

    SELECT le.date, le.held, co.class_id, co.group_id, co.subject_id, cl.grade, wt.written, s.tz
      INTO l
      FROM work w
      JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id
      JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id
      JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
      JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id
      JOIN school s ON s.id = w.school_id
     WHERE w.school_id = NEW.school_id AND w.id = NEW.work_id;

    IF l.grade = 1 THEN
        RAISE EXCEPTION 'ej:grade1_no_marks';
    END IF;
    SELECT graded INTO v_graded FROM curriculum
     WHERE school_id = NEW.school_id AND class_id = l.class_id AND subject_id = l.subject_id;
    IF v_graded IS FALSE THEN
        RAISE EXCEPTION 'ej:subject_not_graded';
    END IF;
    IF NOT l.held THEN
        RAISE EXCEPTION 'ej:lesson_not_held';
    END IF;
    IF l.date > ej_today(NEW.school_id) THEN
        RAISE EXCEPTION 'ej:future_mark';
    END IF;
    IF NOT ej_pupil_in(NEW.school_id, l.class_id, l.group_id, NEW.pupil_id, l.date) THEN
        RAISE EXCEPTION 'ej:not_enrolled';
    END IF;
    PERFORM ej_check_unlocked(NEW.school_id, l.class_id, l.date);

    IF TG_OP = 'INSERT' THEN
        -- Deadlines flag, never block (DESIGN.md §10): classwork by the end of the day
        -- after the lesson, written work by the end of the fifth day after it.
        NEW.entered_at := ej_now();
        NEW.entered_by := ej_acting_account();
        NEW.due_at := ((l.date + CASE WHEN l.written THEN 6 ELSE 2 END)::timestamp) AT TIME ZONE l.tz;
        NEW.late := NEW.entered_at > NEW.due_at;
    ELSE
        NEW.entered_at := OLD.entered_at;
        NEW.entered_by := OLD.entered_by;
        NEW.due_at := OLD.due_at;
        NEW.late := OLD.late;
    END IF;
    NEW.updated_at := ej_now();
    RETURN NEW;
END $$;

CREATE TRIGGER mark_rules BEFORE INSERT OR UPDATE OR DELETE ON mark
    FOR EACH ROW EXECUTE FUNCTION ej_mark_rules();

CREATE FUNCTION ej_attendance_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    l record;
    r attendance;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    SELECT le.date, co.class_id, co.group_id INTO l
      FROM lesson le JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
     WHERE le.school_id = r.school_id AND le.id = r.lesson_id;
    PERFORM ej_check_unlocked(r.school_id, l.class_id, l.date);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NOT ej_pupil_in(NEW.school_id, l.class_id, l.group_id, NEW.pupil_id, l.date) THEN
        RAISE EXCEPTION 'ej:not_enrolled';
    END IF;
    NEW.set_by := ej_acting_account();
    NEW.set_at := ej_now();
    RETURN NEW;
END $$;

CREATE TRIGGER attendance_rules BEFORE INSERT OR UPDATE OR DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION ej_attendance_rules();

CREATE FUNCTION ej_final_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c record;
    v_graded boolean;
    pe record;
    r final_mark;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    SELECT co.class_id, co.group_id, co.subject_id, cl.grade INTO c
      FROM course co JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id
     WHERE co.school_id = r.school_id AND co.id = r.course_id;
    SELECT starts, ends INTO pe FROM period WHERE school_id = r.school_id AND id = r.period_id;
    PERFORM ej_check_unlocked(r.school_id, c.class_id, pe.ends);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    SELECT graded INTO v_graded FROM curriculum
     WHERE school_id = NEW.school_id AND class_id = c.class_id AND subject_id = c.subject_id;
    v_graded := coalesce(v_graded, true) AND c.grade > 1;
    IF NEW.value = 'К' AND v_graded THEN
        RAISE EXCEPTION 'ej:final_k_graded';
    END IF;
    IF NEW.value IN ('2', '3', '4', '5') AND NOT v_graded THEN
        RAISE EXCEPTION 'ej:final_mark_ungraded';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM enrollment e
         WHERE e.school_id = NEW.school_id AND e.class_id = c.class_id AND e.pupil_id = NEW.pupil_id
           AND e.during && daterange(pe.starts, pe.ends, '[]')) THEN
        RAISE EXCEPTION 'ej:not_enrolled';
    END IF;
    NEW.set_by := ej_acting_account();
    NEW.set_at := ej_now();
    RETURN NEW;
END $$;

CREATE TRIGGER final_mark_rules BEFORE INSERT OR UPDATE OR DELETE ON final_mark
    FOR EACH ROW EXECUTE FUNCTION ej_final_rules();

-- Lessons: never deleted with their marks or absences; no change in a locked period.
CREATE FUNCTION ej_lesson_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_class bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT class_id INTO v_class FROM course WHERE school_id = OLD.school_id AND id = OLD.course_id;
        PERFORM ej_check_unlocked(OLD.school_id, v_class, OLD.date);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM work w JOIN mark m ON m.school_id = w.school_id AND m.work_id = w.id
                    WHERE w.school_id = OLD.school_id AND w.lesson_id = OLD.id)
           OR EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = OLD.school_id AND a.lesson_id = OLD.id) THEN
            RAISE EXCEPTION 'ej:lesson_has_data';
        END IF;
        RETURN OLD;
    END IF;
    SELECT class_id INTO v_class FROM course WHERE school_id = NEW.school_id AND id = NEW.course_id;
    PERFORM ej_check_unlocked(NEW.school_id, v_class, NEW.date);
    IF TG_OP = 'INSERT' OR NEW.topic IS DISTINCT FROM OLD.topic THEN
        NEW.topic_set_at := CASE WHEN NEW.topic <> '' THEN ej_now() END;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.homework IS DISTINCT FROM OLD.homework THEN
        NEW.homework_set_at := CASE WHEN NEW.homework <> '' THEN ej_now() END;
    END IF;
    NEW.updated_at := ej_now();
    RETURN NEW;
END $$;

CREATE TRIGGER lesson_rules BEFORE INSERT OR UPDATE OR DELETE ON lesson
    FOR EACH ROW EXECUTE FUNCTION ej_lesson_rules();

CREATE FUNCTION ej_work_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    l record;
    r work;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    SELECT le.date, co.class_id INTO l
      FROM lesson le JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
     WHERE le.school_id = r.school_id AND le.id = r.lesson_id;
    IF FOUND THEN
        PERFORM ej_check_unlocked(r.school_id, l.class_id, l.date);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER work_rules BEFORE INSERT OR UPDATE OR DELETE ON work
    FOR EACH ROW EXECUTE FUNCTION ej_work_rules();

-- Freshness: every change to a journal wakes the screens showing it (LISTEN ej_change),
-- payload "course:<id>"; the diary listens for "pupil:<id>" too.
CREATE FUNCTION ej_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_school bigint;
    v_course bigint;
    v_pupil bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_school := OLD.school_id;
    ELSE
        v_school := NEW.school_id;
    END IF;
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
        PERFORM pg_notify('ej_change', 'course:' || v_course);
    END IF;
    IF v_pupil IS NOT NULL THEN
        PERFORM pg_notify('ej_change', 'pupil:' || v_pupil);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER mark_notify AFTER INSERT OR UPDATE OR DELETE ON mark
    FOR EACH ROW EXECUTE FUNCTION ej_notify_change();
CREATE TRIGGER attendance_notify AFTER INSERT OR UPDATE OR DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION ej_notify_change();
CREATE TRIGGER work_notify AFTER INSERT OR UPDATE OR DELETE ON work
    FOR EACH ROW EXECUTE FUNCTION ej_notify_change();
CREATE TRIGGER lesson_notify AFTER INSERT OR UPDATE OR DELETE ON lesson
    FOR EACH ROW EXECUTE FUNCTION ej_notify_change();
CREATE TRIGGER final_mark_notify AFTER INSERT OR UPDATE OR DELETE ON final_mark
    FOR EACH ROW EXECUTE FUNCTION ej_notify_change();
