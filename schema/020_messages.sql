-- 020_messages: threads for the messages of clause 3.8.  A message belongs to the
-- thread of the message it replies to (thread_id = its first message's id), so a
-- thread is one indexed lookup instead of a walk up reply_to.
ALTER TABLE message ADD COLUMN thread_id bigint;
WITH RECURSIVE t AS (
    SELECT school_id, id, id AS root FROM message WHERE reply_to IS NULL
    UNION ALL
    SELECT m.school_id, m.id, t.root FROM message m
      JOIN t ON t.school_id = m.school_id AND t.id = m.reply_to
)
UPDATE message m SET thread_id = t.root FROM t WHERE t.school_id = m.school_id AND t.id = m.id;
UPDATE message SET thread_id = id WHERE thread_id IS NULL;
ALTER TABLE message ALTER COLUMN thread_id SET NOT NULL;
-- A new thread starts at its own first message (the identity is assigned before
-- BEFORE triggers run); a reply takes its parent's thread.
CREATE FUNCTION ej_message_thread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.reply_to IS NOT NULL THEN
        SELECT thread_id INTO NEW.thread_id FROM message
         WHERE school_id = NEW.school_id AND id = NEW.reply_to;
    END IF;
    NEW.thread_id := coalesce(NEW.thread_id, NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER message_thread BEFORE INSERT ON message
    FOR EACH ROW EXECUTE FUNCTION ej_message_thread();
CREATE INDEX message_thread ON message (school_id, thread_id);
CREATE INDEX message_sender ON message (sender_id, sent_at DESC);
CREATE INDEX message_recipient_account ON message_recipient (account_id, message_id);
