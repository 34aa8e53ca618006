/** @module Heavy pages are parsed in a worker thread and come back the same as an inline parse. */
import { afterAll, describe, expect, it } from "vitest";
import { parseHtml } from "../../origin/rater/html.ts";
import { createParsePool } from "../../origin/rater/parse-pool.ts";

const pool = createParsePool({ size: 2, heavyChars: 50_000 });
afterAll(() => pool.close());

const label =
  "<footer><p>Muster GmbH<br>Industriestraße 12<br>42103 Wuppertal</p><a href='/impressum'>Impressum</a></footer>";
const heavy = `<html lang="de"><body>${"<p>Produktbeschreibung mit vielen Worten. </p>".repeat(3000)}${label}</body></html>`;

describe("the parse pool", () => {
  it("parses a heavy page in a worker, with the same result as inline", async () => {
    const [a, b] = await Promise.all([
      pool.parse(heavy, "https://muster.de/"),
      pool.parse(heavy, "https://muster.de/x"),
    ]);
    expect(pool.stats().offloaded).toBe(2);
    expect(a).toEqual(parseHtml(heavy, "https://muster.de/"));
    expect(b.links).toEqual([{ href: "https://muster.de/impressum", text: "Impressum" }]);
    expect(a.lines).toContain("42103 Wuppertal");
  });

  it("parses a small page inline", async () => {
    const page = await pool.parse(label, "https://muster.de/");
    expect(pool.stats().inline).toBe(1);
    expect(page.lines).toContain("Industriestraße 12");
  });
});
