/**
 * @module Pushing a refreshed page to the edge (contract §2): the rating push's signed POST
 * (origin/rater/push.ts `postSigned`, shared/signing.ts) to `/_bonafide/internal/pages`, and what each
 * answer means for the job.
 */
import { PAGE_PUSH_PATH, type PagePushBody } from "../../../shared/page-jobs.ts";
import { postSigned } from "../../rater/push.ts";
import { RefreshRetryError } from "./render.ts";

/** How a push ended, when it ended the job. */
export type PushOutcome = "stored" | "skipped" | "refused";

/**
 * Sends `body`; resolves `stored`/`skipped` (200: stored, or the edge holds a newer page) or `refused` (413,
 * 422: the edge will never store this answer — retrying cannot help, the job ends). Anything else — no
 * answer, 5xx, 401 (a secret that does not match: fixable by configuration), 409, 400 — throws
 * RefreshRetryError, so the job is retried with back-off and, after its last attempt, buried with the reason.
 */
export async function pushPage(edgeUrl: string, secret: string, body: PagePushBody): Promise<PushOutcome> {
  let answer: { status: number; text: string };
  try {
    answer = await postSigned(edgeUrl, secret, PAGE_PUSH_PATH, JSON.stringify(body));
  } catch (error) {
    throw new RefreshRetryError("PUSH_UNREACHABLE", (error as Error).message);
  }
  const { status, text } = answer;
  if (status === 200) return /"skipped"\s*:\s*[1-9]/.test(text) ? "skipped" : "stored";
  if (status === 413 || status === 422) return "refused";
  throw new RefreshRetryError(
    status >= 500 ? "PUSH_5XX" : "PUSH_REFUSED",
    `the edge answered the page push with ${status}: ${text.slice(0, 200)}`,
  );
}
