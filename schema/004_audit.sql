-- 004_audit: who changed what, when, from where — for marks, attendance, finals,
-- lessons, works, enrollments, study group membership, periods and accounts.
-- Every write transaction sets ej.account and ej.client_addr first (common/db.c);
-- a write without them is refused here.  Password hashes never reach the log.

CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY,
    school_id bigint NOT NULL,
    account_id bigint NOT NULL,          -- 0: the system (migrations, demo)
    client_addr text NOT NULL,
    at timestamptz NOT NULL DEFAULT ej_now(),
    tbl text NOT NULL,
    op text NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
    row_id text NOT NULL,
    old jsonb,
    new jsonb,
    PRIMARY KEY (school_id, id)
);
CREATE INDEX audit_row ON audit (school_id, tbl, row_id);
CREATE INDEX audit_at ON audit (school_id, at);

CREATE FUNCTION ej_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
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
    VALUES (v_school, v_account::bigint, coalesce(v_addr, ''), ej_now(), TG_TABLE_NAME, TG_OP, v_row, v_old, v_new);
    RETURN NULL;
END $$;

CREATE TRIGGER mark_audit AFTER INSERT OR UPDATE OR DELETE ON mark FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER attendance_audit AFTER INSERT OR UPDATE OR DELETE ON attendance FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER final_mark_audit AFTER INSERT OR UPDATE OR DELETE ON final_mark FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER lesson_audit AFTER INSERT OR UPDATE OR DELETE ON lesson FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER work_audit AFTER INSERT OR UPDATE OR DELETE ON work FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER enrollment_audit AFTER INSERT OR UPDATE OR DELETE ON enrollment FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER group_member_audit AFTER INSERT OR UPDATE OR DELETE ON group_member FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER period_audit AFTER INSERT OR UPDATE OR DELETE ON period FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER account_audit AFTER INSERT OR UPDATE OR DELETE ON account FOR EACH ROW EXECUTE FUNCTION ej_audit();
CREATE TRIGGER account_role_audit AFTER INSERT OR UPDATE OR DELETE ON account_role FOR EACH ROW EXECUTE FUNCTION ej_audit();

-- The application's role: neither superuser nor owner of the tables (DESIGN.md §10).
-- Created here when this migration may create roles (the embedded cluster); with an
-- external server the administrator creates it first (man/ejournald.8).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ej_app') THEN
        CREATE ROLE ej_app LOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'cannot create role ej_app: create it and grant it by hand';
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ej_app') THEN
        GRANT USAGE ON SCHEMA public TO ej_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ej_app;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit, schema_migrations FROM ej_app;
        REVOKE UPDATE, DELETE ON login_event FROM ej_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ej_app;
    END IF;
END $$;

-- The clock is pinned by the owner only (tests, demo), never by the application.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ej_app') THEN
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON sys_clock FROM ej_app;
        -- Tables of later migrations get the same rights without repeating this block.
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ej_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ej_app;
    END IF;
END $$;
