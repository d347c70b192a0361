-- 060_year: the deputy director's year setup (clause 3.2, issue #8): who changed the
-- calendar, the curriculum, the teaching load, the timetable and the КТП goes to the
-- audit log like marks do (004_audit); lessons take their topics from the КТП in
-- order, and a lesson that did not take place passes its topic on.

CREATE TRIGGER academic_year_audit AFTER INSERT OR UPDATE OR DELETE ON academic_year
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER holiday_audit AFTER INSERT OR UPDATE OR DELETE ON holiday
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER calendar_day_audit AFTER INSERT OR UPDATE OR DELETE ON calendar_day
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER subject_audit AFTER INSERT OR UPDATE OR DELETE ON subject
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER class_audit AFTER INSERT OR UPDATE OR DELETE ON class
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER curriculum_audit AFTER INSERT OR UPDATE OR DELETE ON curriculum
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER course_audit AFTER INSERT OR UPDATE OR DELETE ON course
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER course_teacher_audit AFTER INSERT OR UPDATE OR DELETE ON course_teacher
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER bell_audit AFTER INSERT OR UPDATE OR DELETE ON bell
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER timetable_slot_audit AFTER INSERT OR UPDATE OR DELETE ON timetable_slot
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER plan_item_audit AFTER INSERT OR UPDATE OR DELETE ON plan_item
    FOR EACH ROW EXECUTE FUNCTION ej_audit();

CREATE INDEX timetable_slot_course ON timetable_slot (school_id, course_id);
CREATE INDEX lesson_plan_item ON lesson (school_id, plan_item_id) WHERE plan_item_id IS NOT NULL;

-- A topic typed by the teacher over one the КТП gave: the lesson is the teacher's
-- from then on (plan_item_id cleared), and the КТП passes it by.  A lesson keeps
-- its plan item only while its topic is that item's topic, however the two were
-- written (a form may send a changed text with an item picked earlier, or an item
-- the КТП has since moved); ej_plan_spread sets ej.plan_spread while it writes.
CREATE FUNCTION ej_lesson_own_topic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.plan_item_id IS NOT NULL
       AND coalesce(current_setting('ej.plan_spread', true), '') <> 'on'
       AND NEW.topic IS DISTINCT FROM (SELECT pi.topic FROM plan_item pi
                                        WHERE pi.school_id = NEW.school_id AND pi.id = NEW.plan_item_id
                                          AND pi.course_id = NEW.course_id) THEN
        NEW.plan_item_id := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER lesson_own_topic BEFORE INSERT OR UPDATE OF topic, plan_item_id ON lesson
    FOR EACH ROW EXECUTE FUNCTION ej_lesson_own_topic();

-- Lay the КТП of a course over its lessons: the k-th lesson that takes place (by
-- date and number) and has no topic of the teacher's own gets the k-th hour of the
-- plan.  Lessons in a locked period keep what they have but still count, so that
-- the rest does not move under them.  Returns the number of lessons changed.
CREATE FUNCTION ej_plan_spread(p_school bigint, p_course bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_changed integer;
BEGIN
    PERFORM set_config('ej.plan_spread', 'on', true);
    WITH hours AS (
        SELECT pi.id, pi.topic, row_number() OVER (ORDER BY pi.num, g) AS k
          FROM plan_item pi, generate_series(1, pi.hours) g
         WHERE pi.school_id = p_school AND pi.course_id = p_course),
    lessons AS (
        SELECT le.id, le.held, le.topic, le.plan_item_id,
               CASE WHEN le.held THEN row_number() OVER (PARTITION BY le.held
                                                        ORDER BY le.date, le.num NULLS LAST, le.id) END AS k,
               EXISTS (SELECT 1 FROM course co JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id
                         JOIN period pe ON pe.school_id = c.school_id AND pe.year_id = c.year_id
                              AND pe.scheme IN (c.period_scheme, 'year')
                        WHERE co.school_id = le.school_id AND co.id = le.course_id
                          AND le.date BETWEEN pe.starts AND pe.ends AND pe.locked_at IS NOT NULL) AS locked
          FROM lesson le
         WHERE le.school_id = p_school AND le.course_id = p_course
           AND NOT (le.plan_item_id IS NULL AND le.topic <> '')),
    want AS (
        SELECT l.id, h.id AS item, coalesce(h.topic, '') AS topic
          FROM lessons l LEFT JOIN hours h ON l.held AND h.k = l.k
         WHERE NOT l.locked)
    UPDATE lesson le SET plan_item_id = w.item, topic = w.topic
      FROM want w
     WHERE le.school_id = p_school AND le.id = w.id
       AND (le.plan_item_id IS DISTINCT FROM w.item OR le.topic IS DISTINCT FROM w.topic);
    GET DIAGNOSTICS v_changed = ROW_COUNT;
    PERFORM set_config('ej.plan_spread', 'off', true);
    RETURN v_changed;
END $$;

-- A lesson that did not take place (or took place after all) moves the topics after it.
CREATE FUNCTION ej_lesson_spread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM plan_item WHERE school_id = NEW.school_id AND course_id = NEW.course_id) THEN
        PERFORM ej_plan_spread(NEW.school_id, NEW.course_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER lesson_held_spread AFTER UPDATE OF held ON lesson
    FOR EACH ROW WHEN (OLD.held IS DISTINCT FROM NEW.held)
    EXECUTE FUNCTION ej_lesson_spread();

-- So does a lesson the teacher gave a topic of their own instead of the КТП's: the
-- КТП's topic goes on to the next lesson.
CREATE TRIGGER lesson_own_topic_spread AFTER UPDATE OF topic ON lesson
    FOR EACH ROW WHEN (OLD.plan_item_id IS NOT NULL AND NEW.plan_item_id IS NULL
                       AND NEW.topic <> '' AND OLD.held = NEW.held)
    EXECUTE FUNCTION ej_lesson_spread();

-- The weekday a day is taught as at a school, NULL when it is no school day: a
-- calendar exception first (a moved working day, an extra day off), then the
-- holidays, then the school's five or six days a week.
CREATE FUNCTION ej_school_day(p_school bigint, p_day date) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN cd.workday THEN coalesce(cd.as_weekday, extract(isodow FROM p_day)::int)
                WHEN cd.workday IS FALSE THEN NULL
                WHEN EXISTS (SELECT 1 FROM holiday h WHERE h.school_id = p_school
                              AND p_day BETWEEN h.starts AND h.ends) THEN NULL
                WHEN extract(isodow FROM p_day) <= CASE WHEN s.six_day_week THEN 6 ELSE 5 END
                THEN extract(isodow FROM p_day)::int END
      FROM school s LEFT JOIN calendar_day cd ON cd.school_id = s.id AND cd.day = p_day
     WHERE s.id = p_school
$$;
