-- 061_notify_after_commit: the wake-ups of other screens (DESIGN.md §10, LISTEN/NOTIFY)
-- are sent after the write has committed, in a transaction of their own, instead of
-- by the writing transaction itself.
--
-- Why (make bench, issue #9): PostgreSQL serialises every transaction that has called
-- NOTIFY on one database-wide lock, taken before its commit record and held until that
-- record is flushed to disk.  With the wake-ups in the writing transactions, every mark
-- of every teacher waited for the fsync of the one before it — no group commit — and
-- 200 teachers typing a mark a second queued for seconds (perf: 23 % of PostgreSQL's
-- time in ProcSleep under PreCommit_Notify).  Now a write transaction only records
-- what it changed; the application's COMMIT is followed, in the same round trip, by
-- ej_notify_flush(), a transaction that sends the wake-ups with synchronous_commit off
-- (it writes no data: nothing a user saved depends on its flush) and so holds the lock
-- for microseconds.
--
-- Under ejournald the application hands its wake-ups to the server's relay instead
-- (ej_notify_take), which wakes its own sessions directly and sends them on to other
-- listeners in batches: no write of a session takes the NOTIFY lock at all.
--
-- The application asks for this per transaction (ej.notify_later, set with the audit
-- context by db_tx_begin).  Any other writer — psql, the migrations, the demo — still
-- notifies inside its own transaction, as before, so no change goes unannounced.  A
-- session killed between COMMIT and the flush loses the wake-up, never the change:
-- the next reload of the other screens shows it.
CREATE FUNCTION ej_notify(p_channel text, p_payload text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_item text := p_channel || ' ' || p_payload || E'\n';
    v_pending text;
BEGIN
    IF current_setting('ej.notify_later', true) IS DISTINCT FROM 'on' THEN
        PERFORM pg_notify(p_channel, p_payload);
        RETURN;
    END IF;
    -- A session-level setting: it survives the COMMIT (for the flush) and, like any
    -- setting changed in a transaction, is undone when that transaction rolls back.
    v_pending := coalesce(current_setting('ej.notify_pending', true), '');
    IF strpos(E'\n' || v_pending, E'\n' || v_item) = 0 THEN
        PERFORM set_config('ej.notify_pending', v_pending || v_item, false);
    END IF;
END $$;

-- Send a list of wake-ups ("<channel> <payload>" lines) in this transaction, with
-- synchronous_commit off: it writes no data, so nothing a user saved waits for it.
CREATE FUNCTION ej_notify_send(p_lines text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_line text;
    v_n integer := 0;
BEGIN
    IF coalesce(p_lines, '') = '' THEN
        RETURN 0;
    END IF;
    PERFORM set_config('synchronous_commit', 'off', true);
    FOREACH v_line IN ARRAY string_to_array(rtrim(p_lines, E'\n'), E'\n') LOOP
        PERFORM pg_notify(split_part(v_line, ' ', 1), substr(v_line, strpos(v_line, ' ') + 1));
        v_n := v_n + 1;
    END LOOP;
    RETURN v_n;
END $$;

-- The wake-ups recorded by the transactions committed since the last call, handed
-- to the caller and forgotten here: an application with ejournald's relay
-- (common/relay.h) passes them to it, which wakes its own sessions at once and sends
-- them on to any other listener in batches (ej_notify_send).
CREATE FUNCTION ej_notify_take() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_pending text := coalesce(current_setting('ej.notify_pending', true), '');
BEGIN
    IF v_pending <> '' THEN
        PERFORM set_config('ej.notify_pending', '', false);
    END IF;
    RETURN v_pending;
END $$;

-- The same, sent from here (an application without a relay).
CREATE FUNCTION ej_notify_flush() RETURNS integer LANGUAGE sql AS $$
    SELECT ej_notify_send(ej_notify_take())
$$;

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
        PERFORM ej_notify(v_channel, 'course:' || v_course);
    END IF;
    IF v_pupil IS NOT NULL THEN
        PERFORM ej_notify(v_channel, 'pupil:' || v_pupil);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ej_notify_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ej_notify('ej_change_' || OLD.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = OLD.school_id AND co.class_id = OLD.class_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM ej_notify('ej_change_' || NEW.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = NEW.school_id AND co.class_id = NEW.class_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ej_notify_group_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ej_notify('ej_change_' || OLD.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = OLD.school_id AND co.group_id = OLD.group_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM ej_notify('ej_change_' || NEW.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = NEW.school_id AND co.group_id = NEW.group_id;
    END IF;
    RETURN NULL;
END $$;
