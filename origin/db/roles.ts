/**
 * @module What each kind of database client may do: the grants of the edge and of every origin process kind.
 *
 * Least privilege (issue 11 item 4): the edge reads ratings and queues jobs through the SQL-over-HTTP
 * endpoint, so a stolen edge credential must not read evidence it never shows, change ratings, run DDL or
 * read files. Each grant below is what the role's statements need, found by running them as that user
 * (test/origin/db-roles.test.ts); DDL belongs to the migrator alone, which runs with the admin URL.
 *
 * MariaDB checks an `INSERT … ON DUPLICATE KEY UPDATE` against UPDATE on every inserted column (not just
 * the assigned ones) and SELECT on every column the assignments read; hence the edge's grants on `job`.
 * Pure data and SQL text (no connection), so the docs and `npx bonafide migrate --print-grants` show the
 * very statements the migrator runs.
 */

export type DbRole = "edge" | "rater" | "aggregator" | "status" | "cli";
export const DB_ROLES: readonly DbRole[] = ["edge", "rater", "aggregator", "status", "cli"];

type Privilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE";

/** Privileges on one table; a privilege with columns is granted on those columns only. */
export interface TableGrant {
  readonly table: string;
  readonly privileges: readonly (Privilege | { readonly privilege: Privilege; readonly columns: readonly string[] })[];
}

/**
 * The columns of `job` the edge's enqueues insert (ratings; page refreshes with their payload, issue 14), and the
 * ones their duplicate rule reads and assigns.
 */
const EDGE_JOB_INSERTED = ["kind", "job_key", "client_key", "priority", "state", "payload"];
const EDGE_JOB_ASSIGNED = ["requests", "attempts", "state", "priority"];

/** Every role may read which migrations ran: processes check the schema at start (ensureSchema). */
const SCHEMA: TableGrant = { table: "schema_migration", privileges: ["SELECT"] };
/** Recording errors and pruning old ones (the DELETE's WHERE reads `at`). */
const ERRORS: TableGrant = {
  table: "error_log",
  privileges: ["INSERT", "DELETE", { privilege: "SELECT", columns: ["at"] }],
};
/**
 * The process registry: upsert one's row, delete it at exit, prune rows silent for an hour. SELECT on the
 * whole table: the upsert's assigned columns need it, and the rows say nothing secret.
 */
const REGISTRY: TableGrant = { table: "origin_process", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] };
/** A queue worker's history rows: each failed attempt (origin/queue/lease.ts failJob, buryJob). */
const JOB_EVENTS_WRITE: TableGrant = { table: "job_event", privileges: ["INSERT"] };
/** A queue worker's claim reads whether its kind is paused (origin/queue/claim.ts). */
const PAUSE_READ: TableGrant = { table: "job_pause", privileges: ["SELECT"] };
/**
 * The console's actions (origin/console/store.ts), from the status server and `npx bonafide jobs`: retry
 * dead jobs (state, attempts, due_at, vtag), cancel jobs (DELETE), pause and resume kinds, each with its
 * history rows and its audit row. Leases, keys, payloads and lanes stay out of reach.
 */
const CONSOLE: readonly TableGrant[] = [
  {
    table: "job",
    privileges: ["SELECT", "DELETE", { privilege: "UPDATE", columns: ["state", "attempts", "due_at", "vtag"] }],
  },
  { table: "job_event", privileges: ["SELECT", "INSERT"] },
  { table: "job_pause", privileges: ["SELECT", "INSERT", "DELETE"] },
  { table: "console_audit", privileges: ["SELECT", "INSERT"] },
];

