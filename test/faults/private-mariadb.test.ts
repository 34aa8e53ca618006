/**
 * @module The fault suite's private MariaDB: its own port (never the shared 3306), committed data surviving
 * a clean stop, a SIGKILL and a restart on the same datadir, and nothing left behind by cleanup().
 */
import { existsSync } from "node:fs";
import mysql, { type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateMariaDb, startPrivateMariaDb } from "../support/private-mariadb.ts";

let server: PrivateMariaDb;

beforeAll(async () => {
  server = await startPrivateMariaDb();
}, 120_000);

afterAll(async () => {
  await server?.cleanup();
});

async function rows(): Promise<number[]> {
  const conn = await mysql.createConnection(server.target("harness"));
  try {
    const [result] = await conn.query<RowDataPacket[]>("SELECT n FROM t ORDER BY n");
    return result.map((r) => Number(r.n));
  } finally {
    await conn.end();
  }
}

async function insert(n: number): Promise<void> {
  const conn = await mysql.createConnection(server.target("harness"));
  await conn.query("INSERT INTO t (n) VALUES (?)", [n]);
  await conn.end();
}

describe("the private MariaDB", () => {
  it("keeps committed rows through stop/start, SIGKILL and restart, on its own port", async () => {
    expect(server.port).not.toBe(3306);
    const root = await mysql.createConnection(server.target());
    await root.query("CREATE DATABASE harness");
    await root.query("CREATE TABLE harness.t (n INT PRIMARY KEY) ENGINE=InnoDB");
    await root.end();
    await insert(1);

    await server.stop();
    expect(server.running()).toBe(false);
    await expect(mysql.createConnection({ ...server.target(), connectTimeout: 1_000 })).rejects.toThrow();
    await server.start();
    await insert(2);

    await server.kill();
    expect(server.running()).toBe(false);
    await server.start(); // InnoDB crash recovery: the committed row is there
    await insert(3);

    await server.restart();
    expect(await rows()).toEqual([1, 2, 3]);
  }, 120_000);

  it("deletes its directory on cleanup", async () => {
    const other = await startPrivateMariaDb();
    expect(existsSync(other.dir)).toBe(true);
    await other.cleanup();
    expect(other.running()).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
  }, 120_000);
});
