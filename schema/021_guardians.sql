-- 021_guardians: parents' data is kept by the class teacher and the office (clause
-- 3.4); every change to it goes to the audit log like accounts and enrollments do.
CREATE TRIGGER guardian_audit AFTER INSERT OR UPDATE OR DELETE ON guardian
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER pupil_guardian_audit AFTER INSERT OR UPDATE OR DELETE ON pupil_guardian
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
