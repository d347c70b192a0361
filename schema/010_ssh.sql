-- 010_ssh: what ejournald needs beyond 001 to let an administrator end a session
-- safely (5.3).  A session is ended by signalling its connection process; the
-- process is identified by host, pid AND its start time (clock ticks since boot,
-- /proc/PID/stat field 22), so that a pid reused by another process is never hit.
ALTER TABLE ssh_session
    ADD COLUMN proc_start bigint NOT NULL DEFAULT 0,
    ADD COLUMN ended_by bigint REFERENCES account,
    ADD COLUMN end_reason text NOT NULL DEFAULT ''
        CHECK (end_reason IN ('', 'closed', 'admin', 'shutdown', 'idle', 'gone'));
