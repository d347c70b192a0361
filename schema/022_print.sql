-- 022_print: the character set of the printer attached to a user's own terminal
-- (ANSI passthrough printing, DESIGN.md §6): chosen once in the print dialog and
-- remembered, since old dot-matrix printers speak CP866 or CP1251, not UTF-8.
ALTER TABLE account ADD COLUMN print_charset text NOT NULL DEFAULT 'utf8'
    CHECK (print_charset IN ('utf8', 'cp866', 'cp1251'));
