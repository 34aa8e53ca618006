import { describe, expect, it } from "vitest";
import { pageJobFor, pageJobKey } from "../../shared/page-jobs.ts";

// The edge and the origin both key pages with shared/page-jobs.ts (edge/pages/policy.ts re-exports it); the
// key's own rules are tested in pages.test.ts. Here: the job key derived from it (issue 14 contract §1).

const URLS = [
  "https://jobs.example/",
  "https://Jobs.Example:8443/vacancy/1002?lang=ru&region=spb",
  "https://jobs.example/search?region=spb&q=java&lang=en",
  "https://jobs.example/search?q=a&q=b&utm_source=mail&fbclid=x",
  "https://jobs.example/%D0%BF%D0%BE%D0%B8%D1%81%D0%BA?q=%D1%8F",
  "http://127.0.0.1:8787/employers",
  `https://jobs.example/search?q=${"x".repeat(600)}`, // past KV's 512 bytes: the edge hashes it
  `https://jobs.example/search?q=${"y".repeat(300)}`, // a KV key, too long for job_key
];

describe("the page job's cache key", () => {
  it("is the cache key itself when ASCII and at most 255 bytes, else p# + its SHA-256", async () => {
    const short = await pageJobFor(new URL(URLS[1] as string));
    expect(short.jobKey).toBe(short.key);
    const long = await pageJobFor(new URL(URLS[7] as string));
    expect(long.key.length).toBeGreaterThan(255);
    expect(long.jobKey).toMatch(/^p#[0-9a-f]{64}$/);
    expect(await pageJobKey("p:h/ü")).toMatch(/^p#[0-9a-f]{64}$/);
  });
});
