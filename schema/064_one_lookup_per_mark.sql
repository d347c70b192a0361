-- 064_one_lookup_per_mark: a mark's rules in one lookup; the audit reads the clock itself.
--
-- Why (make bench, issue #9): with 200 teachers typing, the triggers of a mark were a
-- quarter of the machine's CPU.  ej_mark_rules ran seven statements for a mark that
-- breaks no rule: the lesson's facts, the curriculum, ej_today (and ej_now in it), the
-- enrolment (ej_pupil_in), the locked periods (ej_check_unlocked) and ej_now twice more,
-- each a function call and a run of the executor.  It now reads all of them in one
-- statement and checks them in the same order as before, with the same messages; a
-- locked period is still reported by ej_check_unlocked (who locked it and when).
-- Measured in one session, 600 marks a run, the old and new definitions alternating:
-- a mark with all its triggers 603–927 µs before, 469–733 µs after.
--
-- ej_audit runs with its own search_path (SECURITY DEFINER).  PostgreSQL re-plans a
-- cached statement run under another search_path than the one it was planned with, so
-- ej_now(), called by both the rules (the session's path) and the audit (its own), was
-- re-planned at every switch, twice a mark.  The audit now reads the clock in its own
-- INSERT.  Same values: now() is the transaction's time, and the offset is read as
-- ej_now() reads it.
CREATE OR REPLACE FUNCTION ej_mark_rules() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1 AS $$
DECLARE
    l record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT le.date, co.class_id INTO l
          FROM work w JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id
          JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
         WHERE w.school_id = OLD.school_id AND w.id = OLD.work_id;
        PERFORM ej_check_unlocked(OLD.school_id, l.class_id, l.date);
        RETURN OLD;
    END IF;

    -- The facts ej_today, ej_pupil_in and ej_check_unlocked look up, in one statement.
    SELECT le.date, le.held, co.class_id, cl.grade, wt.written, s.tz, cu.graded,
           now() + (SELECT clock_offset FROM sys_clock) AS now,
           CASE WHEN co.group_id IS NULL
                THEN EXISTS (SELECT 1 FROM enrollment e
                              WHERE e.school_id = w.school_id AND e.class_id = co.class_id
                                AND e.pupil_id = NEW.pupil_id AND e.during @> le.date)
                ELSE EXISTS (SELECT 1 FROM group_member g
                              WHERE g.school_id = w.school_id AND g.group_id = co.group_id
                                AND g.pupil_id = NEW.pupil_id AND g.during @> le.date)
           END AS enrolled,
           EXISTS (SELECT 1 FROM period pe
                    WHERE pe.school_id = cl.school_id AND pe.year_id = cl.year_id
                      AND pe.scheme IN (cl.period_scheme, 'year')
                      AND le.date BETWEEN pe.starts AND pe.ends AND pe.locked_at IS NOT NULL) AS locked
      INTO l
      FROM work w
      JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id
      JOIN lesson le ON le.school_id = w.school_id AND le.id = w.lesson_id
      JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id
      JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id
      JOIN school s ON s.id = w.school_id
      LEFT JOIN curriculum cu ON cu.school_id = w.school_id AND cu.class_id = co.class_id
                             AND cu.subject_id = co.subject_id
     WHERE w.school_id = NEW.school_id AND w.id = NEW.work_id;

    IF l.grade = 1 THEN
        RAISE EXCEPTION 'ej:grade1_no_marks';
    END IF;
    IF l.graded IS FALSE THEN
        RAISE EXCEPTION 'ej:subject_not_graded';
    END IF;
    IF NOT l.held THEN
        RAISE EXCEPTION 'ej:lesson_not_held';
    END IF;
    IF l.date > (l.now AT TIME ZONE l.tz)::date THEN
        RAISE EXCEPTION 'ej:future_mark';
    END IF;
    IF NOT coalesce(l.enrolled, false) THEN
        RAISE EXCEPTION 'ej:not_enrolled';
    END IF;
    IF l.locked THEN
        PERFORM ej_check_unlocked(NEW.school_id, l.class_id, l.date);
    END IF;

    IF TG_OP = 'INSERT' THEN
        -- Deadlines flag, never block (DESIGN.md §10): classwork by the end of the day
        -- after the lesson, written work by the end of the fifth day after it.
        NEW.entered_at := l.now;
        NEW.entered_by := ej_acting_account();
        NEW.due_at := ((l.date + CASE WHEN l.written THEN 6 ELSE 2 END)::timestamp) AT TIME ZONE l.tz;
        NEW.late := NEW.entered_at > NEW.due_at;
    ELSE
        NEW.entered_at := OLD.entered_at;
        NEW.entered_by := OLD.entered_by;
        NEW.due_at := OLD.due_at;
        NEW.late := OLD.late;
    END IF;
    NEW.updated_at := l.now;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ej_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_account text := current_setting('ej.account', true);
    v_addr text := current_setting('ej.client_addr', true);
    v_old jsonb;
    v_new jsonb;
    v_school bigint;
    v_row text;
BEGIN
    IF v_account IS NULL OR v_account = '' THEN
        RAISE EXCEPTION 'ej:no_audit_context';
    END IF;
    IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD) - 'password_hash'; END IF;
    IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW) - 'password_hash'; END IF;
    IF TG_OP = 'UPDATE' AND v_old = v_new THEN
        RETURN NULL;
    END IF;
    v_school := (coalesce(v_new, v_old) ->> 'school_id')::bigint;
    v_row := coalesce(coalesce(v_new, v_old) ->> 'id',
                      concat_ws(':', coalesce(v_new, v_old) ->> 'lesson_id', coalesce(v_new, v_old) ->> 'pupil_id'));
    INSERT INTO audit (school_id, account_id, client_addr, at, tbl, op, row_id, old, new)
    VALUES (v_school, v_account::bigint, coalesce(v_addr, ''), now() + (SELECT clock_offset FROM sys_clock),
            TG_TABLE_NAME, TG_OP, v_row, v_old, v_new);
    RETURN NULL;
END $$;
