-- 062_cached_clock: the clock and membership functions every write's triggers call
-- (ej_now, ej_today, ej_pupil_in) in PL/pgSQL instead of SQL.
--
-- Why (make bench, issue #9): their SQL bodies hold a subquery, so PostgreSQL cannot
-- inline them and runs each call as a fresh SQL function: parse and plan of the body on
-- the first call in every statement that uses it — about ten per mark, the largest
-- single share of PostgreSQL's CPU when 200 teachers type (perf: base_yyparse,
-- the planner).  A PL/pgSQL body is planned once per connection and its plan kept.
-- Same results, same volatility (STABLE: one value within a statement).
CREATE OR REPLACE FUNCTION ej_now() RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN now() + (SELECT clock_offset FROM sys_clock);
END $$;

CREATE OR REPLACE FUNCTION ej_today(p_school bigint) RETURNS date LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (ej_now() AT TIME ZONE (SELECT tz FROM school WHERE id = p_school))::date;
END $$;

CREATE OR REPLACE FUNCTION ej_pupil_in(p_school bigint, p_class bigint, p_group bigint, p_pupil bigint,
                                       p_day date)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_group IS NULL THEN
        RETURN EXISTS (SELECT 1 FROM enrollment e
                        WHERE e.school_id = p_school AND e.class_id = p_class
                          AND e.pupil_id = p_pupil AND e.during @> p_day);
    END IF;
    RETURN EXISTS (SELECT 1 FROM group_member g
                    WHERE g.school_id = p_school AND g.group_id = p_group
                      AND g.pupil_id = p_pupil AND g.during @> p_day);
END $$;
