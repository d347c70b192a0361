-- 063_generic_plans: the triggers on the journal's write path plan their statements
-- once per connection, and cheaply.
--
-- Why (make bench, issue #9): PostgreSQL plans a PL/pgSQL statement with its values
-- ("custom plans") for its first five runs in a connection and only then settles on the
-- plan it keeps.  ej_mark_rules' lookups join up to six tables; planning them is ~2 ms,
-- so a teacher's first three marks in a session cost 13, 5 and 4 ms of the server's CPU
-- (a mark fires the rules twice when it replaces a value), every later one 0.7 ms.  When
-- 200 teachers start typing together, those first marks saturate the two cores for
-- seconds.  The plans these statements settle on are the same for every value (lookups
-- by primary key, school first), so they are made once: the second mark of a session
-- costs what the hundredth does.  And their joins are planned in the order they are
-- written: each starts from the row being written and follows keys (work → lesson →
-- course → class → school), so the planner's search of join orders (2.5 ms for the six
-- tables of ej_mark_rules, 0.3 ms without it) finds nothing better.  The settings hold
-- while the trigger runs, for the functions it calls too (ej_check_unlocked, ej_pupil_in,
-- ej_today, ej_notify).
ALTER FUNCTION ej_mark_rules() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_attendance_rules() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_final_rules() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_work_rules() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_lesson_rules() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_notify_change() SET plan_cache_mode = force_generic_plan SET join_collapse_limit = 1;
ALTER FUNCTION ej_audit() SET plan_cache_mode = force_generic_plan;
