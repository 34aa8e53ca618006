-- Bounded work (issue 12 item 4): re-rate a domain only while people ask for it, and let the edge size the
-- new work it accepts per client by what the raters can rate.
--
-- rating.asked_at: the last time an ask for the domain reached the database, written with the rating a
-- client's job produced (origin/rater/rating-store.ts), never on a KV hit. The maintenance leader re-rates
-- at expiry only ratings asked since they were made and within RATER_ASK_WINDOW_DAYS; the rest lapse and
-- are pruned a window after they expire (origin/rater/prune.ts).
-- A plain ADD COLUMN: a concurrent migrator's "duplicate column" counts as done (origin/db/migrate.ts).

ALTER TABLE rating ADD COLUMN asked_at DATETIME(3) NULL AFTER next_rate_at;

-- What the raters can rate, as the maintenance leader last measured it (origin/rater/capacity.ts), and the
-- new domains per minute one client may queue through one edge isolate. One row per job kind; the edge
-- reads it (at most once a minute per isolate) before it queues new domains.
CREATE TABLE IF NOT EXISTS rater_capacity (
  kind                  VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  per_minute            INT UNSIGNED NOT NULL,
  client_new_per_minute INT UNSIGNED NOT NULL,
  measured_at           DATETIME(3) NOT NULL
) ENGINE=InnoDB;
