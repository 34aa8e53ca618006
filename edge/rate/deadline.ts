/**
 * @module A bound on how long the edge waits for MySQL: a rating answer comes within seconds or not at all
 * from the database (cached ratings are still served; the rest are W items to ask again).
 */
import { CodedError } from "../../shared/coded-error.ts";

/** How long one database statement may take before the edge answers without it. */
export const DATABASE_DEADLINE_MS = 3_000;

/** Thrown when `withDeadline` gives up; the statement may still finish in the background. */
export class DeadlineError extends CodedError<"DATABASE_DEADLINE"> {
  constructor(ms: number) {
    super("DATABASE_DEADLINE", `the database did not answer within ${ms} ms`);
  }
}

/** `promise`, or a DeadlineError after `ms`, whichever comes first; the timer never outlives the race. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
