/**
 * @module The enqueue statement's duplicate rule, used by the edge (HTTP) and the origin (mysql2) alike.
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
