-- 051_groups: study groups are edited by the secretary (clause 3.3, issue #5):
-- who created, renamed or deleted a group goes to the audit log as its members
-- do (group_member is audited since 004_audit).
CREATE TRIGGER study_group_audit AFTER INSERT OR UPDATE OR DELETE ON study_group
    FOR EACH ROW EXECUTE FUNCTION ej_audit();

-- Freshness (DESIGN.md §10): a pupil put in or taken out of a group changes the
-- rows of the group's journals; wake the screens showing them, as
-- ej_notify_enrollment (050_pupils) does for a class.
CREATE FUNCTION ej_notify_group_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('ej_change_' || OLD.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = OLD.school_id AND co.group_id = OLD.group_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('ej_change_' || NEW.school_id, 'course:' || co.id) FROM course co
          WHERE co.school_id = NEW.school_id AND co.group_id = NEW.group_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER group_member_notify AFTER INSERT OR UPDATE OR DELETE ON group_member
    FOR EACH ROW EXECUTE FUNCTION ej_notify_group_member();
