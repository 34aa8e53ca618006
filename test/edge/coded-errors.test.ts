/**
 * @module The edge's errors inside workerd are CodedErrors (shared/coded-error.ts) with their own name,
 * code, table status and cause (the source scan of every class is test/origin/coded-errors.test.ts).
 */
import { describe, expect, it } from "vitest";
import { EdgeError } from "../../edge/errors.ts";
import { DeadlineError } from "../../edge/rate/deadline.ts";
import { CodedError } from "../../shared/coded-error.ts";

describe("the edge's errors", () => {
  it("are CodedErrors with their name, code, status and cause", () => {
    const tooLarge = new EdgeError("BODY_TOO_LARGE");
    expect(tooLarge).toBeInstanceOf(CodedError);
    expect(tooLarge).toMatchObject({ name: "EdgeError", code: "BODY_TOO_LARGE", status: 413 });
    const cause = new Error("socket closed");
    const internal = new EdgeError("INTERNAL", undefined, { cause });
    expect(internal.cause).toBe(cause);
    expect(internal.status).toBe(500);
    const deadline = new DeadlineError(3000);
    expect(deadline).toBeInstanceOf(CodedError);
    expect(deadline).toMatchObject({ name: "DeadlineError", code: "DATABASE_DEADLINE" });
    expect(deadline.message).toBe("the database did not answer within 3000 ms");
  });
});
