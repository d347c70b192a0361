-- 050_pupils: pupils' personal data is changed by the secretary (clause 3.3,
-- issue #5); who added or changed a pupil, when and from where goes to the audit
-- log like enrollments do (004_audit).  The demo loads with user triggers off.
CREATE TRIGGER pupil_audit AFTER INSERT OR UPDATE OR DELETE ON pupil
    FOR EACH ROW EXECUTE FUNCTION ej_audit();
