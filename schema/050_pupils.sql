-- 050_pupils: pupils' personal data is changed by the secretary (clause 3.3,
-- issue #5); who added or changed a pupil, when and from where goes to the audit
-- log like enrollments do (004_audit).  The demo loads with user triggers off.
CREATE TRIGGER pupil_audit AFTER INSERT OR UPDATE OR DELETE ON pupil
    FOR EACH ROW EXECUTE FUNCTION ej_audit();

-- Freshness (DESIGN.md §10): a pupil enrolled in or leaving a class changes the rows
-- of every journal of that class; wake the screens showing them ("course:<id>", as
-- 003_rules does for marks; on the school's channel, 023_notify_school).  pg_notify folds repeats within a transaction, so an
-- import of a whole class sends one notification per course.
CREATE FUNCTION ej_notify_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('ej_change_' || OLD.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = OLD.school_id AND co.class_id = OLD.class_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('ej_change_' || NEW.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = NEW.school_id AND co.class_id = NEW.class_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER enrollment_notify AFTER INSERT OR UPDATE OR DELETE ON enrollment
    FOR EACH ROW EXECUTE FUNCTION ej_notify_enrollment();
