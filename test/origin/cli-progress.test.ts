/**
 * @module The CLI's progress (origin/cli/progress.ts): a bar drawn by cli-progress on a terminal, plain
 * lines every 10 % elsewhere, a line per update when the total is unknown.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../origin/cli/progress.ts";

/** A stream that says it is (or is not) a terminal, and keeps what was written. */
function stream(tty: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let written = "";
  s.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  Object.assign(s, { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { out: s as unknown as NodeJS.WriteStream, text: () => written };
}

const line = (label: string, percent: number | null) =>
  percent === null ? `progress: ${label}` : `progress: ${label} (${percent}%)`;

describe("CLI progress", () => {
  it("writes a plain line every 10 % when not on a terminal", async () => {
    const { out, text } = stream(false);
    const p = createProgress(1000, out, line);
    for (let done = 0; done <= 1000; done += 7) p.update(done, `${done}/1000`);
    p.update(1000, "1000/1000");
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("progress: 0/1000 (0%)");
    expect(lines.at(-1)).toBe("progress: 1000/1000 (100%)");
    expect(text()).not.toContain("\r");
  });

  it("writes every update when the total is unknown", async () => {
    const { out, text } = stream(false);
    const p = createProgress(null, out, line);
    p.update(10, "3 URLs");
    p.update(20, "6 URLs");
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe("progress: 3 URLs\nprogress: 6 URLs\n");
  });

  it("draws a bar on a terminal and ends its line", async () => {
    const { out, text } = stream(true);
    const p = createProgress(200, out, line);
    p.update(100, "100/200");
    p.update(200, "200/200");
    p.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toMatch(/\] 100% 200\/200 \| ETA/);
    expect(text()).not.toContain("progress:");
    expect(text().endsWith("\n")).toBe(true);
  });
});
