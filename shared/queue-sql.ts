/**
 * @module The enqueue statement and its duplicate rule, used by the edge (HTTP) and the origin (mysql2) alike.
 *
 * A dead job asked for again starts over; a ready job asked for more urgently goes back through the
 * tagger so it gets a tag in its new priority class. MySQL applies the assignments left to right, so
 * `state` still sees the old `priority` and `attempts` the old `state`.
 */
export const ENQUEUE_ON_DUPLICATE = `ON DUPLICATE KEY UPDATE
  requests = requests + 1,
  attempts = IF(state = 9, 0, attempts),
  state = IF(state = 9 OR (state = 0 AND VALUES(priority) < priority), 3, state),
  priority = LEAST(priority, VALUES(priority))`;

/**
 * The edge's enqueue of `count` domains for rating: one autocommit statement, arguments per domain
 * `(domain, clientKeyBytes, priority)`, arriving untagged (state 3) for the tagger. Shared so that tests
 * run the edge's exact statement against MariaDB.
 */
export function enqueueRatingsSql(count: number): string {
  const values = Array.from({ length: count }, () => "('rate', ?, ?, ?, 3)").join(", ");
  return `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ${values} ${ENQUEUE_ON_DUPLICATE}`;
}

/**
 * The edge's enqueue of `count` page refreshes (issue 14, contract §1): one autocommit statement with the
 * same duplicate rule as ratings, arguments per page `(jobKey, clientKeyBytes, priority, payloadJson)`,
 * arriving untagged. The unique `(kind, job_key)` de-duplicates refreshes across isolates.
 */
export function enqueuePagesSql(count: number): string {
  const values = Array.from({ length: count }, () => "('page', ?, ?, ?, 3, ?)").join(", ");
  return `INSERT INTO job (kind, job_key, client_key, priority, state, payload) VALUES ${values} ${ENQUEUE_ON_DUPLICATE}`;
}
