/**
 * @module The local psdb endpoint, driven by the real @planetscale/database client against real MariaDB.
 */
import { type Connection, connect, DatabaseError } from "@planetscale/database";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyStatement } from "../../dev/psdb/protocol.ts";
import { type PsdbServer, startPsdbServer } from "../../dev/psdb/server.ts";
import { createTestDatabase, type TestDatabase, testServerTarget } from "../support/database.ts";
import { freePort } from "../support/ports.ts";

const USER = "psdb_tester";
const PASSWORD = "s3cret";

let t: TestDatabase;
let psdb: PsdbServer;

function client(user = USER, password = PASSWORD, server: PsdbServer = psdb): Connection {
  return connect({ url: `http://${user}:${password}@127.0.0.1:${server.port}` });
}

/** Resolves to the DatabaseError a promise rejects with (fails the test if it resolves). */
async function databaseError(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

async function rowCount(sql: string, args: unknown[] = []): Promise<number> {
  const [rows] = await t.db.query<RowDataPacket[]>(sql, args);
  return rows.length;
}

beforeAll(async () => {
  t = await createTestDatabase("psdb");
  psdb = await startPsdbServer({
    server: testServerTarget(),
    authenticate: (user, password) => (user === USER && password === PASSWORD ? t.target.database : null),
  });
  await t.db.query(
    `CREATE TABLE psdb_types (
       id INT NOT NULL PRIMARY KEY, big BIGINT, ubig BIGINT UNSIGNED, tiny TINYINT UNSIGNED, price DECIMAL(10,2),
       at DATETIME(3), day DATE, dbl DOUBLE, name VARCHAR(64), body TEXT, raw VARBINARY(16), missing INT NULL,
       doc_text TEXT, doc JSON, mood ENUM('happy','sad'), flags SET('a','b')
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
  await t.db.query(
    `CREATE TABLE psdb_kv (
       id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, k VARCHAR(64) NOT NULL UNIQUE, v VARBINARY(64), note TEXT,
       hits INT NOT NULL DEFAULT 1
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
});
afterAll(async () => {
  await psdb?.close();
  await t?.drop();
});
beforeEach(async () => {
  await t.db.query("DELETE FROM psdb_kv");
});

describe("statement classification", () => {
  it("recognises what opens and closes a pinned transaction", () => {
    expect(classifyStatement("BEGIN")).toBe("begin");
    expect(classifyStatement("  /* tx */ start transaction read only;")).toBe("begin");
    expect(classifyStatement("BEGIN NOT ATOMIC SELECT 1; END")).toBe("other");
    expect(classifyStatement("-- c\nCOMMIT WORK")).toBe("commit");
    expect(classifyStatement("COMMIT AND CHAIN")).toBe("other");
    expect(classifyStatement("rollback")).toBe("rollback");
    expect(classifyStatement("ROLLBACK TO SAVEPOINT s1")).toBe("other");
    expect(classifyStatement("SELECT 'BEGIN'")).toBe("other");
  });
});

describe("SELECT casting", () => {
  it("returns each column type the way PlanetScale's client casts it", async () => {
    await t.db.query("DELETE FROM psdb_types");
    await t.db.query(
      `INSERT INTO psdb_types VALUES (7, -9007199254740993, 18446744073709551615, 255, 12.5,
         '2024-05-06 07:08:09.123', '2024-05-06', 0.25, 'plain', ?, x'00ff275c22', NULL, ?, ?, 'sad', 'a,b')`,
      ["héllo ✓ 🎉 «utf8»", '{"a":[1,2],"b":"ü"}', '{"n":1,"s":"ü"}'],
    );
    const result = await client().execute("SELECT * FROM psdb_types WHERE id = 7");
    expect(result.types).toMatchObject({
      id: "INT32",
      big: "INT64",
      ubig: "UINT64",
      tiny: "UINT8",
      price: "DECIMAL",
      at: "DATETIME",
      day: "DATE",
      dbl: "FLOAT64",
      name: "VARCHAR",
      body: "TEXT",
      raw: "VARBINARY",
      missing: "INT32",
      doc_text: "TEXT",
      doc: "JSON",
      mood: "ENUM",
      flags: "SET",
    });
    expect(result.size).toBe(1);
    const row = result.rows[0];
    expect(row).toEqual({
      id: 7,
      big: "-9007199254740993", // INT64 stays a string: no precision loss
      ubig: "18446744073709551615",
      tiny: 255,
      price: "12.50",
      at: "2024-05-06 07:08:09.123",
      day: "2024-05-06",
      dbl: 0.25,
      name: "plain",
      body: "héllo ✓ 🎉 «utf8»",
      raw: new Uint8Array([0x00, 0xff, 0x27, 0x5c, 0x22]),
      missing: null,
      doc_text: '{"a":[1,2],"b":"ü"}', // JSON stored in TEXT is just text; callers parse it
      doc: { n: 1, s: "ü" }, // a MariaDB JSON column is typed JSON and parsed by the client
      mood: "sad",
      flags: "a,b",
    });
    expect(row?.raw).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(String(row?.doc_text))).toEqual({ a: [1, 2], b: "ü" });
  });

  it("handles expressions, NULL literals, empty results and array rows", async () => {
    const conn = client();
    const sql = "SELECT NULL AS n, 'x' AS s, '' AS empty, 2.5 AS d, NOW(3) AS now";
    const literal = await conn.execute<unknown[]>(sql, null, { as: "array" });
    expect(literal.rows[0]?.slice(0, 4)).toEqual([null, "x", "", "2.5"]);
    expect(String(literal.rows[0]?.[4])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    const empty = await conn.execute("SELECT id FROM psdb_types WHERE id = -1");
    expect(empty.rows).toEqual([]);
    expect(empty.headers).toEqual(["id"]);
    const utc = await conn.execute<{ tz: string }>("SELECT @@session.time_zone AS tz");
    expect(utc.rows[0]?.tz).toBe("+00:00");
    const iso = await conn.execute<{ iso: string }>("SELECT @@session.tx_isolation AS iso");
    expect(iso.rows[0]?.iso).toBe("READ-COMMITTED");
  });
});

describe("writes", () => {
  it("reports rowsAffected and insertId", async () => {
    const conn = client();
    const one = await conn.execute("INSERT INTO psdb_kv (k, note) VALUES (?, ?)", ["a", "first"]);
    expect(one.rowsAffected).toBe(1);
    expect(one.insertId).toMatch(/^[1-9]\d*$/);
    const three = await conn.execute("INSERT INTO psdb_kv (k) VALUES (?), (?), (?)", ["b", "c", "d"]);
    expect(three.rowsAffected).toBe(3);
    expect(BigInt(three.insertId)).toBeGreaterThan(BigInt(one.insertId));
    const updated = await conn.execute("UPDATE psdb_kv SET note = 'x' WHERE k IN (?)", [["a", "b"]]);
    expect(updated.rowsAffected).toBe(2);
    const select = await conn.execute("SELECT k FROM psdb_kv WHERE id = ?", [Number(one.insertId)]);
    expect(select.rows).toEqual([{ k: "a" }]);
  });

  it("round-trips INSERT … ON DUPLICATE KEY UPDATE with interpolated args, including bytes", async () => {
    const conn = client();
    const sql = `INSERT INTO psdb_kv (k, v, note) VALUES (?, ?, ?)
                 ON DUPLICATE KEY UPDATE v = VALUES(v), note = VALUES(note), hits = hits + 1`;
    const first = new Uint8Array([0, 1, 0x27, 0x5c, 0x22, 0x0a, 0xff]);
    const note = `it's a "quote" \\ back\nslash; ☃`;
    expect((await conn.execute(sql, ["key", first, note])).rowsAffected).toBe(1);
    const second = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
    // MySQL counts an ON DUPLICATE KEY update as two affected rows.
    expect((await conn.execute(sql, ["key", second, note])).rowsAffected).toBe(2);
    const { rows } = await conn.execute<{ v: Uint8Array; note: string; hits: number }>(
      "SELECT v, note, hits FROM psdb_kv WHERE k = :k",
      { k: "key" },
    );
    expect(rows).toEqual([{ v: second, note, hits: 2 }]);
  });
});

describe("errors", () => {
  it("surfaces SQL errors as DatabaseError with errno and sqlstate, keeping the server healthy", async () => {
    const conn = client();
    const missing = await databaseError(conn.execute("SELECT * FROM no_such_table"));
    expect(missing.message).toContain("(errno 1146) (sqlstate 42S02)");
    expect(missing.body.code).toBe("NOT_FOUND");
    expect(missing.status).toBe(400); // how database-js reports an error carried in a 200 response

    await conn.execute("INSERT INTO psdb_kv (k) VALUES ('dup')");
    const dup = await databaseError(conn.execute("INSERT INTO psdb_kv (k) VALUES ('dup')"));
    expect(dup.message).toContain("(errno 1062) (sqlstate 23000)");
    expect(dup.body.code).toBe("ALREADY_EXISTS");

    const syntax = await databaseError(conn.execute("SELEC 1"));
    expect(syntax.message).toMatch(/\(errno 1064\) \(sqlstate 42000\)/);
    expect(syntax.body.code).toBe("INVALID_ARGUMENT");

    expect((await conn.execute("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("rejects bad credentials", async () => {
    const wrong = await databaseError(client(USER, "wrong").execute("SELECT 1"));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("UNAUTHENTICATED");
    await databaseError(client("nobody", PASSWORD).execute("SELECT 1"));
  });

  it("answers garbage HTTP with 4xx JSON errors", async () => {
    const auth = `Basic ${btoa(`${USER}:${PASSWORD}`)}`;
    const execute = `${psdb.url}/psdb.v1alpha1.Database/Execute`;
    const cases: [string, RequestInit, number][] = [
      [execute, { method: "POST", headers: { authorization: auth }, body: "{not json" }, 400],
      [execute, { method: "POST", headers: { authorization: auth }, body: "" }, 400],
      [execute, { method: "POST", headers: { authorization: auth }, body: "[1,2]" }, 400],
      [execute, { method: "POST", headers: { authorization: auth }, body: '{"query": 42}' }, 400],
      [execute, { method: "POST", headers: { authorization: auth }, body: '{"session": null}' }, 400],
      [execute, { method: "POST", body: '{"query": "SELECT 1"}' }, 401],
      [execute, { method: "POST", headers: { authorization: "Basic !!!" }, body: "{}" }, 401],
      [execute, { method: "GET", headers: { authorization: auth } }, 405],
      [`${psdb.url}/nope`, { method: "POST", headers: { authorization: auth }, body: "{}" }, 404],
    ];
    for (const [url, init, status] of cases) {
      const response = await fetch(url, init);
      expect({ url, body: init.body, status: response.status }).toEqual({ url, body: init.body, status });
      expect(response.headers.get("content-type")).toBe("application/json");
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof body.error?.code).toBe("string");
      expect(String(body.error?.message)).not.toMatch(/\n\s+at /); // no stack traces
    }
    // A garbage session is ignored rather than trusted.
    const ok = await fetch(execute, {
      method: "POST",
      headers: { authorization: auth },
      body: JSON.stringify({ query: "SELECT 1 AS one", session: { signature: 5, vitessSession: "x" } }),
    });
    expect(ok.status).toBe(200);
  });

  it("creates sessions for connection.refresh()", async () => {
    const conn = client();
    await conn.refresh();
    expect((await conn.execute("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
  });
});

describe("transactions", () => {
  it("commits conn.transaction() on one pinned connection", async () => {
    const conn = client();
    const ids = await conn.transaction(async (tx) => {
      const a = await tx.execute<{ id: string }>("SELECT CONNECTION_ID() AS id");
      await tx.execute("INSERT INTO psdb_kv (k) VALUES (?)", ["tx1"]);
      // Uncommitted: invisible to others (READ COMMITTED), visible inside.
      expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k = 'tx1'")).toBe(0);
      expect((await tx.execute("SELECT k FROM psdb_kv WHERE k = 'tx1'")).size).toBe(1);
      const b = await tx.execute<{ id: string }>("SELECT CONNECTION_ID() AS id");
      return [a.rows[0]?.id, b.rows[0]?.id];
    });
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
    expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k = 'tx1'")).toBe(1);
  });

  it("rolls back a transaction whose callback throws", async () => {
    const boom = new Error("boom");
    await expect(
      client().transaction(async (tx) => {
        await tx.execute("INSERT INTO psdb_kv (k) VALUES (?)", ["tx2"]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k = 'tx2'")).toBe(0);
  });

  it("gives concurrent transactions their own connections", async () => {
    let arrive: () => void = () => undefined;
    const bothInside = new Promise<void>((resolve) => {
      let count = 0;
      arrive = () => {
        if (++count === 2) resolve();
      };
    });
    const run = (key: string) =>
      client().transaction(async (tx) => {
        await tx.execute("INSERT INTO psdb_kv (k) VALUES (?)", [key]);
        arrive();
        await bothInside; // both transactions are open at the same time here
        const seen = await tx.execute<{ k: string }>("SELECT k FROM psdb_kv ORDER BY k");
        const id = await tx.execute<{ id: string }>("SELECT CONNECTION_ID() AS id");
        return { id: id.rows[0]?.id, seen: seen.rows.map((r) => r.k) };
      });
    const [a, b] = await Promise.all([run("conc-a"), run("conc-b")]);
    expect(a.id).not.toBe(b.id);
    expect(a.seen).toEqual(["conc-a"]); // the other's uncommitted row is invisible
    expect(b.seen).toEqual(["conc-b"]);
    expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k LIKE 'conc-%'")).toBe(2);
  });

  it("ends a transaction chosen as deadlock victim, so later statements fail instead of autocommitting", async () => {
    await t.db.query("INSERT INTO psdb_kv (k) VALUES ('r1'), ('r2')");
    const [a, b] = [client(), client()];
    await a.execute("BEGIN");
    await b.execute("START TRANSACTION");
    await a.execute("UPDATE psdb_kv SET hits = hits + 1 WHERE k = 'r1'");
    await b.execute("UPDATE psdb_kv SET hits = hits + 1 WHERE k = 'r2'");
    const aCrosses = a.execute("UPDATE psdb_kv SET hits = hits + 1 WHERE k = 'r2'"); // waits for b's lock
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bCrosses = b.execute("UPDATE psdb_kv SET hits = hits + 1 WHERE k = 'r1'"); // closes the cycle
    const settled = await Promise.allSettled([aCrosses, bCrosses]);
    const victimIndex = settled.findIndex((s) => s.status === "rejected");
    expect(settled.filter((s) => s.status === "rejected")).toHaveLength(1);
    const [victim, winner] = victimIndex === 0 ? [a, b] : [b, a];
    const rejected = settled[victimIndex];
    const deadlock = rejected?.status === "rejected" ? (rejected.reason as DatabaseError) : undefined;
    expect(deadlock).toBeInstanceOf(DatabaseError);
    expect(deadlock?.message).toContain("(errno 1213)");
    expect(deadlock?.body.code).toBe("ABORTED");
    const after = await databaseError(victim.execute("UPDATE psdb_kv SET note = 'lost' WHERE k = 'r1'"));
    expect(after.body.code).toBe("ABORTED");
    await victim.execute("ROLLBACK");
    await winner.execute("/* done */ COMMIT");
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT k, hits, note FROM psdb_kv ORDER BY k");
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { k: "r1", hits: 2, note: null },
      { k: "r2", hits: 2, note: null },
    ]);
  });

  it("rolls back a transaction left idle longer than idleTransactionMs", async () => {
    const quick = await startPsdbServer({
      server: testServerTarget(),
      authenticate: () => t.target.database,
      idleTransactionMs: 150,
    });
    try {
      const conn = client(USER, PASSWORD, quick);
      await conn.execute("BEGIN");
      await conn.execute("INSERT INTO psdb_kv (k) VALUES ('idle')");
      await new Promise((resolve) => setTimeout(resolve, 600));
      const aborted = await databaseError(conn.execute("INSERT INTO psdb_kv (k) VALUES ('after')"));
      expect(aborted.body.code).toBe("ABORTED");
      expect(aborted.message).toContain("idle timeout");
      expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k IN ('idle', 'after')")).toBe(0);
      await conn.execute("ROLLBACK"); // what transaction() does in its catch: must not throw
      expect((await conn.execute("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      // A busy transaction is not idle: statements keep it alive past the limit.
      await conn.transaction(async (tx) => {
        for (let i = 0; i < 4; i++) {
          await tx.execute("SELECT SLEEP(0.1)");
        }
        await tx.execute("INSERT INTO psdb_kv (k) VALUES ('kept')");
      });
      expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k = 'kept'")).toBe(1);
    } finally {
      await quick.close();
    }
  });
});

describe("availability", () => {
  it("fails fast when MariaDB cannot be reached", async () => {
    const down = await startPsdbServer({
      server: { ...testServerTarget(), port: await freePort() },
      authenticate: () => "whatever",
    });
    try {
      const started = Date.now();
      const error = await databaseError(client(USER, PASSWORD, down).execute("SELECT 1"));
      expect(error.body.code).toBe("UNAVAILABLE");
      expect(error.message).toContain("(errno 2003)");
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await down.close();
    }
  });

  it("closes promptly with keep-alive sockets and open transactions", async () => {
    const temp = await startPsdbServer({ server: testServerTarget(), authenticate: () => t.target.database });
    const conn = client(USER, PASSWORD, temp);
    await conn.execute("BEGIN");
    await conn.execute("INSERT INTO psdb_kv (k) VALUES ('closing')");
    const started = Date.now();
    await temp.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await rowCount("SELECT 1 FROM psdb_kv WHERE k = 'closing'")).toBe(0);
    await expect(conn.execute("SELECT 1")).rejects.toThrow();
  });
});
