/**
 * @module Calling the Worker inside workerd with chosen bindings, and waiting for its waitUntil work.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { EdgeBindings } from "../../edge/env.ts";
import worker from "../../edge/index.ts";

export const PUSH_SECRET = "test-push-secret-0123456789abcdef";

/** Sends `request` to the Worker with the test bindings plus `overrides`, and waits for waitUntil. */
export async function callEdge(request: Request, overrides: Partial<EdgeBindings> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, BONAFIDE_PUSH_SECRET: PUSH_SECRET, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** GET `path` on the edge. */
export function get(path: string, init: RequestInit = {}, overrides: Partial<EdgeBindings> = {}): Promise<Response> {
  return callEdge(new Request(`https://edge.test${path}`, init), overrides);
}

/** A database URL that nothing answers on (the edge must degrade, not crash). */
export const DEAD_DATABASE_URL = "http://nobody:nothing@127.0.0.1:9";

/**
 * The same test database as `edgeUrl` (`http://<db>:test@…`, the edge's least-privilege user) with the
 * server's credentials (password `setup`, test/support/global-setup.ts): for a test's own seeding and
 * inspection, which the edge's grants rightly refuse.
 */
export function setupDatabaseUrl(edgeUrl: string): string {
  const url = new URL(edgeUrl);
  url.password = "setup";
  return url.toString();
}

export { storedRating } from "../support/stored-rating.ts";
