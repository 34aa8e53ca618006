/**
 * @module `pages warm` reads its file in 64 KiB chunks: a URL written in UTF-8 whose character straddles a
 * chunk boundary must be queued as written, not with U+FFFD (`%EF%BF%BD`) in place of each half — which
 * would warm a page no visitor asks for and leave the real one cold. Against MariaDB.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warmPages } from "../../origin/cli/pages-warm.ts";
import { PAGE_WARM_PRIORITY, pageJobFor } from "../../shared/page-jobs.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("pages_warm_utf8");
});
afterAll(async () => {
  await t?.drop();
});

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

describe("pages warm and UTF-8", () => {
  it("queues a URL whose multi-byte character straddles the 64 KiB read boundary exactly as written", async () => {
    const url = "https://x.example/café";
    // The comment line and the URL's start fill bytes 0..65534: "é" (2 bytes) takes bytes 65535 and 65536.
    const comment = `#${"a".repeat(65_536 - 1 - "https://x.example/caf".length - 2)}\n`;
    const text = `${comment}${url}\n`;
    expect(Buffer.byteLength(comment) + "https://x.example/caf".length).toBe(65_535);
    const file = join(tmpdir(), `warm-utf8-${process.pid}.txt`);
    writeFileSync(file, text);
    const result = await warmPages(t.db, file, PAGE_WARM_PRIORITY, { requested: false }, quiet);
    expect(result).toMatchObject({ urls: 1, queued: 1, bad: 0 });
    const [rows] = await t.db.query<RowDataPacket[]>("SELECT job_key FROM job WHERE kind = 'page'");
    expect(rows.map((r) => r.job_key)).toEqual([(await pageJobFor(new URL(url))).jobKey]);
  });
});
