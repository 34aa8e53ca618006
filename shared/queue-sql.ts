/**
 * @module The enqueue statement and its duplicate rule, used by the edge (HTTP) and the origin (mysql2) alike.
 *
 * A dead job asked for again starts over; a ready job asked for more urgently goes back through the
 * tagger so it gets a tag in its new priority class. MySQL applies the assignments left to right, so
 * `state` still sees the old `priority` and `attempts` the old `state`.
 */
import { JobState } from "./queue-contract.ts";
export const ENQUEUE_ON_DUPLICATE = `ON DUPLICATE KEY UPDATE
  requests = requests + 1,
  attempts = IF(state = ${JobState.Dead}, 0, attempts),
  state = IF(state = ${JobState.Dead} OR (state = ${JobState.Ready} AND VALUES(priority) < priority), ${JobState.New}, state),
  priority = LEAST(priority, VALUES(priority))`;

/**
 * The edge's enqueue of `count` domains for rating: one autocommit statement, arguments per domain
 * `(domain, clientKeyBytes, priority)`, arriving untagged (state 3) for the tagger. Shared so that tests
 * run the edge's exact statement against MariaDB.
 */
export function enqueueRatingsSql(count: number): string {
  const values = Array.from({ length: count }, () => `('rate', ?, ?, ?, ${JobState.New})`).join(", ");
  return `INSERT INTO job (kind, job_key, client_key, priority, state) VALUES ${values} ${ENQUEUE_ON_DUPLICATE}`;
}

/**
 * The enqueue of `count` page refreshes (kind `page`, contract §1): one autocommit statement, arguments per
 * page `(jobKey, payloadJson, clientKeyBytes, priority)`, untagged (state 3) for the tagger, with the same
 * duplicate rule as ratings (a page already queued keeps its payload; its request count goes up). Used by
 * the edge's stale hits and `npx bonafide pages warm`.
 */
export function enqueuePagesSql(count: number): string {
  const values = Array.from({ length: count }, () => `('page', ?, ?, ?, ?, ${JobState.New})`).join(", ");
  return `INSERT INTO job (kind, job_key, payload, client_key, priority, state) VALUES ${values} ${ENQUEUE_ON_DUPLICATE}`;
}