export const ROLE_GRANTS: Readonly<Record<DbRole, readonly TableGrant[]>> = {
  // edge/rate/store.ts, edge/sites/store.ts (edge/compat/* answers through edge/rate).
  edge: [
    {
      table: "rating",
      privileges: [
        {
          privilege: "SELECT",
          columns: [
            "domain",
            "rating",
            "rating_info",
            "score",
            "confidence",
            "reasons",
            "business",
            "evidence",
            "rated_at",
            "expires_at",
          ],
        },
      ],
    },
    {
      table: "job",
      privileges: [
        { privilege: "INSERT", columns: EDGE_JOB_INSERTED },
        { privilege: "UPDATE", columns: [...new Set([...EDGE_JOB_INSERTED, ...EDGE_JOB_ASSIGNED])] },
        { privilege: "SELECT", columns: EDGE_JOB_ASSIGNED },
      ],
    },
    // edge/rate/new-work.ts: the per-client budget for new domains the raters' leader publishes.
    {
      table: "rater_capacity",
      privileges: [{ privilege: "SELECT", columns: ["kind", "client_new_per_minute", "measured_at"] }],
    },
  ],
  // The queue worker (claim, tag, lease, maintenance, re-rate), ratings and their push outbox, the registry
  // and throughput (its maintenance leader prunes both), errors.
  rater: [
    SCHEMA,
    ERRORS,
    REGISTRY,
    { table: "job", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "job_lane", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "job_throughput", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "leader_lease", privileges: ["SELECT", "INSERT", "UPDATE"] },
    // Lapsed ratings are pruned and the capacity the edge budgets by is published (origin/rater/bounded-work.ts).
    { table: "rating", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "rater_capacity", privileges: ["SELECT", "INSERT", "UPDATE"] },
    // Failed attempts' history, paused kinds; its maintenance leader prunes old history and audit rows.
    { table: "job_event", privileges: ["INSERT", "DELETE", { privilege: "SELECT", columns: ["at"] }] },
    PAUSE_READ,
    { table: "console_audit", privileges: ["DELETE", { privilege: "SELECT", columns: ["at"] }] },
  ],
  // Pages need no database; the registry row (requests, and page jobs as throughput), errors, and the page
  // refresh worker (origin/aggregator/refresh/): claim, tag, lease and finish `page` jobs, and — while it
  // holds the page-maintenance lease — sweep leases, promote retries, prune idle lanes, old dead page jobs and
  // old throughput (which it now adds to, and which nothing else prunes in a deployment without raters).
  aggregator: [
    SCHEMA,
    ERRORS,
    REGISTRY,
    { table: "job_throughput", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "job", privileges: ["SELECT", "UPDATE", "DELETE"] },
    { table: "job_lane", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "leader_lease", privileges: ["SELECT", "INSERT", "UPDATE"] },
    JOB_EVENTS_WRITE,
    PAUSE_READ,
  ],
  // origin/status/read.ts reads; it records its own errors; the console's actions (CONSOLE).
  status: [
    SCHEMA,
    { table: "error_log", privileges: ["SELECT", "INSERT"] },
    ...CONSOLE,
    { table: "job_throughput", privileges: ["SELECT"] },
    { table: "origin_process", privileges: ["SELECT"] },
    { table: "rating", privileges: [{ privilege: "SELECT", columns: ["pushed_at"] }] },
  ],
  // `npx bonafide import`: enqueueJobs tags in its own transaction (job and its lanes); `npx bonafide pages
  // warm`: the shared single-statement page enqueue (shared/queue-sql.ts enqueuePagesSql).
  // `npx bonafide jobs …`: the console's reads and actions (CONSOLE), with DELETE on job for cancelling.
  cli: [
    SCHEMA,
    { table: "job", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { table: "job_lane", privileges: ["SELECT", "INSERT", "UPDATE"] },
    ...CONSOLE.filter((g) => g.table !== "job"),
  ],
};

const IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** Backquotes a schema, table or column name; only letters, digits and `_` are accepted. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${JSON.stringify(name)} must be letters, digits and _`);
  return `\`${name}\``;
}

/** `'user'@'host'`, refusing what would need escaping (names come from configuration, not clients). */
export function accountName(user: string, host: string): string {
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(user))
    throw new Error(`database user ${JSON.stringify(user)}: use [A-Za-z0-9_.-]{1,80}`);
  if (!/^[A-Za-z0-9_.%:-]{1,255}$/.test(host))
    throw new Error(`database user host ${JSON.stringify(host)} is not valid`);
  return `'${user}'@'${host}'`;
}

/** The GRANT statements that give `account` (from accountName) exactly `role`'s privileges on `database`. */
export function grantStatements(role: DbRole, database: string, account: string): string[] {
  return ROLE_GRANTS[role].map((grant) => {
    const parts = grant.privileges.map((p) =>
      typeof p === "string" ? p : `${p.privilege} (${p.columns.map(quoteIdentifier).join(", ")})`,
    );
    return `GRANT ${parts.join(", ")} ON ${quoteIdentifier(database)}.${quoteIdentifier(grant.table)} TO ${account}`;
  });
}
