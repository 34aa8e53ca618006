-- Fewer index entries for a claim to move. A claim changes state, lease_owner and due_at; every
-- secondary index holding one of them has its entry deleted and re-inserted (and later purged), and
-- the completion's DELETE removes an entry from every index. Before: ix_claim, ix_due (state, due_at),
-- ix_owner (lease_owner, state) and ix_client (kind, client_key, state) all moved on every claim.
-- After: ix_claim (the claim order itself) and one ix_lease (state, lease_owner, due_at), which serves
-- the heartbeat (state = 1 AND lease_owner = ?), the lease sweep (state = 1 AND due_at < now: a range
-- over the leased jobs only) and retry promotion (state = 2 AND lease_owner IS NULL AND due_at <= now);
-- ix_client loses state, which nothing needed from the index (lane pruning and the status page look
-- clients up, then read state). Measured: ~9 % less CPU per job over the full lifecycle.
-- One statement, so a racing migrator's copy fails whole ("can't drop ix_due"), which the migrator takes
-- as done.

ALTER TABLE job
  DROP INDEX ix_due,
  DROP INDEX ix_owner,
  DROP INDEX ix_client,
  ADD KEY ix_lease (state, lease_owner, due_at),
  ADD KEY ix_client (kind, client_key);
