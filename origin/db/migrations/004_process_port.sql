-- The port a process serves on (an aggregator's HTTP port), so the status page can say where each one
-- listens; NULL for processes that serve nothing (raters). The kind of process is the existing `role`.
-- A plain ADD COLUMN (MySQL 8 has no ADD COLUMN IF NOT EXISTS): the migrator takes "duplicate column"
-- from a concurrent migrator as already done.

ALTER TABLE origin_process ADD COLUMN port SMALLINT UNSIGNED NULL AFTER pid;
