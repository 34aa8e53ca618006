-- The queue, its fair-queueing lanes, leader leases, ratings, errors.
-- InnoDB only, a primary key on every table, no foreign keys: PlanetScale-compatible (research/queue.md §2.4).

CREATE TABLE IF NOT EXISTS job (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  job_key       VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  payload       TEXT NULL,
  client_key    VARBINARY(16) NOT NULL,
  priority      TINYINT UNSIGNED NOT NULL DEFAULT 100,
  vtag          BIGINT UNSIGNED NULL,
  state         TINYINT UNSIGNED NOT NULL DEFAULT 3,
  due_at        DATETIME(3) NULL,
  lease_token   BINARY(16) NULL,
  lease_owner   VARCHAR(96) NULL,
  attempts      SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  max_attempts  SMALLINT UNSIGNED NOT NULL DEFAULT 5,
  requests      INT UNSIGNED NOT NULL DEFAULT 1,
  last_error    VARCHAR(512) NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  ready_at      DATETIME(3) NULL,
  updated_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_job (kind, job_key),
  KEY ix_claim (kind, state, priority, vtag, id),
  KEY ix_due (state, due_at),
  KEY ix_owner (lease_owner, state),
  KEY ix_client (kind, client_key, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS job_lane (
  kind        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  priority    TINYINT UNSIGNED NOT NULL,
  client_key  VARBINARY(16) NOT NULL,
  last_tag    BIGINT UNSIGNED NOT NULL,
  updated_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (kind, priority, client_key),
  KEY ix_updated (updated_at)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS leader_lease (
  name         VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  owner        VARCHAR(96) NULL,
  lease_until  DATETIME(3) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS rating (
  domain        VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  rating        CHAR(1) CHARACTER SET ascii NOT NULL,
  rating_info   VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  score         TINYINT UNSIGNED NOT NULL DEFAULT 0,
  confidence    VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'low',
  reasons       TEXT NOT NULL,
  business      TEXT NULL,
  evidence      MEDIUMTEXT NULL,
  rated_at      DATETIME(3) NOT NULL,
  expires_at    DATETIME(3) NOT NULL,
  next_rate_at  DATETIME(3) NOT NULL,
  pushed_at     DATETIME(3) NULL,
  KEY ix_next_rate (next_rate_at),
  KEY ix_unpushed (pushed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS error_log (
  id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at        DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  host      VARCHAR(255) NOT NULL,
  process   VARCHAR(64) NOT NULL,
  pid       INT UNSIGNED NOT NULL,
  level     VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'error',
  code      VARCHAR(64) CHARACTER SET ascii NULL,
  message   VARCHAR(2048) NOT NULL,
  stack     TEXT NULL,
  context   TEXT NULL,
  KEY ix_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
