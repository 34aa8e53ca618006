import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatcher } from "../../extension/src/lib/batcher.ts";
import { EdgeError, fetchRatings } from "../../extension/src/lib/edge-client.ts";
import { buildExtension } from "../../scripts/build-extension.ts";

// The extension's background pieces against real things: the batcher with a real sender, the edge client
// against an HTTP server on loopback, and the build producing a loadable folder and a zip.

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base = "";
const seen: Seen[] = [];
let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: "" };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const item = (domain: string, rating = "A") => ({
  domain,
  status: rating === "W" ? 202 : 200,
  rating,
  ratingInfo: "",
  reasons: [],
  expiresAt: rating === "W" ? null : "2099-01-01T00:00:00.000Z",
  retryAfter: rating === "W" ? 5 : null,
});

describe("the edge client", () => {
  it("POSTs only the domains, as JSON, with no cookie or referrer, and reads the items", async () => {
    seen.length = 0;
    answer = { status: 200, body: JSON.stringify({ items: [item("a.com"), item("b.de", "W")] }) };
    const got = await fetchRatings(fetch, base, ["a.com", "b.de"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", path: "/api/v1/rate" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ domains: ["a.com", "b.de"] });
    expect(seen[0]?.headers.cookie).toBeUndefined();
    expect(seen[0]?.headers.referer).toBeUndefined();
    expect([...got.keys()]).toEqual(["a.com", "b.de"]);
    expect(got.get("b.de")).toMatchObject({ rating: "W", retryAfter: 5 });
  });

  it("reads a whole-answer 503 (items to ask again), and turns other statuses into coded errors", async () => {
    answer = { status: 503, body: JSON.stringify({ items: [{ ...item("a.com", "W"), status: 503 }] }) };
    expect((await fetchRatings(fetch, base, ["a.com"])).get("a.com")?.status).toBe(503);
    for (const [status, code] of [
      [403, "HTTP_403"],
      [410, "HTTP_410"],
      [429, "HTTP_429"],
    ] as const) {
      answer = { status, body: "{}" };
      await expect(fetchRatings(fetch, base, ["a.com"])).rejects.toMatchObject({ code });
    }
    // Overload is worth retrying, after the edge's Retry-After; a refused key is not.
    answer = { status: 429, body: "{}", headers: { "retry-after": "7" } };
    await expect(fetchRatings(fetch, base, ["a.com"])).rejects.toMatchObject({ transient: true, retryAfter: 7 });
    answer = { status: 403, body: "{}" };
    await expect(fetchRatings(fetch, base, ["a.com"])).rejects.toMatchObject({ transient: false });
    answer = { status: 200, body: "<html>" };
    await expect(fetchRatings(fetch, base, ["a.com"])).rejects.toMatchObject({ code: "BAD_ANSWER" });
    await expect(fetchRatings(fetch, "http://127.0.0.1:9", ["a.com"])).rejects.toBeInstanceOf(EdgeError);
  });
});

describe("the batcher", () => {
  it("sends the asks of many tabs together, deduplicated, at most 50 per request", async () => {
    const sent: string[][] = [];
    const batcher = createBatcher<string>(async (domains) => {
      sent.push(domains);
      return new Map(domains.map((d) => [d, `rating of ${d}`]));
    }, 20);
    const tabA = Array.from({ length: 30 }, (_, i) => `d${i}.com`);
    const tabB = Array.from({ length: 30 }, (_, i) => `d${i + 20}.com`); // 10 shared with tab A
    const [a, b] = await Promise.all([batcher.request(tabA), batcher.request(tabB)]);
    expect(sent.map((s) => s.length)).toEqual([50]);
    expect(new Set(sent.flat()).size).toBe(50);
    expect(a.get("d0.com")).toBe("rating of d0.com");
    expect(b.get("d49.com")).toBe("rating of d49.com");
    expect(b.size).toBe(30);
  });

  it("gives the error of a failed request to exactly the domains it carried", async () => {
    const batcher = createBatcher<string>(
      async (domains) => {
        if (domains.includes("bad0.com")) throw new Error("edge down");
        return new Map(domains.map((d) => [d, "ok"]));
      },
      5,
      2,
    );
    const got = await batcher.request(["bad0.com", "bad1.com", "good.com"]);
    expect(got.get("bad0.com")).toBeInstanceOf(Error);
    expect(got.get("bad1.com")).toBeInstanceOf(Error);
    expect(got.get("good.com")).toBe("ok");
    expect((await batcher.request([])).size).toBe(0);
  });
});

describe("npm run build:extension", () => {
  it("builds one folder for Chrome and Firefox and a zip with the same files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bonafide-ext-build-"));
    try {
      const { folder, zip } = await buildExtension(dir);
      const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
      expect(manifest.manifest_version).toBe(3);
      // Chrome runs the service worker, Firefox the event page; each ignores the other key.
      expect(manifest.background).toEqual({ service_worker: "background.js", scripts: ["background.js"] });
      expect(manifest.permissions).toEqual(["storage"]);
      expect(manifest.incognito).toBe("not_allowed");
      expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
      const files = Object.keys(unzipSync(readFileSync(zip))).sort();
      expect(files).toEqual(
        [
          "background.js",
          "content.js",
          "icons/icon-128.png",
          "icons/icon-16.png",
          "icons/icon-32.png",
          "icons/icon-48.png",
          "manifest.json",
          "options.html",
          "options.js",
          "pages.css",
          "popup.html",
          "popup.js",
        ].sort(),
      );
      // Every icon the manifest names is a PNG of its size.
      for (const [size, path] of Object.entries(manifest.icons as Record<string, string>)) {
        const png = readFileSync(join(folder, path));
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(png.readUInt32BE(16)).toBe(Number(size));
      }
      // Bundled classic scripts: no import statements left for the browser to resolve.
      expect(readFileSync(join(folder, "content.js"), "utf8")).not.toMatch(/^import /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
