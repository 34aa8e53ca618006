/**
 * @module The origin's one error model (origin/errors/model.ts): every error class of the origin extends
 * OriginError and keeps its name, code and instanceof checks; the status server's and the console's codes
 * answer with their table status; and no module of the origin writes an error answer by hand.
 */
import { describe, expect, it } from "vitest";
import { TokenUsageError } from "../../origin/cli/admin-token.ts";
import { UsageError } from "../../origin/cli/args.ts";
import { ConsoleError } from "../../origin/console/store.ts";
import {
  OriginError,
  STATUS_ERRORS,
  StatusError,
  type StatusErrorCode,
  statusErrorAnswer,
} from "../../origin/errors/model.ts";
import { FetchError } from "../../origin/rater/fetch/errors.ts";
import { SourceError } from "../../origin/rater/sources/feed.ts";
import { errorClasses, sourcesUnder } from "../support/error-classes.ts";

// The origin and the demonstration applications built on it (demo/); dev/ (the local SQL-over-HTTP endpoint,
// the installers) speaks other programs' protocols and is not held to the origin's model.
const files = sourcesUnder(["origin", "demo"]);
const classes = errorClasses(files);

describe("the origin's error classes", () => {
  it("reads the origin's modules and finds its error classes", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(classes.map((c) => c.name)).toEqual(expect.arrayContaining(["OriginError", "FetchError", "UsageError"]));
  });

  it.each(classes.map((c) => [`${c.path} ${c.name}`, c]))("%s is an OriginError", (_, c) => {
    if (c.name === "OriginError") return;
    expect(c.chain).toContain("OriginError");
  });

  it("keeps each class's name, code and instanceof checks", () => {
    const token = new TokenUsageError("--token-file x is not a file");
    expect(token).toBeInstanceOf(UsageError);
    expect(token).toBeInstanceOf(OriginError);
    expect(token).toMatchObject({ name: "TokenUsageError", code: "USAGE", message: "--token-file x is not a file" });
    expect(new UsageError("x")).toMatchObject({ name: "UsageError", code: "USAGE" });
    const fetch = new FetchError("FETCH_REFUSED", "refused", { cause: new Error("ECONNREFUSED") });
    expect(fetch).toMatchObject({ name: "FetchError", code: "FETCH_REFUSED", permanent: true });
    expect((fetch.cause as Error).message).toBe("ECONNREFUSED");
    expect(new SourceError("cannot read x")).toMatchObject({ name: "SourceError", code: "SOURCE_UNAVAILABLE" });
    const consoleError = new ConsoleError("JOB_LEASED", "job 7 is running");
    expect(consoleError).toBeInstanceOf(StatusError);
    expect(consoleError).toMatchObject({ name: "ConsoleError", code: "JOB_LEASED", status: 409 });
  });
});

describe("the status server's error table", () => {
  it.each(Object.keys(STATUS_ERRORS) as StatusErrorCode[])("%s answers with its table status", (code) => {
    const answer = statusErrorAnswer(new StatusError(code, "what happened"));
    expect(answer.status).toBe(STATUS_ERRORS[code]);
    expect(JSON.parse(answer.body)).toEqual({ error: { code, message: "what happened" } });
  });
});

describe("no error answer built by hand", () => {
  // The table itself writes the error JSON; nothing else writes it or a status beside an error code.
  const builders = files.filter(([path]) => path !== "origin/errors/model.ts");
  it.each(builders.map(([path, text]) => [path, text]))("%s", (_, text) => {
    expect(text).not.toMatch(/error:\s*\{\s*(\.\.\.[\w.]+,\s*)?code/);
    expect(text).not.toMatch(/sendError\(\s*\w+,\s*\d{3}\b/);
    expect(text).not.toMatch(/new \w+Error\(\s*\d{3},\s*"[A-Z_]+"/);
    // A decision on our own error's message text instead of its code.
    expect(text).not.toMatch(/\.message\)?\.(test|match|includes|startsWith)\(|\.test\(String\([\w?.]*message/);
  });
});
