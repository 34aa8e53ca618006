import { describe, expect, it } from "vitest";
import { MAX_REGEX_PATH_LENGTH, MAX_TABLE_REGEX_COST, REGEX_STEP_BUDGET } from "../../shared/rules/budget.ts";
import { hopRules, hostileRules, limitRules } from "../support/regex-attack.ts";
import { callEdge } from "./helpers.ts";

// Issue 11 item 2 inside workerd: one anonymous request must not keep the edge busy for long, whatever the rules.
const admin = (method: string, path: string, body: unknown) =>
  callEdge(
    new Request(`https://edge.test/_bonafide/rules${path}`, {
      method,
      headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
const get = (path: string) => callEdge(new Request(`https://edge.test${path}`));
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("regex work per request at the edge", () => {
  it("refuses the issue's table at publish with 422 naming every rule, and publishes nothing", async () => {
    const res = await admin("PUT", "", { rules: hostileRules(200) });
    expect(res.status).toBe(422);
    const problems = ((await res.json()) as { error: { problems: { rule: string; code: string }[] } }).error.problems;
    const named = (code: string) => new Set(problems.filter((p) => p.code === code).map((p) => p.rule));
    expect(named("REGEX_TOO_COSTLY").size).toBe(200);
    expect(named("REGEX_TABLE_TOO_COSTLY").size).toBe(200);
    expect((await get(`/${"a".repeat(8000)}!`)).headers.get("x-bonafide-rules-version")).toBeNull();
  });

  it("answers a long hostile path within the budget under a table at the limit; 414 above the length, 503 when spent", async () => {
    // Two rules alive on every character of a run of letters, just under the table limit together, and a
    // chain of ten cheap rewrites that makes the heavy ones run again on each hop.
    const published = await admin("PUT", "", { rules: limitRules() });
    expect(published.status, await published.clone().text()).toBe(201);

    // The longest path regexes look at, built to keep both heavy regexes busy: one round, inside the budget.
    const hostile = `/echo/${"a".repeat(MAX_REGEX_PATH_LENGTH - 7)}!`;
    const dryRun = await admin("POST", "/test", { url: `https://edge.test${hostile}` });
    const evaluation = (await dryRun.json()) as { regexSteps: number; outcome: { type: string } };
    expect(evaluation.outcome.type).toBe("continue");
    expect(evaluation.regexSteps).toBeGreaterThan(200 * hostile.length);
    expect(evaluation.regexSteps).toBeLessThanOrEqual(MAX_TABLE_REGEX_COST * (hostile.length + 1));
    expect(evaluation.regexSteps).toBeLessThanOrEqual(REGEX_STEP_BUDGET);
    const served = await get(hostile);
    expect(served.status).toBe(200); // no rule matched: the page origin answered
    expect(((await served.json()) as { url: string }).url).toBe(hostile);

    const tooLong = await get(`/echo/${"a".repeat(MAX_REGEX_PATH_LENGTH)}`);
    expect(tooLong.status).toBe(414);
    expect(tooLong.headers.get("x-bonafide-rules-version")).not.toBeNull();
    expect(await errorOf(tooLong)).toMatchObject({ code: "RULES_PATH_TOO_LONG" });

    const spent = await get(`/r0/${"a".repeat(2000)}`);
    expect(spent.status).toBe(503);
    expect(await errorOf(spent)).toMatchObject({ code: "RULES_BUDGET_EXCEEDED" });
    expect(spent.headers.get("x-bonafide-rule")).toMatch(/^hop-0, hop-1, /); // it got through rounds first
    expect((await get("/r0/aaaa")).headers.get("x-bonafide-rule")).toBe(hopRules.map((h) => h.id).join(", "));
  });
});
