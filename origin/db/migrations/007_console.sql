-- The operator console (issue 17): a job's history, failures that will be retried, paused kinds, and who
-- did what from the console or `npx bonafide jobs`. Each table is bounded in steady state: job_event and
-- console_audit are pruned by age by the maintenance leaders (origin/console/store.ts pruneConsole), as
-- error_log and job_throughput are; job_pause holds at most one row per kind.

-- One row per failed attempt (retried or final) and per operator action on a job. Failures written by the
-- process that failed the job, next to its failJob/buryJob; `code` is the error's kind (a TransientRatingError's
-- code, an Error's code or name), `stack` is there when the error had one.
CREATE TABLE IF NOT EXISTS job_event (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  job_id      BIGINT UNSIGNED NOT NULL,
  kind        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  job_key     VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  event       VARCHAR(16) CHARACTER SET ascii NOT NULL,
  attempt     SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  owner       VARCHAR(96) NULL,
  code        VARCHAR(64) CHARACTER SET ascii NULL,
  message     VARCHAR(512) NULL,
  stack       TEXT NULL,
  KEY ix_job (job_id, id),
  KEY ix_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A paused kind: claims of it stop (origin/queue/claim.ts), the edge keeps enqueueing.
CREATE TABLE IF NOT EXISTS job_pause (
  kind        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  paused_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  paused_by   VARCHAR(96) NOT NULL
) ENGINE=InnoDB;

-- Every console action: who (a token's fingerprint, or the CLI's user@host), what, on what, how many jobs.
CREATE TABLE IF NOT EXISTS console_audit (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor       VARCHAR(96) NOT NULL,
  action      VARCHAR(32) CHARACTER SET ascii NOT NULL,
  target      VARCHAR(300) NOT NULL,
  affected    INT UNSIGNED NOT NULL DEFAULT 0,
  KEY ix_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
