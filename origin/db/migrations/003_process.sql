-- Live origin processes (raters, aggregators, status servers): what the status page lists as "raters", and
-- where each process's counters live between heartbeats. A row whose heartbeat is old is a dead process;
-- the maintenance leader deletes those after a while. The jobs a dead process held come back through the
-- lease sweep, not through this table.

CREATE TABLE IF NOT EXISTS origin_process (
  id              VARCHAR(96) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  role            VARCHAR(32) CHARACTER SET ascii NOT NULL,
  host            VARCHAR(255) NOT NULL,
  pid             INT UNSIGNED NOT NULL,
  started_at      DATETIME(3) NOT NULL,
  heartbeat_at    DATETIME(3) NOT NULL,
  state           VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'running',
  concurrency     INT UNSIGNED NOT NULL DEFAULT 0,
  in_flight       INT UNSIGNED NOT NULL DEFAULT 0,
  claimed         BIGINT UNSIGNED NOT NULL DEFAULT 0,
  completed       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  failed          BIGINT UNSIGNED NOT NULL DEFAULT 0,
  rss_bytes       BIGINT UNSIGNED NOT NULL DEFAULT 0,
  metrics         TEXT NULL,
  KEY ix_heartbeat (heartbeat_at)
) ENGINE=InnoDB;

-- Jobs finished per minute and kind, summed from every process's heartbeat (one upsert per process per
-- report, not one per job): the "ratings per minute" chart and the completion rate.
CREATE TABLE IF NOT EXISTS job_throughput (
  kind        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  minute      DATETIME NOT NULL,
  completed   INT UNSIGNED NOT NULL DEFAULT 0,
  failed      INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, minute)
) ENGINE=InnoDB;
