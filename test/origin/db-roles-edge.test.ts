/**
 * @module The edge's database credential through the real SQL-over-HTTP endpoint of the test setup, with
 * @planetscale/database as the Worker uses it: its own statements work, everything else is refused by
 * MariaDB (issue 11 item 4: the endpoint used to run the edge's statements as root).
 */
import { Client, DatabaseError } from "@planetscale/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRatingStore } from "../../edge/rate/store.ts";
import { createSiteStore } from "../../edge/sites/store.ts";

const DB_NAME = `bft_edge_roles_${Math.random().toString(36).slice(2, 10)}`;
const ENDPOINT = `127.0.0.1:${process.env.BONAFIDE_TEST_PSDB_PORT}`;
/** What the edge is configured with: its least-privilege user (test/support/global-setup.ts). */
const EDGE_URL = `http://${DB_NAME}:test@${ENDPOINT}`;
const edge = new Client({ url: EDGE_URL });
/** The test's own seeding, as the server's admin. */
const setup = new Client({ url: `http://${DB_NAME}:setup@${ENDPOINT}` });

/** Runs `sql` as the edge and returns MariaDB's refusal (the test fails if it was allowed). */
async function refusal(sql: string): Promise<string> {
  const error = await edge.execute(sql).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `the edge's user could run: ${sql}`).toBeInstanceOf(DatabaseError);
  return (error as DatabaseError).message;
}

beforeAll(async () => {
  await setup.execute(
    `INSERT INTO rating (domain, rating, rating_info, score, confidence, reasons, business, evidence,
                         rated_at, expires_at, next_rate_at)
     VALUES ('known-shop.de', 'Q', 'unverified', 80, 'high', '[]', NULL, '{"pages":[]}',
             NOW(3), NOW(3) + INTERVAL 10 DAY, NOW(3) + INTERVAL 10 DAY)`,
  );
});

afterAll(async () => {
  // The setup's teardown drops the database and its users; nothing to do per file.
});

describe("the edge's database user", () => {
  it("runs the edge's own statements: read ratings and evidence, queue and re-queue jobs", async () => {
    const ratings = createRatingStore(EDGE_URL);
    expect((await ratings.readRatings(["known-shop.de", "unknown.de"])).get("known-shop.de")?.rating).toBe("Q");
    await ratings.enqueue(["unknown.de"], "c0a80001", 10);
    await ratings.enqueue(["unknown.de"], "c0a80001", 5); // the duplicate rule: counted, more urgent
    const sites = createSiteStore(EDGE_URL);
    expect((await sites.readSite("known-shop.de"))?.evidence).toEqual({ pages: [] });
    await sites.requestRerate("known-shop.de", "c0a80001");
    const jobs = await setup.execute("SELECT job_key, requests, priority FROM job ORDER BY job_key");
    expect(jobs.rows).toEqual([
      { job_key: "known-shop.de", requests: 1, priority: 120 },
      { job_key: "unknown.de", requests: 2, priority: 5 },
    ]);
  });

  it("shows only its own grants: no global privilege, SELECT on rating, the enqueue on job, the budget", async () => {
    const grants = (await edge.execute("SHOW GRANTS")).rows.map((r) => String(Object.values(r)[0]));
    expect(grants).toHaveLength(4);
    expect(grants[0]).toMatch(/^GRANT USAGE ON \*\.\* TO /);
    expect(grants.slice(1).join("\n")).not.toMatch(/ALL PRIVILEGES|DELETE|CREATE|DROP|FILE|GRANT OPTION/);
    expect(
      grants
        .slice(1)
        .every((g) => ["rating", "job", "rater_capacity"].some((t) => g.includes(`ON \`${DB_NAME}\`.\`${t}\``))),
    ).toBe(true);
  });

  it("cannot read files on the database server", async () => {
    // Without the FILE privilege MariaDB answers NULL rather than an error; root got the file's text.
    const result = await edge.execute("SELECT load_file('/etc/hostname') AS f, load_file('/etc/passwd') AS p");
    expect(result.rows).toEqual([{ f: null, p: null }]);
  });

  it("cannot create, alter or drop tables", async () => {
    expect(await refusal("CREATE TABLE pwned (id INT PRIMARY KEY)")).toMatch(/CREATE command denied/);
    expect(await refusal("DROP TABLE job")).toMatch(/DROP command denied/);
    expect(await refusal("ALTER TABLE rating ADD COLUMN x INT")).toMatch(/ALTER command denied/);
    expect(await refusal("CREATE DATABASE pwned")).toMatch(/denied/);
  });

  it("cannot change or delete ratings, nor delete or rewrite jobs", async () => {
    expect(await refusal("UPDATE rating SET rating = 'A' WHERE domain = 'known-shop.de'")).toMatch(
      /UPDATE command denied/,
    );
    expect(await refusal("DELETE FROM rating")).toMatch(/DELETE command denied/);
    expect(
      await refusal(
        "INSERT INTO rating (domain, rating, reasons, rated_at, expires_at, next_rate_at) VALUES ('x.de', 'A', '[]', NOW(), NOW(), NOW())",
      ),
    ).toMatch(/INSERT command denied/);
    expect(await refusal("DELETE FROM job")).toMatch(/DELETE command denied/);
    expect(await refusal("UPDATE job SET lease_owner = 'me'")).toMatch(/denied/);
    const rows = await setup.execute("SELECT rating FROM rating WHERE domain = 'known-shop.de'");
    expect(rows.rows).toEqual([{ rating: "Q" }]);
  });

  it("cannot read what it does not need: other tables, and job or rating columns it never selects", async () => {
    for (const table of [
      "error_log",
      "origin_process",
      "job_lane",
      "leader_lease",
      "schema_migration",
      "job_throughput",
    ])
      expect(await refusal(`SELECT * FROM ${table}`)).toMatch(/SELECT command denied/);
    expect(await refusal("SELECT lease_token, payload FROM job")).toMatch(/SELECT command denied/);
    expect(await refusal("SELECT next_rate_at, pushed_at FROM rating")).toMatch(/SELECT command denied/);
    expect(await refusal("SELECT user, password FROM mysql.user")).toMatch(/denied/);
  });
});
